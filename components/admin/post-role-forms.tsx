'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import type { ServerAction } from '@/lib/actions/result';
import { DataTable, TableHead } from '@/components/ui/table';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { type GrantPostRoleInput, ROLE_KINDS, grantPostRoleSchema } from '@/lib/admin/people-schema';
import { ConfirmButton } from './confirm-dialog';
import {
  FocusableStatus,
  type Status,
  SelectField,
  SubmitButton,
  idOrNull,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { Form } from '@/components/ui/form';

export type ScopedKind = Exclude<GrantPostRoleInput['role'], 'admin'>;
export type TargetOptions = Record<ScopedKind, { id: number; label: string }[]>;

/**
 * Gives the post a role: administrator, or the owner of a goal, coordinator of a program, executor
 * of a task chosen from the list (each option says which post answers for it now).
 */
export function GrantRoleForm({
  postId,
  version: renderedVersion,
  targets,
  grantPostRoleAction,
}: {
  postId: number;
  version: number;
  targets: TargetOptions;
  grantPostRoleAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('people.posts');
  const tRoles = useTranslations('people.roles');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(renderedVersion);
  const [status, setStatus] = useState<Status>(null);
  const initial: GrantPostRoleInput = { postId, version: renderedVersion, role: 'executor', targetId: null };
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    reset,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<GrantPostRoleInput>({ resolver: zodResolver(grantPostRoleSchema), defaultValues: initial });
  useUnsavedWarning(isDirty);
  const role = useWatch({ control, name: 'role' });

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await grantPostRoleAction({ ...values, version });
    if (result.status === 'success') {
      setVersion(result.data.version);
      reset({ ...initial, role: values.role });
      setStatus({ kind: 'success', text: t('granted') });
      router.refresh();
      return;
    }
    setStatus(handleError(result, ['role', 'targetId'], setError));
  });

  const roleField = register('role', {
    // Another kind has other targets: the previous choice no longer applies.
    onChange: () => setValue('targetId', null),
  });
  return (
    <Form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <SelectField
        id="grant-role"
        label={t('roleKind')}
        required
        error={errorText(errors.role?.message)}
        registration={roleField}
      >
        {ROLE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {tRoles(kind)}
          </option>
        ))}
      </SelectField>
      {role === 'admin' ? (
        <p className="self-end text-sm text-slate-700">{t('adminHint')}</p>
      ) : (
        <SelectField
          id="grant-target"
          label={t('target')}
          required
          hint={t('targetHint')}
          error={errorText(errors.targetId?.message)}
          registration={register('targetId', { setValueAs: idOrNull })}
        >
          <option value="">{tCommon('choose')}</option>
          {targets[role].map((target) => (
            <option key={target.id} value={target.id}>
              {target.label}
            </option>
          ))}
        </SelectField>
      )}
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>{t('grant')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}

/**
 * The post's current roles, each with its "end" button (asked first). One status line under the
 * table, because the ended role's row goes away with its button; focus moves to that line.
 */
export function CurrentRolesTable({
  postId,
  version,
  caption,
  roles,
  endPostRoleAction,
}: {
  postId: number;
  version: number;
  caption: string;
  roles: { id: number; roleLabel: string; scopeLabel: string; since: string }[];
  endPostRoleAction: ServerAction;
}) {
  const t = useTranslations('people.posts');
  const tAction = useTranslations('actionErrors');
  const errorText = useErrorText();
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  const end = (roleId: number) => async () => {
    setStatus(null);
    const result = await endPostRoleAction({ postId, version, roleId });
    if (result.status === 'success') {
      setStatus({ kind: 'success', text: t('roleEnded') });
      router.refresh();
      return;
    }
    const fieldMessage = result.fieldErrors && Object.values(result.fieldErrors)[0]?.[0];
    setStatus({ kind: 'error', text: fieldMessage ? (errorText(fieldMessage) ?? '') : tAction(result.code) });
  };

  return (
    <div className="space-y-3">
      {roles.length === 0 ? (
        <p>{t('noCurrentRoles')}</p>
      ) : (
        <DataTable caption={caption}>
          <TableHead
            columns={[
              { label: t('role') },
              { label: t('scope') },
              { label: t('since') },
              { label: t('actions') },
            ]}
          />
          <tbody>
            {roles.map((role) => (
              <tr key={role.id} className="border-b border-slate-200 align-top">
                <th scope="row" className="py-2 pr-3 text-left font-medium">
                  {role.roleLabel}
                </th>
                <td className="py-2 pr-3">{role.scopeLabel}</td>
                <td className="py-2 pr-3 whitespace-nowrap">{role.since}</td>
                <td className="py-2 pr-3">
                  <ConfirmButton
                    label={t('endRole')}
                    ariaLabel={t('endRoleLabel', { role: role.roleLabel, scope: role.scopeLabel })}
                    title={t('endRoleTitle')}
                    text={t('endRoleText', { role: role.roleLabel, scope: role.scopeLabel })}
                    confirmLabel={t('endRole')}
                    focusAfterConfirm={statusRef}
                    className="rounded border border-red-700 bg-white px-3 py-1 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
                    onConfirm={end(role.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <FocusableStatus status={status} focusRef={statusRef} />
    </div>
  );
}
