import { expect } from 'vitest';
import { isPublicError } from '@/lib/errors';

/** The refusal a data-layer call ends in (a public error: its code and field errors); anything else fails. */
export async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a refusal, got ${String(error)}`).toBe(true);
  return error as { code: string; fieldErrors?: Record<string, string[]> };
}
