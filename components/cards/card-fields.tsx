'use client';

import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { RequiredMark } from '@/components/ui/required-mark';

/*
 * The fields of a task card's form, shared by the card editor (components/manage/task-card-editor.tsx)
 * and the import preview (components/import/card-preview.tsx): a labelled text field, a grid cell
 * labelled for screen readers, and the error under either.
 */

/** How an input is tied to its error (and, in the preview, its warnings). */
export interface FieldState {
  id: string;
  /** The error as a sentence; none when the field is fine. */
  error?: string | null;
  'aria-invalid'?: boolean;
  /** The ids of the error (`<id>-error`) and of any other text about the field. */
  'aria-describedby'?: string;
}

/** The error under a field, at `<id>-error` (where the field's aria-describedby points). */
export function FieldError({ id, text }: { id: string; text?: string | null }) {
  return text ? (
    <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
      {text}
    </p>
  ) : null;
}

/** A text input (or a textarea) with its visible label and its error; `children` come last. */
export function TextField({
  state,
  label,
  registration,
  inputClassName,
  labelClassName = 'block text-sm font-medium',
  className,
  multiline = false,
  rows = 3,
  type,
  required = false,
  children,
}: {
  state: FieldState;
  label: ReactNode;
  registration: UseFormRegisterReturn;
  inputClassName: string;
  labelClassName?: string;
  /** Added to the wrapper's classes (its place in a grid). */
  className?: string;
  multiline?: boolean;
  rows?: number;
  type?: string;
  /** Said after the label ("(wymagane)") and as aria-required. */
  required?: boolean;
  children?: ReactNode;
}) {
  const aria = {
    'aria-required': required || undefined,
    'aria-invalid': state['aria-invalid'],
    'aria-describedby': state['aria-describedby'],
  };
  return (
    <div className={className ? `space-y-1 ${className}` : 'space-y-1'}>
      <label htmlFor={state.id} className={labelClassName}>
        {label}
        {required && <RequiredMark />}
      </label>
      {multiline ? (
        <textarea rows={rows} className={inputClassName} {...registration} id={state.id} {...aria} />
      ) : (
        <input type={type} className={inputClassName} {...registration} id={state.id} {...aria} />
      )}
      <FieldError id={state.id} text={state.error} />
      {children}
    </div>
  );
}

/** An input of a grid row (a stage's cell, a partner's name): its label is read, not shown. */
export function CellInput({
  state,
  label,
  registration,
  inputClassName,
  inputMode,
}: {
  state: FieldState;
  label: string;
  registration: UseFormRegisterReturn;
  inputClassName: string;
  inputMode?: 'numeric' | 'decimal';
}) {
  return (
    <>
      <label htmlFor={state.id} className="sr-only">
        {label}
      </label>
      <input
        className={inputClassName}
        inputMode={inputMode}
        {...registration}
        id={state.id}
        aria-invalid={state['aria-invalid']}
        aria-describedby={state['aria-describedby']}
      />
    </>
  );
}
