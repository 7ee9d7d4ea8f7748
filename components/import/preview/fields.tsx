'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import {
  type Control,
  type FieldErrors,
  get,
  type UseFormRegister,
  type UseFormRegisterReturn,
} from 'react-hook-form';
import { type FieldState, TextField } from '@/components/cards/card-fields';
import { RemoveRowButton } from '@/components/cards/remove-row-button';
import type { ConfirmImportInput } from '@/lib/cards/import-schema';
import type { PreviewWarning } from '@/lib/cards/preview/types';
import { parseDecimal } from '@/lib/numbers';
import { useErrorText, useImportMessage } from '@/components/import/use-error-text';

/*
 * What every section of a card in the import preview uses: the card's place in the form, and each
 * field tied to its error and to the parser's warnings about it (amber border, the text linked by
 * aria-describedby).
 */

export const smallButton =
  'rounded border border-slate-500 bg-white px-2 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-50';
const inputClass = 'w-full rounded border bg-white px-2 py-1';
const plainBorder = 'border-slate-500';
const warnBorder = 'border-2 border-amber-600 bg-amber-50';

/** Paths of whole sections: their warnings are shown at the section, not on every input of it. */
const SECTION_PATHS = new Set(['stages', 'partners', 'indicators', 'funding', 'years', 'sections']);

/** A typed cell ("12,5", "", "abc") as the schema's number | null; NaN fails as "not a number". */
export function pointsValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (text.trim() === '') return null;
  return parseDecimal(text) ?? Number.NaN;
}

/** The post select's value ("" is none) as the schema's id | null. */
export function postIdOrNull(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').trim();
  return text === '' ? null : Number(text);
}

export function integerOrNull(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').trim();
  if (text === '') return null;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** The sections of a card with rows the user can add and remove. */
type RowSection = 'stages' | 'partners' | 'indicators' | 'funding';

/** A field's state in the preview: also its border (amber when a warning concerns it). */
export type PreviewFieldState = FieldState & { className: string };

export interface PreviewFields {
  /** The card's path in the form (`cards.2`) and the prefix of its element ids (`card-2`). */
  base: `cards.${number}`;
  prefix: string;
  /** The card's heading: each section is labelled by its own heading and the card's. */
  headingId: string;
  years: number[];
  control: Control<ConfirmImportInput>;
  register: UseFormRegister<ConfirmImportInput>;
  warnings: PreviewWarning[];
  /** The error of a field of the card (`task.number`), as a sentence. */
  errorOf: (path: string) => string | undefined;
  /** Props that connect an input with its error and warnings. */
  describe: (path: string) => PreviewFieldState;
  /** The warnings whose place is exactly here. */
  warningsAt: (path: string) => ReactNode;
  /** A labelled text field with its error and warnings. */
  field: (
    path: string,
    label: string,
    registration: UseFormRegisterReturn,
    options?: { multiline?: boolean; type?: string; className?: string },
  ) => ReactNode;
  /**
   * A row's Remove button (`<prefix>-<section>-<index>-remove`). The row goes at once (nothing is
   * saved yet); focus goes to the row that took its place, else to the section's Add button.
   */
  removeRow: (section: RowSection, index: number, label: string, onRemove: () => void) => ReactNode;
  /** The section's Add button (`<prefix>-<section>-add`). */
  addRow: (section: RowSection, label: string, onAdd: () => void) => ReactNode;
}

export function usePreviewFields({
  index,
  years,
  control,
  register,
  errors,
  warnings,
}: {
  index: number;
  years: number[];
  control: Control<ConfirmImportInput>;
  register: UseFormRegister<ConfirmImportInput>;
  errors: FieldErrors<ConfirmImportInput>;
  warnings: PreviewWarning[];
}): PreviewFields {
  const t = useTranslations('import');
  const errorText = useErrorText();
  const messageText = useImportMessage();
  const base = `cards.${index}` as const;
  const prefix = `card-${index}`;

  const warningId = (warning: PreviewWarning) => `${prefix}-warning-${warnings.indexOf(warning)}`;
  /** The warnings that concern a field: its own, and those of the row or group it belongs to. */
  const warningsOf = (path: string) =>
    warnings.filter(
      (warning) =>
        warning.field === path || (!SECTION_PATHS.has(warning.field) && path.startsWith(`${warning.field}.`)),
    );
  const errorOf = (path: string): string | undefined => {
    const error = get(errors, `${base}.${path}`) as { message?: string } | undefined;
    return error?.message ? errorText(error.message) : undefined;
  };

  const describe = (path: string): PreviewFieldState => {
    const id = `${prefix}-${path.replace(/\./g, '-')}`;
    const error = errorOf(path);
    const warned = warningsOf(path);
    const describedBy = [...(error ? [`${id}-error`] : []), ...warned.map(warningId)].join(' ');
    return {
      id,
      error,
      className: `${inputClass} ${warned.length > 0 ? warnBorder : plainBorder}`,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy || undefined,
    };
  };

  const warningsAt = (path: string): ReactNode => {
    const here = warnings.filter((warning) => warning.field === path);
    if (here.length === 0) return null;
    return (
      <>
        {here.map((warning) => (
          <p key={warningId(warning)} id={warningId(warning)} className="mt-1 text-sm text-amber-900">
            <span aria-hidden="true">⚠ </span>
            {t('warning', { message: messageText(warning.message) })}
          </p>
        ))}
      </>
    );
  };

  const field: PreviewFields['field'] = (path, label, registration, options = {}) => {
    const state = describe(path);
    return (
      <TextField
        state={state}
        label={label}
        registration={registration}
        inputClassName={state.className}
        className={options.className}
        multiline={options.multiline}
        type={options.multiline ? undefined : (options.type ?? 'text')}
      >
        {warningsAt(path)}
      </TextField>
    );
  };

  const removeRow: PreviewFields['removeRow'] = (section, rowIndex, label, onRemove) => (
    <RemoveRowButton
      id={`${prefix}-${section}-${rowIndex}-remove`}
      fallbackId={`${prefix}-${section}-add`}
      label={label}
      className={smallButton}
      onRemove={onRemove}
    />
  );

  const addRow: PreviewFields['addRow'] = (section, label, onAdd) => (
    <button type="button" id={`${prefix}-${section}-add`} className={smallButton} onClick={onAdd}>
      {label}
    </button>
  );

  return {
    base,
    prefix,
    headingId: `${prefix}-heading`,
    years,
    control,
    register,
    warnings,
    errorOf,
    describe,
    warningsAt,
    field,
    removeRow,
    addRow,
  };
}
