import { describe, expect, it } from 'vitest';
import {
  type Noise,
  type NoiseRow,
  type NoisyFile,
  cleanFileText,
  noisyFileText,
  rowsText,
} from '@/lib/cards/noise';
import { parseCards } from '@/lib/cards/parse';
import { CORPUS, corpusData, corpusRows } from '../support/card-corpus';
import { asCardData } from '../support/card-parser';

/* The noise model (lib/cards/noise.ts): each transformation does to a card what Word, a browser's print or copy-paste does. */

const rows: NoiseRow[] = [
  { kind: 'heading', cells: ['Podmioty współpracujące'] },
  { kind: 'partner', cells: ['Wyższa Szkoła Humanistyczna', 'Wymiana informacji'] },
  { kind: 'partner', cells: ['Centrum Innowacji', 'Udział w szkoleniach'] },
  { kind: 'stage', cells: ['1. Diagnoza stanu', '15/15%', '-'] },
];
const file = (noise: Noise[], more: Partial<NoisyFile> = {}): NoisyFile => ({
  cards: [{ rows, noise }],
  separator: 'none',
  crlf: false,
  bom: false,
  title: 'Karta zadania',
  url: 'https://bip.leszno.pl/karta?id=3',
  ...more,
});
const lines = (noise: Noise[], more: Partial<NoisyFile> = {}) => noisyFileText(file(noise, more)).split('\n');

describe('the noise model', () => {
  it('writes a clean card as its rows, one line each, cells between single spaces', () => {
    expect(rowsText(rows)).toBe(
      [
        'Podmioty współpracujące',
        'Wyższa Szkoła Humanistyczna Wymiana informacji',
        'Centrum Innowacji Udział w szkoleniach',
        '1. Diagnoza stanu 15/15% -',
      ].join('\n'),
    );
    expect(noisyFileText(file([]))).toBe(rowsText(rows));
  });

  it('wraps a cell at a word, never between two cells, and never a heading', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 40; n++) {
      const out = lines([{ kind: 'wrap', row: n, at: 0 }]);
      expect(out).toHaveLength(rows.length + 1);
      expect(out[0]).toBe('Podmioty współpracujące');
      const split = out.findIndex((line, i) => line !== rowsText([rows[i]!]));
      seen.add(`${out[split]} | ${out[split + 1]}`);
    }
    // Every place inside a cell of the three rows, and no other.
    expect([...seen].sort()).toEqual(
      [
        'Wyższa | Szkoła Humanistyczna Wymiana informacji',
        'Wyższa Szkoła | Humanistyczna Wymiana informacji',
        'Wyższa Szkoła Humanistyczna Wymiana | informacji',
        'Centrum | Innowacji Udział w szkoleniach',
        'Centrum Innowacji Udział | w szkoleniach',
        'Centrum Innowacji Udział w | szkoleniach',
        '1. | Diagnoza stanu 15/15% -',
        '1. Diagnoza | stanu 15/15% -',
      ].sort(),
    );
  });

  it('puts tabs only between the cells of a table row, and none into a wrapped row', () => {
    for (let n = 0; n < 12; n++) {
      const out = lines([{ kind: 'tab', row: n, at: n }]);
      const tabbed = out.filter((line) => line.includes('\t'));
      expect(tabbed).toHaveLength(1);
      expect([
        'Wyższa Szkoła Humanistyczna\tWymiana informacji',
        'Centrum Innowacji\tUdział w szkoleniach',
        '1. Diagnoza stanu\t15/15% -',
        '1. Diagnoza stanu 15/15%\t-',
      ]).toContain(tabbed[0]);
    }
    const wrappedOnly = noisyFileText({
      ...file([
        { kind: 'wrap', row: 0, at: 0 },
        { kind: 'tab', row: 0, at: 0 },
      ]),
      cards: [
        {
          rows: [rows[1]!],
          noise: [
            { kind: 'wrap', row: 0, at: 0 },
            { kind: 'tab', row: 0, at: 0 },
          ],
        },
      ],
    });
    expect(wrappedOnly).not.toContain('\t');
  });

  it('runs of spaces, non-breaking spaces and soft hyphens change no word', () => {
    const noisy = noisyFileText(
      file([
        { kind: 'spaces', row: 1, at: 0, run: 'spaces' },
        { kind: 'spaces', row: 2, at: 1, run: 'nbsp' },
        { kind: 'softHyphen', row: 1, at: 1 },
      ]),
    );
    expect(noisy).toContain('   ');
    expect(noisy).toContain('\u00a0');
    expect(noisy).toMatch(/\p{L}\u00ad\p{L}/u);
    expect(noisy.replace(/\u00ad/g, '').replace(/[ \u00a0]+/g, ' ')).toBe(rowsText(rows));
  });

  it('runs two table rows together only where the glue shows (a small letter, then a capital)', () => {
    const out = lines([{ kind: 'join', row: 0 }]);
    expect(out).toContain(
      'Wyższa Szkoła Humanistyczna Wymiana informacjiCentrum Innowacji Udział w szkoleniach',
    );
    // "szkoleniach" + "1." is no glue a reader could see: nothing to join.
    const tail = noisyFileText({
      ...file([]),
      cards: [{ rows: rows.slice(2), noise: [{ kind: 'join', row: 0 }] }],
    });
    expect(tail).toBe(rowsText(rows.slice(2)));
  });

  it('changes the letter case of headings only', () => {
    expect(lines([{ kind: 'headingCase', row: 0, upper: true }])[0]).toBe('PODMIOTY WSPÓŁPRACUJĄCE');
    expect(lines([{ kind: 'headingCase', row: 5, upper: false }]).slice(1)).toEqual(
      rowsText(rows.slice(1)).split('\n'),
    );
  });

  it('ends a printed page with its footer and starts the next with its header', () => {
    const chrome = lines([{ kind: 'pageBreak', row: 1, style: 'chrome', formFeed: true }]);
    expect(chrome).toHaveLength(rows.length + 2);
    expect(chrome[2]).toBe('https://bip.leszno.pl/karta?id=3    2/14');
    expect(chrome[3]).toMatch(/^\f\d{1,2}\.12\.2026, 14:\d\d {4}Karta zadania$/);
    const firefox = lines([{ kind: 'pageBreak', row: 0, style: 'firefox', formFeed: false }]);
    expect(firefox[1]).toMatch(/^Strona 2 z 14 {4}\d\d\.12\.2026, 9:05$/);
    expect(firefox[2]).toBe('Karta zadania    https://bip.leszno.pl/karta?id=3');
  });

  it('writes several cards with separators, Windows line ends and a BOM', () => {
    const two: NoisyFile = {
      ...file([]),
      cards: [
        { rows: rows.slice(0, 2), noise: [] },
        { rows: rows.slice(2), noise: [] },
      ],
      separator: 'equals',
      crlf: true,
      bom: true,
    };
    const text = noisyFileText(two);
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'Podmioty współpracujące',
      'Wyższa Szkoła Humanistyczna Wymiana informacji',
      '',
      '=========================',
      '',
      'Centrum Innowacji Udział w szkoleniach',
      '1. Diagnoza stanu 15/15% -',
    ]);
    expect(noisyFileText({ ...two, separator: 'formFeed', crlf: false, bom: false })).toContain('\n\f\n');
    expect(cleanFileText([rows.slice(0, 2), rows.slice(2)])).toBe(
      `${rowsText(rows.slice(0, 2))}\n\n${rowsText(rows.slice(2))}`,
    );
  });
});

