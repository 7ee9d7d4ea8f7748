'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { resetPasswordAction } from '@/app/(app)/admin/users/actions';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { type ResetPasswordInput, resetPasswordSchema } from '@/lib/admin/people-schema';
import { type Status, SubmitButton, TextField, useErrorText, useResultHandler } from './form-parts';

const FIELDS = ['password', 'confirmPassword'] as const;

/** The admin types a new password for someone who forgot theirs; their sessions end. */
export function ResetPasswordForm({ id }: { id: number }) {
  const t = useTranslations('people.users');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const empty = { id, password: '', confirmPassword: '' };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<ResetPasswordInput>({ resolver: zodResolver(resetPasswordSchema), defaultValues: empty });
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await resetPasswordAction(values);
    if (result.status === 'success') {
      // The password is never kept on screen after it was set.
      reset(empty);
      setStatus({ kind: 'success', text: t('passwordSet', { count: result.data.revokedSessions }) });
      router.refresh();
      return;
    }
    setStatus(handleError(result, FIELDS, setError));
  });

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <TextField
        id="reset-password"
        label={t('newPassword')}
        type="password"
        required
        autoComplete="new-password"
        hint={t('passwordHint')}
        error={errorText(errors.password?.message)}
        registration={register('password')}
      />
      <TextField
        id="reset-password-confirm"
        label={t('confirmPassword')}
        type="password"
        required
        autoComplete="new-password"
        error={errorText(errors.confirmPassword?.message)}
        registration={register('confirmPassword')}
      />
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>{t('setPassword')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </form>
  );
}
