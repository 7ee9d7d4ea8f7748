import { formatNumber } from '@/lib/format';

/**
 * Axis and tooltip numbers in the user's language ("1,5" in Polish, "1.5" in English), as every
 * other number of the app (lib/format.ts).
 */
export function chartNumber(locale: string) {
  return (value: unknown) => (typeof value === 'number' ? formatNumber(value, locale) : String(value ?? ''));
}

/** Whether a series holds whole numbers only (counts): its axis then shows no "0,25 / 0,5 / 1,5". */
export function allIntegers(values: readonly (number | null)[]): boolean {
  return values.every((value) => value === null || Number.isInteger(value));
}
