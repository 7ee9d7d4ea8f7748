'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { LoginInput } from '@/lib/auth/login-schema';
import { LOGIN_THROTTLED } from '@/lib/auth/login-throttled';
import { signInWithPassword } from '@/lib/auth/browser-session';
import { lazyZodResolver } from '@/components/ui/lazy-zod-resolver';
import { RequiredMark } from '@/components/ui/required-mark';
import { Form } from '@/components/ui/form';

/** Only a path of this site may follow the sign-in (no open redirect). */
function safeCallback(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/';
}

/** The validation code (zod and the schema) loads when the form is first checked, not with the page. */
const resolver = lazyZodResolver<LoginInput>(() =>
  import('@/lib/auth/login-schema').then((module) => module.loginSchema),
);

export function LoginForm({ callbackUrl }: { callbackUrl: string | null }) {
  const t = useTranslations('login');
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginInput>({ resolver, defaultValues: { login: '', password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const result = await signInWithPassword(values);
      if (!result.ok) {
        // Too many failures for this login (real or not): the server did not check the password.
        setFormError(result.error === LOGIN_THROTTLED ? t('throttled') : t('invalid'));
        return;
      }
      // A full navigation, so that every server component renders with the new session.
      window.location.assign(safeCallback(callbackUrl));
    } catch {
      setFormError(t('failed'));
    }
  });

  const fieldError = (name: keyof LoginInput) => {
    const message = errors[name]?.message;
    return message ? t(`errors.${message}` as 'errors.required') : null;
  };

  return (
    <Form onSubmit={onSubmit} noValidate className="space-y-5">
      <div role="alert" aria-live="assertive" className="min-h-0">
        {formError && (
          <p className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
            {formError}
          </p>
        )}
      </div>
      {(['login', 'password'] as const).map((name) => {
        const error = fieldError(name);
        return (
          <div key={name} className="space-y-1">
            <label htmlFor={name} className="block text-sm font-medium text-slate-800">
              {t(name)}
              <RequiredMark />
            </label>
            <input
              id={name}
              aria-required
              type={name === 'password' ? 'password' : 'text'}
              autoComplete={name === 'password' ? 'current-password' : 'username'}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${name}-error` : undefined}
              className="block w-full rounded border border-slate-500 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600"
              {...register(name)}
            />
            {error && (
              <p id={`${name}-error`} className="text-sm text-red-700">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-70"
      >
        {isSubmitting ? t('submitting') : t('submit')}
      </button>
    </Form>
  );
}
