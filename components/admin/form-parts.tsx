'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, type RefObject } from 'react';
import { FormStatus } from '@/components/ui/form-status';
import type { FieldValues, Path, UseFormSetError, UseFormRegisterReturn } from 'react-hook-form';
import type { ActionResult } from '@/lib/actions/result';
import { RequiredMark } from '@/components/ui/required-mark';
import { STALE_FORM, placeFieldErrors } from '@/lib/actions/field-errors';

/*
 * The pieces every form of the people screens shares: a labelled field with its hint and error
 * (aria-invalid, aria-describedby), the submit button with its pending state, and the mapping of
 * an action's result onto the form.
 */

export type Status = { kind: 'success' | 'error'; text: string } | null;

export const inputClass =
  'block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600';

/** A message key of `people.errors` as text; an unknown key shows as a generic "invalid value". */
export function useErrorText() {
  const t = useTranslations('people.errors');
  return (key: string | undefined): string | undefined => {
    if (!key) return undefined;
    const known = key as Parameters<typeof t>[0];
    return t.has(known) ? t(known) : t('invalid');
  };
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
}

function FieldFrame({
  id,
  label,
  error,
  hint,
  required,
  className = '',
  children,
}: FieldProps & { children: ReactNode }) {
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required && <RequiredMark />}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  registration,
  type = 'text',
  autoComplete,
  ...props
}: FieldProps & { registration: UseFormRegisterReturn; type?: string; autoComplete?: string }) {
  return (
    <FieldFrame {...props}>
      <input
        id={props.id}
        type={type}
        autoComplete={autoComplete}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.error, props.hint)}
        aria-required={props.required || undefined}
        className={inputClass}
        {...registration}
      />
    </FieldFrame>
  );
}

export function SelectField({
  registration,
  children,
  ...props
}: FieldProps & { registration: UseFormRegisterReturn; children: ReactNode }) {
  return (
    <FieldFrame {...props}>
      <select
        id={props.id}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.error, props.hint)}
        aria-required={props.required || undefined}
        className={inputClass}
        {...registration}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/**
 * How an account signs in: radio buttons in a fieldset whose legend names the question. The
 * directory choice says so when no directory is configured (such an account cannot sign in yet).
 */
export function SignInField({
  idPrefix,
  registration,
  directoryConfigured,
  error,
}: {
  idPrefix: string;
  registration: UseFormRegisterReturn;
  directoryConfigured: boolean;
  error?: string;
}) {
  const t = useTranslations('people.users');
  const errorId = `${idPrefix}-signIn-error`;
  const choices = [
    { value: 'password', label: t('signInPassword'), hint: t('signInPasswordHint') },
    {
      value: 'directory',
      label: t('signInDirectory'),
      hint: directoryConfigured ? t('signInDirectoryHint') : t('signInDirectoryMissing'),
    },
  ] as const;
  return (
    <fieldset
      className="space-y-2 sm:col-span-2"
      aria-describedby={error ? errorId : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="text-sm font-medium">
        {t('signIn')}
        <RequiredMark />
      </legend>
      {choices.map((choice) => (
        <div key={choice.value} className="flex items-start gap-2">
          <input
            id={`${idPrefix}-signIn-${choice.value}`}
            type="radio"
            value={choice.value}
            aria-describedby={`${idPrefix}-signIn-${choice.value}-hint`}
            className="mt-1 size-4 accent-brand-700"
            {...registration}
          />
          <div>
            <label htmlFor={`${idPrefix}-signIn-${choice.value}`} className="font-medium">
              {choice.label}
            </label>
            <p id={`${idPrefix}-signIn-${choice.value}-hint`} className="text-sm text-slate-600">
              {choice.hint}
            </p>
          </div>
        </div>
      ))}
      {error && (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A select's value as an id, "" (the "none" option) as null. */
export const idOrNull = (value: unknown) => (value === '' || value === null ? null : Number(value));

export const primaryButton =
  'rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60';
export const dangerButton =
  'rounded border border-red-700 bg-white px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60';
export const secondaryButton =
  'rounded border border-slate-500 bg-white px-4 py-2 font-semibold text-slate-800 hover:bg-slate-100 disabled:opacity-60';

/** A submit button that says it is working and cannot be pressed twice. */
export function SubmitButton({
  pending,
  children,
  className = primaryButton,
}: {
  pending: boolean;
  children: ReactNode;
  className?: string;
}) {
  const t = useTranslations('people.common');
  return (
    <button type="submit" disabled={pending} aria-disabled={pending || undefined} className={className}>
      {pending ? t('saving') : children}
    </button>
  );
}

/**
 * Puts a failed action's result on the form: field errors at their fields (the rest in the status
 * line), anything else (forbidden, conflict …) as the status. Returns the status to show.
 */
export function useResultHandler() {
  const tAction = useTranslations('actionErrors');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  return function handleError<T extends FieldValues>(
    result: Extract<ActionResult<unknown>, { status: 'error' }>,
    fields: readonly Path<T>[],
    setError: UseFormSetError<T>,
  ): Status {
    if (result.code === 'invalid' && result.fieldErrors) {
      const { atFields, formKeys } = placeFieldErrors(result.fieldErrors, (path) =>
        (fields as readonly string[]).includes(path),
      );
      for (const { path, key } of atFields) setError(path as Path<T>, { message: key });
      // A hidden id or version refused: the form is out of date, not a field to correct.
      const formErrors = formKeys.map((key) =>
        key === STALE_FORM ? tAction(STALE_FORM) : (errorText(key) ?? tAction(STALE_FORM)),
      );
      return { kind: 'error', text: formErrors.length ? formErrors.join(' ') : tCommon('fixErrors') };
    }
    return { kind: 'error', text: tAction(result.code) };
  };
}

/**
 * The status line of a change whose button may disappear with it: focusable (not in the tab
 * order), so that focus can land on the result instead of being lost.
 */
export function FocusableStatus({
  status,
  focusRef,
}: {
  status: Status;
  focusRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <div ref={focusRef} tabIndex={-1} className="rounded">
      <FormStatus status={status} />
    </div>
  );
}
