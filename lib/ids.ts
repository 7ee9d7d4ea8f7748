import { notFound } from './errors';

/** The largest id a PostgreSQL `integer` column holds: every record id is a positive 32-bit integer. */
export const MAX_ID = 2_147_483_647;

/** Whether a value is a record id: a positive integer no larger than the column holds. */
export function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_ID;
}

/** An id from a URL, a form or a caller: anything but a valid id is a record that does not exist. */
export function assertId(value: unknown): number {
  if (!isId(value)) throw notFound();
  return value;
}

/** Route ids come from the URL as text: only digits of a positive 32-bit integer are an id. */
export function parseId(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value <= MAX_ID ? value : null;
}

/** Route years come from the URL as text: four digits are a year (the strategy says which exist). */
export function parseYear(raw: string): number | null {
  return /^\d{4}$/.test(raw) ? Number(raw) : null;
}
