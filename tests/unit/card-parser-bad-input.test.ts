import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importMessageText } from '@/lib/cards/message-text';
import { parseCards, toImportJson } from '@/lib/cards/parse';
import { random, saidErrors, seedText } from '../support/card-parser';

describe('bad input', () => {
  it('an empty text', () => {
    for (const text of ['', '   \n\n\t  ', '\ufeff']) {
      const result = parseCards(text);
      expect(result.cards).toEqual([]);
      expect(saidErrors(result)).toEqual([{ message: expect.stringContaining('pusty') }]);
    }
  });

  it('binary garbage and text that is not UTF-8', () => {
    const next = random(7);
    const bytes = Uint8Array.from({ length: 50_000 }, () => Math.floor(next() * 256));
    const binary = parseCards(new TextDecoder().decode(bytes));
    expect(binary.cards).toEqual([]);
    expect(binary.errors).toHaveLength(1);
    expect(saidErrors(binary)[0]!.message).toMatch(/UTF-8|binarn/);

    const nul = parseCards(`${seedText.slice(0, 200)}\u0000\u0000\u0001${'\u0000'.repeat(100)}`);
    expect(nul.cards).toEqual([]);
    expect(saidErrors(nul)[0]!.message).toMatch(/binarn/);

    // Windows-1250 bytes read as UTF-8: every Polish letter becomes U+FFFD.
    const cp1250 = seedText.replace(/[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/g, '\ufffd');
    const misread = parseCards(cp1250);
    expect(misread.cards).toEqual([]);
    expect(saidErrors(misread)[0]!.message).toMatch(/UTF-8/);
  });

  it('one stray binary character spoils only its own card', () => {
    const text = `${seedText}\n\n${seedText.replace('Lokalna Grupa Wsparcia', 'Lokalna\u0000Grupa Wsparcia')}`;
    const result = parseCards(text);
    const offset = `${seedText}\n\n`.split('\n').length - 1;
    const spoilt = offset + seedText.split('\n').findIndex((line) => line.includes('Lokalna Grupa')) + 1;
    expect(result.cards).toHaveLength(1);
    expect(saidErrors(result)).toEqual([
      {
        message: `Karta zaczynająca się w wierszu ${offset + 1} zawiera znaki binarne lub niepoprawne w UTF-8 (wiersz ${spoilt}); pominięto ją. Zapisz plik jako tekst w UTF-8.`,
        line: spoilt,
      },
    ]);
  });

  // Its speed is measured by `npm run bench`, not here: timings in tests fail on a busy machine.
  it('5 MB of random text: an error, no card', () => {
    const next = random(2009);
    const alphabet =
      'aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ0123456789 .,-/%()\u00a0';
    const chars: string[] = [];
    for (let i = 0; i < 5_000_000; i++) {
      chars.push(next() < 0.02 ? '\n' : alphabet[Math.floor(next() * alphabet.length)]!);
    }
    const text = chars.join('');
    const result = parseCards(text);
    expect(result.cards).toEqual([]);
    expect(saidErrors(result)).toEqual([
      { message: expect.stringContaining('Nie znaleziono nagłówka celu') },
    ]);

    const oneLine = parseCards(text.replace(/\n/g, ' '));
    expect(oneLine.cards).toEqual([]);
  });

  it('5 MB of shuffled card lines and of real cards: no throw, every real card read', () => {
    const next = random(42);
    const lines = seedText.split('\n');
    const parts: string[] = [];
    for (let size = 0; size < 5_000_000;) {
      const line = lines[Math.floor(next() * lines.length)]!;
      parts.push(line);
      size += line.length + 1;
    }
    const shuffled = parseCards(parts.join('\n'));
    expect(shuffled.errors.length).toBeGreaterThan(0);
    for (const card of shuffled.cards) expect(card.years.length).toBeGreaterThan(0);

    const many = Array.from({ length: 1400 }, () => seedText).join('\n\n');
    const result = parseCards(many);
    expect(result.errors).toEqual([]);
    expect(result.cards).toHaveLength(1400);
  });

  it('a card cut off in the middle: says where, gives no card for it', () => {
    const lines = seedText.split('\n');
    const inIndicators = lines.findIndex((line) => line.startsWith('Wskaźniki rezultatu'));
    const cut = parseCards(lines.slice(0, inIndicators + 1).join('\n'));
    expect(cut.cards).toEqual([]);
    expect(saidErrors(cut)).toEqual([
      {
        message: expect.stringContaining(
          `Karta urywa się w sekcji „Mierniki dla realizacji zadania” (wiersz ${inIndicators + 1})`,
        ),
        line: inIndicators + 1,
      },
    ]);
    expect(saidErrors(cut)[0]!.message).toContain('„Budżet zadania”');

    // Cut right after the headers.
    const headersOnly = parseCards(lines.slice(0, 7).join('\n'));
    expect(saidErrors(headersOnly)[0]!.message).toMatch(/^Karta urywa się po nagłówku zadania/);

    // A cut card followed by a whole one: the whole one is read.
    const both = parseCards(`${lines.slice(0, inIndicators + 1).join('\n')}\n\n${seedText}`);
    expect(both.cards).toHaveLength(1);
    expect(both.errors).toHaveLength(1);
    expect(both.cards[0]!.line).toBe(inIndicators + 3);
  });

  it('missing headers: says which one', () => {
    const lines = seedText.split('\n');
    const noGoal = parseCards(
      lines
        .slice(3)
        .join('\n')
        .replace(/^Cel I.*$/m, ''),
    );
    expect(saidErrors(noGoal)[0]!.message).toContain(
      'Nie znaleziono nagłówka celu (Cel I - … - szef celu …)',
    );
    const noProgram = parseCards(seedText.replace(/^3\. Innowacyjna.*$/m, 'Innowacyjna lokalna gospodarka'));
    expect(noProgram.cards).toEqual([]);
    expect(saidErrors(noProgram)[0]!.message).toMatch(/nagłówka programu/);
    const noYears = parseCards(
      seedText.replace('2009 2010 2011 2012 2013', '').replace(/ 2009 2010 2011 2012 2013$/m, ''),
    );
    expect(saidErrors(noYears)[0]!.message).toMatch(/wiersza lat/);
  });

  it('never throws on arbitrary text (property, 1,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        const result = parseCards(text);
        return (
          Array.isArray(result.cards) &&
          Array.isArray(result.errors) &&
          result.cards.length + result.errors.length > 0
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on cards with lines dropped, repeated or garbled (property, 1,000 runs)', () => {
    const lines = seedText.split('\n');
    const line = fc.oneof(
      fc.constantFrom(...lines),
      fc.string({ maxLength: 80 }),
      fc.constantFrom(...lines).map((l) => l.split(' ').reverse().join(' ')),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 120 }), (picked) => {
        const result = parseCards(picked.join('\n'));
        for (const card of result.cards) {
          // Whatever is read is well formed.
          expect(card.years.length).toBeGreaterThan(0);
          for (const stage of card.stages) expect(Object.keys(stage.cells)).toHaveLength(card.years.length);
          JSON.stringify(toImportJson(card, importMessageText));
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});
