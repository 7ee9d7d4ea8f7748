'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { TextField } from '@/components/admin/form-parts';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import type { FormStatusValue } from '@/components/ui/use-form-errors';
import { TextLink } from '@/components/ui/text-link';
import type { ServerAction } from '@/lib/actions/result';
import { type SetPasswordInput, setPasswordSchema } from '@/lib/auth/password-link-schema';
import { buttonClass, useMailErrorText } from './error-text';

const FIELDS = ['password', 'confirmPassword'] as const;

/** The new password, typed twice, for a one-time link (the token rides along, hidden). */
export function SetPasswordForm({
  token,
  setAction,
}: {
  token: string;
  setAction: ServerAction<{ login: string }>;
}) {
  const t = useTranslations('mail.passwordLink');
  const tAction = useTranslations('actionErrors');
  const errorText = useMailErrorText();
  const [status, setStatus] = useState<FormStatusValue>(null);
  const [done, setDone] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SetPasswordInput>({
    resolver: zodResolver(setPasswordSchema),
    defaultValues: { token, password: '', confirmPassword: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await setAction(values);
    if (result.status === 'success') {
      setDone(true);
      setStatus({ kind: 'success', text: t('setDone', { login: result.data.login }) });
      return;
    }
    const fieldErrors = result.fieldErrors ?? {};
    for (const field of FIELDS) {
      const key = fieldErrors[field]?.[0];
      if (key) setError(field, { message: key });
    }
    const tokenKey = fieldErrors.token?.[0];
    setStatus({ kind: 'error', text: tokenKey ? (errorText(tokenKey) ?? '') : tAction(result.code) });
  });
  if (done)
    return (
      <div className="space-y-4">
        <FormStatus status={status} />
        <TextLink href="/login">{t('backToLogin')}</TextLink>
      </div>
    );
  return (
    <Form noValidate onSubmit={onSubmit} className="space-y-5">
      <input type="hidden" {...register('token')} />
      <TextField
        id="new-password"
        type="password"
        label={t('password')}
        required
        autoComplete="new-password"
        error={errorText(errors.password?.message)}
        registration={register('password')}
      />
      <TextField
        id="confirm-password"
        type="password"
        label={t('confirmPassword')}
        required
        autoComplete="new-password"
        error={errorText(errors.confirmPassword?.message)}
        registration={register('confirmPassword')}
      />
      <button type="submit" disabled={isSubmitting} className={`w-full ${buttonClass}`}>
        {t('setSubmit')}
      </button>
      <FormStatus status={status} />
    </Form>
  );
}
