'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import type { ServerAction } from '@/lib/actions/result';
import { type CreatePostInput, createPostSchema } from '@/lib/admin/people-schema';
import { ConfirmButton } from './confirm-dialog';
import {
  FocusableStatus,
  type Status,
  SelectField,
  SubmitButton,
  TextField,
  idOrNull,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { Form } from '@/components/ui/form';

const FIELDS = ['name', 'function', 'departmentId'] as const;

/**
 * A new post (no `post`), or the name, function and department of one. The page hands in
 * `saveAction`: the create action for a new post, the update action for an edit.
 */
export function PostForm({
  post,
  departments,
  saveAction,
}: {
  post?: { id: number; version: number; name: string; function: string | null; departmentId: number | null };
  departments: { id: number; name: string }[];
  saveAction: ServerAction;
}) {
  const t = useTranslations('people.posts');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(post?.version ?? 0);
  const [status, setStatus] = useState<Status>(null);
  const prefix = post ? 'post' : 'new-post';
  const empty: CreatePostInput = { name: '', function: '', departmentId: null };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<CreatePostInput>({
    resolver: zodResolver(createPostSchema),
    defaultValues: post
      ? { name: post.name, function: post.function ?? '', departmentId: post.departmentId }
      : empty,
  });
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = post ? await saveAction({ ...values, id: post.id, version }) : await saveAction(values);
    if (result.status === 'success') {
      const saved = result.data as { version?: number };
      if (saved.version) setVersion(saved.version);
      reset(post ? values : empty);
      setStatus({
        kind: 'success',
        text: post ? tCommon('saved') : t('created', { name: values.name.trim() }),
      });
      router.refresh();
      return;
    }
    setStatus(handleError(result, FIELDS, setError));
  });

  return (
    <Form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <TextField
        id={`${prefix}-name`}
        label={t('name')}
        required
        className="sm:col-span-2"
        hint={t('nameHint')}
        error={errorText(errors.name?.message)}
        registration={register('name')}
      />
      <TextField
        id={`${prefix}-function`}
        label={`${t('function')} ${tCommon('optional')}`}
        hint={t('functionHint')}
        error={errorText(errors.function?.message)}
        registration={register('function')}
      />
      <SelectField
        id={`${prefix}-department`}
        label={`${t('department')} ${tCommon('optional')}`}
        error={errorText(errors.departmentId?.message)}
        registration={register('departmentId', { setValueAs: idOrNull })}
      >
        <option value="">{tCommon('noDepartment')}</option>
        {departments.map((department) => (
          <option key={department.id} value={department.id}>
            {department.name}
          </option>
        ))}
      </SelectField>
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>{post ? tCommon('save') : t('create')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}

/**
 * Archiving a post ends its holding and its roles; asked first. Rendered for an archived post too
 * (without the button), so that the result stays on screen.
 */
export function ArchivePostButton({
  post,
  archivePostAction,
}: {
  post: { id: number; version: number; name: string; archived: boolean };
  archivePostAction: ServerAction;
}) {
  const t = useTranslations('people.posts');
  const tAction = useTranslations('actionErrors');
  const errorText = useErrorText();
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  return (
    <div className="space-y-3">
      {!post.archived && (
        <ConfirmButton
          label={t('archive')}
          title={t('archiveTitle', { name: post.name })}
          text={t('archiveText')}
          confirmLabel={t('archive')}
          focusAfterConfirm={statusRef}
          onConfirm={async () => {
            const result = await archivePostAction({ id: post.id, version: post.version });
            if (result.status === 'success') {
              setStatus({ kind: 'success', text: t('archived') });
              router.refresh();
              return;
            }
            const fieldMessage = result.fieldErrors && Object.values(result.fieldErrors)[0]?.[0];
            setStatus({
              kind: 'error',
              text: fieldMessage ? (errorText(fieldMessage) ?? '') : tAction(result.code),
            });
          }}
        />
      )}
      <FocusableStatus status={status} focusRef={statusRef} />
    </div>
  );
}
