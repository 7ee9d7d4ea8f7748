import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import compile from 'icu-minify/compile';
import format from 'icu-minify/format';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { MESSAGE_FILES, readMessages } from '../support/message-files';

/*
 * The build precompiles the message files (next.config.mjs: next-intl's
 * experimental.messages.precompile) and formats them with use-intl's format-only formatter
 * (icu-minify), in the pages and in the browser; the tests and the scripts format the same files as
 * written (intl-messageformat, through use-intl). Every message in both languages, with values that
 * take each of its branches (plural forms, select options, numbers with decimals, dates), must read
 * the same both ways: else the screen would say something the tests never saw.
 */
const TIME_ZONE = 'Europe/Warsaw';

type Sample = string | number | Date;

/** Each argument of a message with the values to try: every option of a select, numbers for plurals. */
function samplesOf(elements: MessageFormatElement[], found = new Map<string, Sample[]>()) {
  for (const element of elements) {
    if (element.type === TYPE.select) {
      found.set(element.value, [...Object.keys(element.options).filter((key) => key !== 'other'), 'inna']);
    } else if (element.type === TYPE.plural || element.type === TYPE.number) {
      found.set(element.value, [0, 1, 2, 5, 12, 22, 101, 1.5, 1234567.25]);
    } else if (element.type === TYPE.date || element.type === TYPE.time) {
      found.set(element.value, [new Date('2026-03-05T23:07:00Z'), new Date('2026-12-31T09:30:00Z')]);
    } else if (element.type === TYPE.argument && !found.has(element.value)) {
      found.set(element.value, ['Jan Kowalski', 7, '']);
    }
    if ('options' in element) {
      for (const option of Object.values(element.options)) samplesOf(option.value, found);
    }
    if (element.type === TYPE.tag) samplesOf(element.children, found);
  }
  return found;
}

/** The k-th set of values: each argument's k-th sample (its last one once k runs past them). */
function valuesAt(samples: Map<string, Sample[]>, k: number): Record<string, Sample> {
  return Object.fromEntries([...samples].map(([name, list]) => [name, list[Math.min(k, list.length - 1)]!]));
}

const formatters = {
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) =>
    new Intl.NumberFormat(...args),
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) =>
    new Intl.DateTimeFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
};

describe('precompiled messages read as written', () => {
  for (const locale of ['pl', 'en'] as const) {
    it.each(MESSAGE_FILES)(`messages/${locale}%s: every message, every branch, the same text`, (file) => {
      const messages = readMessages(locale, file);
      expect(messages.size).toBeGreaterThan(10);
      let compared = 0;
      for (const [key, text] of messages) {
        const samples = samplesOf(parse(text));
        const rounds = Math.max(1, ...[...samples.values()].map((list) => list.length));
        const asWritten = createTranslator({
          locale,
          messages: { m: text },
          timeZone: TIME_ZONE,
          onError: (error) => {
            throw error;
          },
        });
        const compiled = compile(text);
        for (let k = 0; k < rounds; k++) {
          const values = valuesAt(samples, k);
          const precompiled = format(compiled, locale, values, { formatters, timeZone: TIME_ZONE });
          expect(
            Array.isArray(precompiled) ? precompiled.join('') : precompiled,
            `${key} ${JSON.stringify(values)}`,
          ).toBe(asWritten('m', values));
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(messages.size);
    });
  }
});
