import { z } from 'zod';
import { MAX_DECIMAL_PLACES, decimalPlaces, parseDecimal } from './numbers';
import { invalid } from './errors';
import { MAX_ID } from './ids';

/*
 * Field builders shared by every form schema. Messages are keys of `fieldErrors` in the message
 * files. Text is validated but never rewritten: what the user typed is what gets stored.
 */

const NUL = /\u0000/;

/** Free text up to `max` characters; `required` refuses empty and whitespace-only input. */
export function textField(max: number, options: { required?: boolean } = {}) {
  return z
    .string('invalid')
    .max(max, 'tooLong')
    .refine((value) => !NUL.test(value), 'invalidCharacters')
    .refine((value) => !options.required || value.trim().length > 0, 'required');
}

/** A whole number typed in a form field ("12"), within bounds. */
export function integerText(min: number, max: number) {
  return z
    .string('invalid')
    .max(12, 'notAnInteger')
    .refine((value) => /^\s*\d+\s*$/.test(value), 'notAnInteger')
    .refine((value) => Number(value) >= min && Number(value) <= max, 'outOfRange');
}

/** An optional decimal typed in a form field ("12,5"); empty means "none", never 0. */
export function decimalText(min: number, max: number) {
  return z
    .string('invalid')
    .max(30, 'notANumber')
    .superRefine((value, ctx) => {
      if (value.trim() === '') return;
      const number = parseDecimal(value);
      if (number === null) ctx.addIssue({ code: 'custom', message: 'notANumber' });
      else if (decimalPlaces(value) > MAX_DECIMAL_PLACES)
        ctx.addIssue({ code: 'custom', message: 'tooManyDecimals' });
      else if (number < min) ctx.addIssue({ code: 'custom', message: min === 0 ? 'negative' : 'outOfRange' });
      else if (number > max)
        ctx.addIssue({ code: 'custom', message: max === 100 ? 'above100' : 'outOfRange' });
    });
}

/** An id chosen in a select: a positive integer, or null for "none". */
export const optionalId = z
  .number('invalid')
  .int('invalid')
  .positive('invalid')
  .max(MAX_ID, 'invalid')
  .nullable();
export const requiredId = z.number('invalid').int('invalid').positive('invalid').max(MAX_ID, 'invalid');
export const versionField = z.number('invalid').int('invalid').min(1, 'invalid').max(MAX_ID, 'invalid');

/** Field errors as `path → message keys`, e.g. `stages.2.actual → ['above100']`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Input checked against a form's schema: its data, or `invalid` with the field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/**
 * A form posted to an action (`<form action>`): its fields checked against the schema. Anything but
 * form data (a forged call with a string, an object, nothing) is `invalid`, never a TypeError.
 */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  if (!(input instanceof FormData)) throw invalid({ _form: ['invalid'] });
  return parseInput(schema, Object.fromEntries(input));
}

/** A year an action is addressed to (a report's, a reporting year's). */
export const yearArg = z.number('invalid').int('invalid').min(1990, 'invalid').max(2200, 'invalid');

/** A discussion's thread: a report's year, or null for the task card's own thread. */
export const threadYearArg = yearArg.nullable();

/**
 * An action's leading arguments (the record it acts on: a task's id, a year), checked before use:
 * a forged one of the wrong type is `invalid`, under `_args`.
 */
export function parseArgs<const S extends readonly [z.ZodType, ...z.ZodType[]]>(
  schemas: S,
  args: { [K in keyof S]: unknown },
): { [K in keyof S]: z.output<S[K]> } {
  const parsed = z.tuple(schemas as unknown as [z.ZodType, ...z.ZodType[]]).safeParse(args);
  if (!parsed.success) throw invalid({ _args: ['invalid'] });
  return parsed.data as { [K in keyof S]: z.output<S[K]> };
}
