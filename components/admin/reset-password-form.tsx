'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import type { ServerAction } from '@/lib/actions/result';
import { type ResetPasswordInput, resetPasswordSchema } from '@/lib/admin/people-schema';
import type { SignInMethod } from '@/lib/admin/people-schema';
import {
  type Status,
  SignInField,
  SubmitButton,
  TextField,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { Form } from '@/components/ui/form';

const FIELDS = ['signIn', 'password', 'confirmPassword'] as const;

/**
 * How an account signs in: the admin types a new password for someone who forgot theirs, or moves
 * the account to (or off) the directory. Either way the person's sessions end.
 */
export function ResetPasswordForm({
  id,
  signIn,
  directoryConfigured,
  resetPasswordAction,
}: {
  id: number;
  signIn: SignInMethod;
  directoryConfigured: boolean;
  resetPasswordAction: ServerAction<{ revokedSessions: number }>;
}) {
  const t = useTranslations('people.users');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const empty: ResetPasswordInput = { id, signIn, password: '', confirmPassword: '' };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<ResetPasswordInput>({ resolver: zodResolver(resetPasswordSchema), defaultValues: empty });
  const chosen = useWatch({ control, name: 'signIn' });
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await resetPasswordAction(values);
    if (result.status === 'success') {
      // The password is never kept on screen after it was set.
      reset({ ...empty, signIn: values.signIn });
      const done = values.signIn === 'password' ? 'passwordSet' : 'directorySet';
      setStatus({ kind: 'success', text: t(done, { count: result.data.revokedSessions }) });
      router.refresh();
      return;
    }
    setStatus(handleError(result, FIELDS, setError));
  });

  return (
    <Form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <SignInField
        idPrefix="reset"
        registration={register('signIn')}
        directoryConfigured={directoryConfigured}
        error={errorText(errors.signIn?.message)}
      />
      {chosen === 'password' && (
        <>
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
        </>
      )}
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>
          {chosen === 'password' ? t('setPassword') : t('setDirectory')}
        </SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
