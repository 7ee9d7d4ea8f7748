'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import type { ServerAction } from '@/lib/actions/result';
import { type CreateDepartmentInput, createDepartmentSchema } from '@/lib/admin/people-schema';
import { ConfirmButton } from './confirm-dialog';
import {
  FocusableStatus,
  type Status,
  SubmitButton,
  TextField,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { Form } from '@/components/ui/form';

const FIELDS = ['name', 'abbreviation'] as const;

/**
 * A new department (no `department`), or the renaming of one. The same schema's name and
 * abbreviation rules in both; the server adds the id and version check for an edit. The page hands
 * in `saveAction`: the create action for a new department, the update action for an edit.
 */
export function DepartmentForm({
  department,
  saveAction,
}: {
  department?: { id: number; version: number; name: string; abbreviation: string | null };
  saveAction: ServerAction;
}) {
  const t = useTranslations('people.departments');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(department?.version ?? 0);
  const [status, setStatus] = useState<Status>(null);
  const prefix = department ? `department-${department.id}` : 'new-department';
  const initial = { name: department?.name ?? '', abbreviation: department?.abbreviation ?? '' };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<CreateDepartmentInput>({
    resolver: zodResolver(createDepartmentSchema),
    defaultValues: initial,
  });
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = department
      ? await saveAction({ ...values, id: department.id, version })
      : await saveAction(values);
    if (result.status === 'success') {
      const saved = result.data as { version?: number };
      if (saved.version) setVersion(saved.version);
      reset(department ? values : { name: '', abbreviation: '' });
      setStatus({
        kind: 'success',
        text: department ? tCommon('saved') : t('created', { name: values.name.trim() }),
      });
      router.refresh();
      return;
    }
    setStatus(handleError(result, FIELDS, setError));
  });

  return (
    <Form noValidate onSubmit={onSubmit} className="flex flex-wrap items-start gap-4">
      <TextField
        id={`${prefix}-name`}
        label={t('name')}
        required
        className="min-w-[min(16rem,100%)] flex-1"
        error={errorText(errors.name?.message)}
        registration={register('name')}
      />
      <TextField
        id={`${prefix}-abbreviation`}
        label={`${t('abbreviation')} ${tCommon('optional')}`}
        className="w-40"
        hint={t('abbreviationHint')}
        error={errorText(errors.abbreviation?.message)}
        registration={register('abbreviation')}
      />
      <div className="basis-full space-y-3">
        <SubmitButton pending={isSubmitting}>{department ? tCommon('save') : t('create')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}

/**
 * Archiving a department, after a confirmation. Rendered for archived rows too (without the
 * button), so that the result stays on screen after the row changes.
 */
export function ArchiveDepartmentButton({
  department,
  archiveDepartmentAction,
}: {
  department: { id: number; version: number; name: string; archived: boolean };
  archiveDepartmentAction: ServerAction;
}) {
  const t = useTranslations('people.departments');
  const tAction = useTranslations('actionErrors');
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  return (
    <div className="space-y-2">
      {!department.archived && (
        <ConfirmButton
          label={t('archive')}
          ariaLabel={t('archiveLabel', { name: department.name })}
          title={t('archiveTitle', { name: department.name })}
          text={t('archiveText')}
          confirmLabel={t('archive')}
          focusAfterConfirm={statusRef}
          className="rounded border border-red-700 bg-white px-3 py-1 text-sm font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
          onConfirm={async () => {
            const result = await archiveDepartmentAction({ id: department.id, version: department.version });
            if (result.status === 'success') {
              setStatus({ kind: 'success', text: t('archived', { name: department.name }) });
              router.refresh();
            } else {
              setStatus({ kind: 'error', text: tAction(result.code) });
            }
          }}
        />
      )}
      <FocusableStatus status={status} focusRef={statusRef} />
    </div>
  );
}
