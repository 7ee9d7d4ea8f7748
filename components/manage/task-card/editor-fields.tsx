'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { FieldPath, UseFormReturn } from 'react-hook-form';
import { type FieldState, TextField } from '@/components/cards/card-fields';
import type { TaskCardInput } from '@/lib/cards/card-schema';

/*
 * What every section of the card editor (components/manage/task-card-editor.tsx) uses: the form,
 * and each field tied to its error.
 */

export const input =
  'block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50';
export const smallButton =
  'rounded border border-slate-500 bg-white px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-40';
export const removeButton =
  'rounded border border-red-300 bg-white px-2 py-0.5 text-sm text-red-800 hover:bg-red-50';

export interface EditorFields {
  form: UseFormReturn<TaskCardInput>;
  /** The years of the strategy: the columns of the plan and of the targets. */
  years: number[];
  /** The field at `path`, its element at `id`: its error as a sentence and the aria attributes. */
  fieldProps: (path: FieldPath<TaskCardInput>, id: string) => FieldState;
  /** A section's own error (the plan's sum, the shares), as a sentence. */
  sectionError: (node: unknown) => string | null;
  /** A labelled text field (or textarea) with its error. */
  textInput: (
    path: FieldPath<TaskCardInput>,
    label: string,
    options?: { multiline?: boolean; required?: boolean },
  ) => ReactNode;
}

export function useEditorFields(form: UseFormReturn<TaskCardInput>, years: number[]): EditorFields {
  const tErrors = useTranslations('fieldErrors');
  const errors = form.formState.errors;
  const message = (key: string | undefined) => (key ? tErrors(key as 'required') : null);
  const fieldProps = (path: FieldPath<TaskCardInput>, id: string) => {
    const error = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as
      { message?: string } | undefined;
    return {
      id,
      'aria-invalid': error?.message ? true : undefined,
      'aria-describedby': error?.message ? `${id}-error` : undefined,
      error: message(error?.message),
    };
  };
  const sectionError = (node: unknown) =>
    message(
      (node as { message?: string; root?: { message?: string } } | undefined)?.message ??
        (node as { root?: { message?: string } } | undefined)?.root?.message,
    );
  const textInput: EditorFields['textInput'] = (path, label, options = {}) => (
    <TextField
      state={fieldProps(path, path.replace(/\./g, '-'))}
      label={label}
      registration={form.register(path)}
      inputClassName={input}
      labelClassName="block font-medium"
      multiline={options.multiline}
      rows={4}
      required={options.required}
    />
  );
  return { form, years, fieldProps, sectionError, textInput };
}
