import fc from 'fast-check';
import type { z } from 'zod';

/*
 * Hostile input, in one place: what the form schemas' property tests feed them
 * (tests/unit/*.property.test.ts) with the rules they check the answers against, and what the
 * hostile-input suite (tests/reliability/hostile-input.test.ts) sends to every server action.
 */

/** At least 1,000 runs per property. */
export const RUNS = { numRuns: 1000 };

/** Strings people and attackers type: empty, blank, huge, NUL, Polish, emoji, RTL, numbers with commas. */
export const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n ',
    '\u00a0',
    '12,5',
    '1e3',
    'NaN',
    'Infinity',
    '-Infinity',
    '2147483648',
    '-1',
    '0,0001',
    '15,000',
    '15,001',
    '33,333',
    '1 5',
    '١٢٣',
  ),
  fc.constantFrom(
    'Łódź – żółć',
    '🚀🏛️',
    'مرحبا بالعالم',
    'עברית',
    'a\u0000b',
    '\u0000',
    "'; drop table tasks; --",
    '<script>alert(1)</script>',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant('x'.repeat(10_001)),
  fc.constant(' '.repeat(5000)),
);
export const hostileValue = fc.oneof(
  hostileString,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 2 ** 31, 1.5, null, undefined, true, {}, []),
  fc.integer(),
  fc.double(),
);

/** Points, shares and weights keep two decimal places: "15,001" is refused, "15,000" is 15. */
export const twoPlaces = (value: string) => !/[.,]\d{2}\d*[1-9]/.test(value);

export const validText = (value: string, max: number, required: boolean) =>
  value.length <= max && !value.includes('\u0000') && (!required || value.trim().length > 0);

/** A refusal's issues as `[path, message]` pairs ("stages.0.actual", "above100"). */
export function issuesOf(error: z.ZodError): [string, string][] {
  return error.issues.map((issue) => [issue.path.join('.'), issue.message]);
}

/** What the hostile-input suite sends in a field: every hostile value, and more that only a forged request carries. */
export const hostileRequestValue = fc.oneof(
  hostileValue,
  fc.constantFrom('1e309', '-0', Number.NEGATIVE_INFINITY, -(2 ** 31) - 1, 999_999),
  fc.constant('x'.repeat(100_000)),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
);

/** Fields a form does not have, with nasty values: they must be ignored. */
const extraFields = fc.dictionary(fc.string({ maxLength: 8 }), hostileRequestValue, { maxKeys: 3 });

/** A valid form, broken: a random value, the form plus extra fields, or one field replaced (weighted 1:1:4). */
export function mutations(base: Record<string, unknown>) {
  return fc.oneof(
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    // The valid form plus extra fields: taken as the form alone.
    { weight: 1, arbitrary: extraFields.map((extra) => ({ ...extra, ...base })) },
    {
      weight: 4,
      arbitrary: fc
        .record({
          key: fc.constantFrom(...Object.keys(base)),
          value: hostileRequestValue,
          extra: extraFields,
        })
        .map(({ key, value, extra }) => ({ ...extra, ...base, [key]: value })),
    },
  );
}
