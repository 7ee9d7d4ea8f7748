import fc from 'fast-check';

/* The nasty values the hostile-input suite (tests/reliability/hostile-input.test.ts) sends. */

export const hostileValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '12,5',
    '1e309',
    'NaN',
    'Infinity',
    '-0',
    '2147483648',
    '٣',
    'Łódź żółć',
    '🏛️🚀',
    'مرحبا',
    'עברית',
    'a\u0000b',
  ),
  fc.constant('x'.repeat(100_000)),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 31,
    -(2 ** 31) - 1,
    -1,
    0,
    999_999,
    1.5,
    null,
    true,
    [],
    {},
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
);

/** Fields a form does not have, with nasty values: they must be ignored. */
const extraFields = fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 });

/** A valid form, broken: a random value, the form plus extra fields, or one field replaced (weighted 1:1:4). */
export function mutations(base: Record<string, unknown>) {
  return fc.oneof(
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    // The valid form plus extra fields: taken as the form alone.
    { weight: 1, arbitrary: extraFields.map((extra) => ({ ...extra, ...base })) },
    {
      weight: 4,
      arbitrary: fc
        .record({ key: fc.constantFrom(...Object.keys(base)), value: hostileValue, extra: extraFields })
        .map(({ key, value, extra }) => ({ ...extra, ...base, [key]: value })),
    },
  );
}