describe('the corpus of well-formed cards', () => {
  it('has at least 30 different cards, varied as real ones are', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const keys = new Set(
      CORPUS.map((card) => `${card.goal.number}.${card.program.number}.${card.task.number}`),
    );
    expect(keys.size).toBe(CORPUS.length);
    const text = CORPUS.map((card) => rowsText(corpusRows(card))).join('\n');
    for (const variation of [
      'bd.',
      ' X ',
      'ok. 40',
      '(w tym 39',
      '1.5/2.5%',
      '0/10%',
      ' 25%',
      '85 000 zł',
      '80%',
    ]) {
      expect(text).toContain(variation);
    }
    expect(CORPUS.some((card) => card.stages.some((stage) => stage.number === null))).toBe(true);
    expect(CORPUS.some((card) => card.partners.length === 0)).toBe(true);
    expect(CORPUS.some((card) => card.indicators.length === 0)).toBe(true);
    expect(CORPUS.some((card) => card.task.addressees === '')).toBe(true);
  });

  it('each card, and all of them in one text, read as written', () => {
    for (const card of CORPUS) {
      const result = parseCards(rowsText(corpusRows(card)));
      expect(result.errors).toEqual([]);
      expect(result.cards.map(asCardData)).toEqual([corpusData(card)]);
    }
    const all = parseCards(cleanFileText(CORPUS.map(corpusRows)));
    expect(all.errors).toEqual([]);
    expect(all.cards.map(asCardData)).toEqual(CORPUS.map(corpusData));
  });
});

describe('what the parser drops and joins, and what it keeps', () => {
  const seed = rowsText(corpusRows(CORPUS[0]!));
  const read = (text: string) => {
    const result = parseCards(text);
    expect(result.errors).toEqual([]);
    return result.cards[0]!;
  };

  it('keeps an address in a text when no page counter or print header stands by it', () => {
    const card = read(
      seed.replace('szkołami wyższymi.', 'szkołami wyższymi.\nhttps://www.leszno.pl/innowacje'),
    );
    expect(card.task.justification).toMatch(/\nhttps:\/\/www\.leszno\.pl\/innowacje$/);
  });

  it('drops a Firefox footer and header: "Strona n z m", then the title with the address', () => {
    const card = read(
      seed.replace(
        'Adresaci',
        'Strona 1 z 3    06.12.2026, 9:05\nKarta zadania    https://www.leszno.pl/innowacje\nAdresaci',
      ),
    );
    expect(asCardData(card)).toEqual(corpusData(CORPUS[0]!));
  });

  it('joins a wrapped indicator value, but not an indicator of its own whose name starts with a small letter', () => {
    const line = '\u00a0 Liczba wolontariuszy MOPR 120 145 bd. X -';
    const hours = 'Liczba godzin pracy wolontariuszy MOPR ok. 40 ok. 55 60 - -';
    expect(seed).toContain(line);
    expect(seed).toContain(hours);
    const wrapped = read(seed.replace(hours, 'Liczba godzin pracy wolontariuszy MOPR ok. 40 ok.\n55 60 - -'));
    expect(asCardData(wrapped)).toEqual(corpusData(CORPUS[0]!));
    expect(wrapped.warnings.map((warning) => warning.path)).toEqual(['indicators.1']);
    const own = read(seed.replace(line, `${line}\n\u00a0 liczba koordynatorów MOPR 2 3 3 - -`));
    expect(own.indicators.map((indicator) => [indicator.name, indicator.values[2011]])).toEqual([
      ['Liczba wolontariuszy', 'bd.'],
      ['liczba koordynatorów', '3'],
      ['Liczba godzin pracy wolontariuszy', '60'],
      ['Osoby objęte pomocą', 'bd.'],
    ]);
  });
});
