'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { TextField } from '@/components/admin/form-parts';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import type { FormStatusValue } from '@/components/ui/use-form-errors';
import type { ServerAction } from '@/lib/actions/result';
import { type ForgotPasswordInput, forgotPasswordSchema } from '@/lib/auth/password-link-schema';
import { buttonClass, useMailErrorText } from './error-text';

/** "Forgot password": one sentence whatever the login, unless the login's tries are throttled. */
export function ForgotPasswordForm({
  requestAction,
}: {
  requestAction: ServerAction<{ throttled: boolean }>;
}) {
  const t = useTranslations('mail.passwordLink');
  const tAction = useTranslations('actionErrors');
  const errorText = useMailErrorText();
  const [status, setStatus] = useState<FormStatusValue>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ForgotPasswordInput>({
    resolver: zodResolver(forgotPasswordSchema),
    defaultValues: { login: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await requestAction(values);
    if (result.status === 'success') {
      setStatus(
        result.data.throttled
          ? { kind: 'error', text: t('throttled') }
          : { kind: 'success', text: t('sent') },
      );
      return;
    }
    if (result.fieldErrors?.login?.[0]) setError('login', { message: result.fieldErrors.login[0] });
    setStatus({ kind: 'error', text: tAction(result.code) });
  });
  return (
    <Form noValidate onSubmit={onSubmit} className="space-y-5">
      <TextField
        id="forgot-login"
        label={t('login')}
        required
        autoComplete="username"
        error={errorText(errors.login?.message)}
        registration={register('login')}
      />
      <button type="submit" disabled={isSubmitting} className={`w-full ${buttonClass}`}>
        {t('send')}
      </button>
      <FormStatus status={status} />
    </Form>
  );
}
