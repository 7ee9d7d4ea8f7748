import fs from 'node:fs';
import path from 'node:path';
// The ICU parser next-intl itself formats messages with (through intl-messageformat).
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { importMessageText } from '@/lib/cards/message-text';
import { parseCards } from '@/lib/cards/parse';
import { MESSAGE_FILES, readMessages } from '../support/message-files';

/*
 * Every message file exists in both languages with the same keys, and every message names the same
 * ICU arguments in both: a key or a value missing in English would show a raw key or fail to
 * format on the English screen.
 */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ('value' in element && element.type !== TYPE.literal) {
      found.add(String(element.value));
    }
    if ('options' in element) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, found);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, found);
  }
  return found;
}

describe('message files', () => {
  it.each(MESSAGE_FILES)('messages/{pl,en}%s have the same keys', (file) => {
    const pl = readMessages('pl', file);
    const en = readMessages('en', file);
    expect(pl.size).toBeGreaterThan(10);
    expect([...en.keys()].sort()).toEqual([...pl.keys()].sort());
  });

  it.each(MESSAGE_FILES)('messages/{pl,en}%s: every message parses and names the same arguments', (file) => {
    const pl = readMessages('pl', file);
    const en = readMessages('en', file);
    for (const [key, text] of pl) {
      const english = en.get(key) ?? '';
      expect([...argumentsOf(parse(english))].sort(), key).toEqual([...argumentsOf(parse(text))].sort());
    }
  });
});

const root = path.join(import.meta.dirname, '../..');

describe('the card parser’s messages', () => {
  const seed = fs.readFileSync(
    path.join(root, 'scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
    'utf8',
  );
  const [warning] = parseCards(seed).cards[0]!.warnings;

  it('are data (a key and values), put into words in Polish or English', () => {
    expect(warning).toEqual({
      path: 'partners.4.name',
      message: {
        key: 'parse.gluedPartner',
        values: {
          word: 'TechnologiiRegionalna',
          before: 'Centrum Innowacji i Transferu Technologii',
          after: 'Regionalna Izba Przemysłowo Handlowa',
        },
      },
    });
    expect(importMessageText(warning!.message)).toBe(
      'W wyrazie „TechnologiiRegionalna” mała litera przechodzi wprost w wielką. Jeśli to dwa podmioty, rozdziel je: „Centrum Innowacji i Transferu Technologii” i „Regionalna Izba Przemysłowo Handlowa”. Sprawdź przed zapisem.',
    );
    expect(importMessageText(warning!.message, 'en')).toBe(
      'In the word “TechnologiiRegionalna” a lowercase letter runs straight into an uppercase one. If these are two partners, split them: “Centrum Innowacji i Transferu Technologii” and “Regionalna Izba Przemysłowo Handlowa”. Check before saving.',
    );
  });

  it('format numbers for the language: a sum of points with a decimal comma in Polish, a point in English', () => {
    const card = parseCards(seed.replace('15/15% - - - -\n2.', '15/15,5% - - - -\n2.')).cards[0]!;
    const sum = card.warnings.find((item) => item.message.key === 'parse.plannedSum')!;
    expect(importMessageText(sum.message)).toBe('Planowane punkty etapów sumują się do 100,5, a nie do 100.');
    expect(importMessageText(sum.message, 'en')).toBe(
      'The planned points of the stages add up to 100.5, not to 100.',
    );
  });

  it('agree with their numbers in Polish and English (2 wiersze, 5 wierszy; 2 lines)', () => {
    const several = (rows: number) =>
      ({ key: 'parse.executorSeveral', values: { rows, first: 'WPiR' } }) as const;
    expect(importMessageText(several(2))).toContain('Realizator zajmuje 2 wiersze —');
    expect(importMessageText(several(5))).toContain('Realizator zajmuje 5 wierszy —');
    expect(importMessageText(several(22))).toContain('Realizator zajmuje 22 wiersze —');
    expect(importMessageText(several(2), 'en')).toContain('The executor takes 2 lines —');
  });
});
