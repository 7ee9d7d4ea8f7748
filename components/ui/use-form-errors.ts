'use client';

import { useTranslations } from 'next-intl';
import type { FieldErrors, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ActionResult } from '@/lib/actions/result';
import { STALE_FORM, flattenFormErrors, placeFieldErrors } from '@/lib/actions/field-errors';

export type FormStatusValue = { kind: 'success' | 'error'; text: string } | null;

/** A `useTranslations` of the namespace the form's message keys belong to. */
type Messages = { (key: never): string; has(key: never): boolean };

/**
 * Puts a form's errors where the user can see them: field errors at the fields the form shows
 * (`shows`), everything else in the form's status line, in words from `messages` (the form's
 * namespace of error keys).
 */
export function useFormErrors(messages: Messages) {
  const tAction = useTranslations('actionErrors');
  // Keys come from the server as plain strings: look them up, and fall back where one is unknown.
  const lookup = messages as unknown as { (key: string): string; has(key: string): boolean };
  const describe = (key: string) => (lookup.has(key) ? lookup(key) : undefined);
  const formText = (keys: string[]) =>
    [
      ...new Set(keys.map((key) => (key === STALE_FORM ? undefined : describe(key)) ?? tAction(STALE_FORM))),
    ].join(' ');

  return {
    /** A failed action's result: the status to show (field errors are set on the form). */
    fromResult<T extends FieldValues>(
      result: Extract<ActionResult<unknown>, { status: 'error' }>,
      shows: (path: string) => boolean,
      setError: UseFormSetError<T>,
    ): FormStatusValue {
      if (result.code !== 'invalid' || !result.fieldErrors)
        return { kind: 'error', text: tAction(result.code) };
      const { atFields, formKeys } = placeFieldErrors(result.fieldErrors, shows);
      for (const { path, key } of atFields) setError(path as Path<T>, { message: key });
      const texts = [formKeys.length ? formText(formKeys) : '', atFields.length ? tAction('invalid') : ''];
      return { kind: 'error', text: texts.filter(Boolean).join(' ') || tAction('invalid') };
    },
    /**
     * The browser's own validation failed: null when every error is shown at its field, otherwise
     * the status for the ones that are not (a hidden value was changed or is out of date).
     */
    fromInvalid<T extends FieldValues>(
      errors: FieldErrors<T>,
      shows: (path: string) => boolean,
    ): FormStatusValue {
      const { formKeys } = placeFieldErrors(flattenFormErrors(errors), shows);
      return formKeys.length ? { kind: 'error', text: formText(formKeys) } : null;
    },
  };
}
