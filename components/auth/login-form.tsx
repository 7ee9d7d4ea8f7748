'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useRef, useState } from 'react';
import type { LoginInput } from '@/lib/auth/login-schema';
import { LOGIN_THROTTLED } from '@/lib/auth/login-throttled';
import { signInWithPassword } from '@/lib/auth/browser-session';
import { lazySchema } from '@/components/ui/lazy-schema';
import { RequiredMark } from '@/components/ui/required-mark';
import { Form } from '@/components/ui/form';

/** Only a path of this site may follow the sign-in (no open redirect). */
function safeCallback(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : '/';
}

const FIELDS = ['login', 'password'] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string>>;

/** The validation code (zod and the schema) loads when the form is first checked, not with the page. */
const schema = lazySchema<LoginInput>(() =>
  import('@/lib/auth/login-schema').then((module) => module.loginSchema),
);

/** The form's input checked with the server's schema: the values, or each field's first error key. */
async function check(form: HTMLFormElement): Promise<{ values: LoginInput } | { errors: FieldErrors }> {
  const data = new FormData(form);
  const result = (await schema()).safeParse({ login: data.get('login'), password: data.get('password') });
  if (result.success) return { values: result.data };
  // The errors as the server reports them (`path → keys`); zod is configured by now (schema()).
  const { fieldErrorsOf } = await import('@/lib/validation');
  const byPath = fieldErrorsOf(result.error);
  const errors: FieldErrors = {};
  for (const name of FIELDS) {
    const key = byPath[name]?.[0];
    if (key) errors[name] = key;
  }
  return { errors };
}

/**
 * The sign-in form: two fields, checked with the server's schema (lib/auth/login-schema.ts) at
 * submit and, after a first submit, as the user corrects them. No form library: this is the page
 * everyone loads first, and react-hook-form (13.7 kB gzip) would be a tenth of its JavaScript
 * (issue 28).
 */
export function LoginForm({ callbackUrl }: { callbackUrl: string | null }) {
  const t = useTranslations('login');
  const [formError, setFormError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const submitted = useRef(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    submitted.current = true;
    setFormError(null);
    setSubmitting(true);
    try {
      const checked = await check(form);
      if ('errors' in checked) {
        setErrors(checked.errors);
        // As a form library would: the first field in error takes the focus.
        const first = FIELDS.find((name) => checked.errors[name]);
        const field = first ? form.elements.namedItem(first) : null;
        if (field instanceof HTMLInputElement) field.focus();
        return;
      }
      setErrors({});
      const result = await signInWithPassword(checked.values);
      if (!result.ok) {
        // Too many failures for this login (real or not): the server did not check the password.
        setFormError(result.error === LOGIN_THROTTLED ? t('throttled') : t('invalid'));
        return;
      }
      // A full navigation, so that every server component renders with the new session.
      window.location.assign(safeCallback(callbackUrl));
    } catch {
      setFormError(t('failed'));
    } finally {
      setSubmitting(false);
    }
  };

  /** After a first submit, the errors follow what the user types. */
  const onInput = async (event: FormEvent<HTMLFormElement>) => {
    if (!submitted.current) return;
    const checked = await check(event.currentTarget).catch(() => null);
    if (checked) setErrors('errors' in checked ? checked.errors : {});
  };

  return (
    <Form onSubmit={onSubmit} onInput={onInput} noValidate className="space-y-5">
      <div role="alert" aria-live="assertive" className="min-h-0">
        {formError && (
          <p className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
            {formError}
          </p>
        )}
      </div>
      {FIELDS.map((name) => {
        const key = errors[name];
        const error = key ? t(`errors.${key}` as 'errors.required') : null;
        return (
          <div key={name} className="space-y-1">
            <label htmlFor={name} className="block text-sm font-medium text-slate-800">
              {t(name)}
              <RequiredMark />
            </label>
            <input
              id={name}
              name={name}
              aria-required
              type={name === 'password' ? 'password' : 'text'}
              autoComplete={name === 'password' ? 'current-password' : 'username'}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${name}-error` : undefined}
              className="block w-full rounded border border-slate-500 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-600"
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
        disabled={submitting}
        className="w-full rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-70"
      >
        {submitting ? t('submitting') : t('submit')}
      </button>
    </Form>
  );
}
