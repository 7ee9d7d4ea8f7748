import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoCard } from '@/scripts/seed/demo-card';
import { importMessageText } from '@/lib/cards/message-text';
import { type ParsedCard, type ParseResult, parseCards, toImportJson } from '@/lib/cards/parse';
import type { CardData } from '@/lib/cards/types';

const root = path.join(import.meta.dirname, '../..');
const seedText = fs.readFileSync(
  path.join(root, 'scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
  'utf8',
);
const fixture = (name: string) => fs.readFileSync(path.join(root, 'tests/fixtures/cards', name), 'utf8');

/** The messages as the command line prints them: Polish sentences. */
const saidWarnings = (card: ParsedCard) =>
  card.warnings.map((warning) => ({ path: warning.path, message: importMessageText(warning.message) }));
const saidErrors = (result: ParseResult) =>
  result.errors.map((error) => ({ ...error, message: importMessageText(error.message) }));

function only(text: string): ParsedCard {
  const result = parseCards(text);
  expect(result.errors).toEqual([]);
  expect(result.cards).toHaveLength(1);
  return result.cards[0]!;
}

/** The card without what the parser adds to CardData. */
function asCardData(card: ParsedCard): CardData {
  const { number, title, addressees, justification, description, executor } = card.task;
  return {
    strategy: card.strategy,
    goal: card.goal,
    program: card.program,
    task: { number, title, addressees, justification, description, executor },
    years: card.years,
    stages: card.stages,
    partners: card.partners,
    indicators: card.indicators,
    totalCost: card.totalCost,
    budgetNote: card.budgetNote,
    funding: card.funding,
  };
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('the seed card', () => {
  const card = only(seedText);

  it('parses to exactly the demo data, with the run-together partners as one flagged partner', () => {
    const scope = demoCard.partners[0]!.scope;
    expect(asCardData(card)).toEqual({
      ...demoCard,
      partners: [
        ...demoCard.partners.slice(0, 4),
        { name: 'Centrum Innowacji i Transferu TechnologiiRegionalna Izba Przemysłowo Handlowa', scope },
      ],
    });
  });

  it('reads every stage cell, indicator value and partner of the demo data', () => {
    for (const [index, stage] of demoCard.stages.entries()) {
      expect(card.stages[index]!.number).toBe(stage.number);
      expect(card.stages[index]!.name).toBe(stage.name);
      for (const year of demoCard.years) expect(card.stages[index]!.cells[year]).toEqual(stage.cells[year]);
    }
    for (const [index, indicator] of demoCard.indicators.entries()) {
      expect(card.indicators[index]).toEqual(indicator);
    }
    expect(card.partners.slice(0, 4)).toEqual(demoCard.partners.slice(0, 4));
    expect(card.task.executorText).toBe('Wydział Promocji i Rozwoju – Naczelnik');
    expect(card.line).toBe(1);
  });

  it('warns about the run-together partner name and about nothing else', () => {
    expect(saidWarnings(card)).toEqual([
      {
        path: 'partners.4.name',
        message: expect.stringContaining('TechnologiiRegionalna'),
      },
    ]);
    expect(saidWarnings(card)[0]!.message).toContain('„Centrum Innowacji i Transferu Technologii”');
    expect(saidWarnings(card)[0]!.message).toContain('„Regionalna Izba Przemysłowo Handlowa”');
  });

  it('gives the documented JSON shape', () => {
    const json = toImportJson(card, importMessageText);
    expect(Object.keys(json).sort()).toEqual(
      [
        'goal',
        'program',
        'task',
        'years',
        'stages',
        'partners',
        'indicators',
        'totalCost',
        'funding',
        'warnings',
      ].sort(),
    );
    expect(json.goal).toEqual(demoCard.goal);
    expect(json.program).toEqual(demoCard.program);
    expect(json.task.executor).toBe('Wydział Promocji i Rozwoju – Naczelnik');
    expect(json.stages[3]).toEqual({
      number: 4,
      name: 'Wypracowanie Lokalnego Planu Działań.',
      cells: {
        2009: { actual: 4, planned: 10 },
        2010: { actual: 2, planned: 10 },
        2011: { actual: 10, planned: 10 },
        2012: null,
        2013: null,
      },
    });
    expect(json.indicators[2]).toEqual({
      type: 'result',
      name: 'Nowe kierunki na uczelniach wyższych',
      source: 'WPiR- szkoły wyższe',
      values: { 2009: '0', 2010: '1', 2011: '2', 2012: '1', 2013: '1' },
    });
    expect(json.totalCost).toBe('');
    expect(json.funding).toEqual([
      { source: 'Program Urbact', value: '80%' },
      { source: 'Miasto Leszno', value: '20%' },
    ]);
    // A JSON document: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('reads the same card with Windows line ends, a byte order mark and tabs between columns', () => {
    const windows = only(`\ufeff${seedText.replace(/\n/g, '\r\n')}`);
    expect(asCardData(windows)).toEqual(asCardData(card));
    const tabbed = only(
      seedText
        .replace('Lokalna Grupa Wsparcia WPiR 1 1 1 0 0', 'Lokalna Grupa Wsparcia\tWPiR\t1\t1\t1\t0\t0')
        .replace('Wyższa Szkoła Humanistyczna Wymiana', 'Wyższa Szkoła Humanistyczna\tWymiana'),
    );
    expect(tabbed.indicators[0]).toEqual(demoCard.indicators[0]);
    expect(tabbed.partners[2]).toEqual(demoCard.partners[2]);
    // Funding copied from a table: the share on the line below its source.
    const split = only(seedText.replace('Program Urbact 80%', 'Program Urbact\n80 %'));
    expect(split.funding).toEqual([
      { source: 'Program Urbact', value: '80 %' },
      { source: 'Miasto Leszno', value: '20%' },
    ]);
    expect(split.warnings.map((warning) => warning.path)).toEqual(['partners.4.name']);
  });
});

describe('a plan-only cell of a year still ahead', () => {
  // The seed card with one more stage, planned for 2013 as "15%" (nothing done yet) — as the old
  // pages wrote a future year's plan.
  const text = seedText
    .replace('2009 2010 2011 2012 2013', '2010 2011 2012 2013')
    .replace(/^(\d\. .*?) \S+ (\S+ \S+ - -)$/gm, '$1 $2')
    .replace(
      '4. Wypracowanie Lokalnego Planu Działań. 2/10% 10/10% - -',
      '4. Wypracowanie Lokalnego Planu Działań. 2/10% 10/10% - -\n5. Budowa drogi dojazdowej - - 5/20% 15%',
    )
    .replace(/^(Typ Wskaźnik Źródło) 2009 /m, '$1 ')
    .replace(/^( {2}.*? )\S+ (\S+ \S+ \S+ \S+)$/gm, '$1$2');

  it('reads "15%" as 15 points planned with nothing done, not as part of the stage’s name', () => {
    const card = only(text);
    expect(card.years).toEqual([2010, 2011, 2012, 2013]);
    const stage = card.stages[4]!;
    expect(stage).toEqual({
      number: 5,
      name: 'Budowa drogi dojazdowej',
      cells: {
        2010: null,
        2011: null,
        2012: { actual: 5, planned: 20 },
        2013: { actual: null, planned: 15 },
      },
    });
    // No "the stage has no cells" warning: the row was read whole.
    expect(card.warnings.filter((warning) => warning.path.startsWith('stages.4'))).toEqual([]);
    expect(
      saidWarnings(card)
        .map((warning) => warning.message)
        .join(' '),
    ).not.toMatch(/nie ma komórek/);
  });

  it('reads a plan-only cell with a decimal comma too', () => {
    const card = only(text.replace('5/20% 15%', '5/20% 12,5%'));
    expect(card.stages[4]!.cells[2013]).toEqual({ actual: null, planned: 12.5 });
  });
});

describe('a card cut short', () => {
  it('is no card to save (its error says so), but comes back with what was read and which sections it lacks', () => {
    const text = seedText.slice(0, seedText.indexOf('Realizator'));
    const result = parseCards(text);
    expect(result.cards).toEqual([]);
    expect(saidErrors(result).map((error) => error.message)).toEqual([
      expect.stringMatching(/^Karta urywa się w sekcji „Etapy realizacji zadania” .*Pominięto tę kartę\.$/),
    ]);
    expect(result.incomplete).toHaveLength(1);
    const [cut] = result.incomplete;
    expect(cut!.error).toBe(result.errors[0]);
    expect(cut!.missing).toEqual(['executor', 'partners', 'indicators', 'totalCost', 'budget']);
    expect(cut!.card.stages.map((stage) => stage.name)).toEqual(demoCard.stages.map((stage) => stage.name));
    expect(cut!.card.task.addressees).toBe(demoCard.task.addressees);
  });

  it('comes back even without a year row (before its stages)', () => {
    const text = seedText.slice(0, seedText.indexOf('Uzasadnienie'));
    const [cut] = parseCards(text).incomplete;
    expect(cut!.card.years).toEqual([]);
    expect(cut!.missing).toContain('stages');
  });
});

describe('fixture: a card with the variations of real cards', () => {
  const card = only(fixture('karta-cel-II-program-2-zadanie-3.txt'));

  it('reads the headers and the free text with its list', () => {
    expect(card.strategy.name).toBe('Strategia rozwoju Leszna');
    expect(card.goal).toEqual({
      number: 2,
      title: 'Wysoka jakość życia mieszkańców oraz sprawne usługi publiczne',
      owner: 'I Zastępca Prezydenta Miasta Leszna',
    });
    expect(card.program).toEqual({
      number: 2,
      title: 'Aktywne i solidarne społeczeństwo',
      coordinator: 'Dyrektor Miejskiego Ośrodka Pomocy Rodzinie',
    });
    expect(card.task.number).toBe(3);
    expect(card.task.title).toBe('Leszczyńskie Centrum Wolontariatu');
    expect(card.task.addressees).toBe(
      'Mieszkańcy Leszna, w szczególności:\n- młodzież szkół ponadgimnazjalnych,\n- seniorzy,\n- organizacje pozarządowe szukające wolontariuszy.',
    );
  });

  it('reads decimal cells with a dot and a comma, planned-only cells and an unnumbered stage', () => {
    expect(card.stages).toEqual([
      {
        number: 1,
        name: 'Przygotowanie lokalu i bazy ofert',
        cells: {
          2009: { actual: 1.5, planned: 2.5 },
          2010: { actual: 1.5, planned: 2.5 },
          2011: null,
          2012: null,
          2013: null,
        },
      },
      {
        number: 2,
        name: 'Szkolenia dla wolontariuszy i koordynatorów',
        cells: {
          2009: { actual: 10, planned: 10 },
          2010: { actual: 12.5, planned: 15 },
          2011: { actual: 15, planned: 15 },
          2012: { actual: null, planned: 15 },
          2013: { actual: null, planned: 10 },
        },
      },
      {
        number: 3,
        name: 'Gala Wolontariatu',
        cells: {
          2009: null,
          2010: { actual: 0, planned: 5 },
          2011: { actual: 5, planned: 5 },
          2012: { actual: null, planned: 5 },
          2013: { actual: null, planned: 5 },
        },
      },
      {
        number: null,
        name: 'Ocena zrealizowanego zadania',
        cells: { 2009: null, 2010: null, 2011: null, 2012: null, 2013: { actual: 0, planned: 10 } },
      },
    ]);
  });

  it('reads the executor on two lines and keeps it as written', () => {
    expect(card.task.executor).toEqual({
      department: 'Miejski Ośrodek Pomocy Rodzinie',
      function: 'Dyrektor',
    });
    expect(card.task.executorText).toBe('Miejski Ośrodek Pomocy Rodzinie\nDyrektor');
    expect(toImportJson(card, importMessageText).task.executor).toBe(
      'Miejski Ośrodek Pomocy Rodzinie\nDyrektor',
    );
  });

  it('reads partners with a scope, without one, and with the scope on the next line', () => {
    expect(card.partners).toEqual([
      {
        name: 'Stowarzyszenie Centrum Wolontariatu w Poznaniu',
        scope: 'Szkolenia dla koordynatorów wolontariatu',
      },
      { name: 'Zespół Szkół Ponadgimnazjalnych nr 1', scope: '' },
      { name: 'Caritas Diecezji Poznańskiej', scope: 'Wymiana ofert wolontariatu, wspólna rekrutacja' },
      { name: 'Leszczyńskie Centrum Biznesu', scope: 'Promocja wolontariatu pracowniczego' },
    ]);
  });

  it('reads indicator values that are not plain numbers, sources of several words, several per type', () => {
    expect(card.indicators.map((i) => [i.type, i.name, i.source, Object.values(i.values)])).toEqual([
      ['product', 'Liczba ofert w bazie wolontariatu', 'MOPR', ['12', 'ok. 40', 'ok. 60', '-', '-']],
      [
        'product',
        'Liczba przeszkolonych wolontariuszy',
        'MOPR / LCB',
        ['48 (w tym 6 nowych)', '52', 'bd.', '-', '-'],
      ],
      ['product', 'Liczba wyświetleń bazy ofert', 'MOPR', ['99 832', '120 415', 'bd.', '-', '-']],
      [
        'result',
        'Liczba aktywnych wolontariuszy',
        'MOPR- organizacje pozarządowe',
        ['35', 'X', '61', '-', '-'],
      ],
      ['result', 'Liczba godzin pracy wolontariuszy', 'MOPR', ['1 250', '2 340', '3 100', '-', '-']],
      ['impact', 'Liczba mieszkańców Leszna', 'GUS', ['64 023', '63 942', '63 700', 'bd.', 'bd.']],
      ['impact', 'Odsetek mieszkańców działających społecznie', 'GUS', ['4,5%', 'bd.', '6,1%', '-', '-']],
    ]);
    expect(Object.keys(card.indicators[0]!.values)).toEqual(['2009', '2010', '2011', '2012', '2013']);
  });

  it('reads the total cost as text and funding given as amounts', () => {
    expect(card.totalCost).toBe('ok. 120 tys. zł');
    expect(card.budgetNote).toBe('');
    expect(card.funding).toEqual([
      { source: 'Budżet miasta', value: '85 000 zł' },
      { source: 'Fundusz Inicjatyw Obywatelskich', value: '35 000 zł' },
    ]);
  });

  it('warns only where it cannot be sure: "99 832 120 415" could also be "99 832 120" and "415"', () => {
    expect(saidWarnings(card)).toEqual([
      { path: 'indicators.2', message: expect.stringContaining('99 832') },
    ]);
  });
});

describe('fixture: three cards in one file', () => {
  const result = parseCards(fixture('trzy-karty.txt'));

  it('reads all three, the second without its own strategy line', () => {
    expect(result.errors).toEqual([]);
    expect(
      result.cards.map((card) => [
        card.strategy.name,
        card.goal.number,
        card.program.number,
        card.task.number,
      ]),
    ).toEqual([
      ['Strategia rozwoju Leszna', 3, 1, 1],
      ['Strategia rozwoju Leszna', 3, 1, 2],
      ['Strategia rozwoju Leszna', 1, 3, 2],
    ]);
    // Card 2 starts at its goal header, card 3 at its strategy line.
    const lines = fixture('trzy-karty.txt').split('\n');
    const secondGoal = lines.findIndex((line, i) => i > 5 && line.startsWith('Cel III'));
    const thirdStrategy = lines.findIndex((line, i) => i > 5 && line.startsWith('Strategia'));
    expect(result.cards.map((card) => card.line)).toEqual([1, secondGoal + 1, thirdStrategy + 1]);
  });

  it('keeps each card’s last funding row with it, not with the next card', () => {
    const [first, second, third] = result.cards;
    expect(first!.funding).toEqual([
      { source: 'Budżet miasta', value: '1 000 000 zł' },
      { source: 'WFOŚiGW w Poznaniu', value: '1 500 000 zł' },
    ]);
    expect(second!.funding).toEqual([
      { source: 'Budżet miasta', value: '70%' },
      { source: 'Wojewódzki Fundusz Ochrony Środowiska', value: '30%' },
    ]);
    expect(third!.budgetNote).toBe('Ze środków własnych:');
    expect(third!.funding).toEqual([
      { source: 'Budżet miasta', value: '850 000 zł' },
      { source: 'Regionalny Program Operacyjny', value: '400 000 zł' },
    ]);
  });

  it('reads "Brak" types, no partners, an empty total cost and the years on the heading line', () => {
    const [first, second, third] = result.cards;
    expect(first!.indicators.map((i) => i.type)).toEqual(['product', 'result']);
    expect(first!.totalCost).toBe('2 500 000 zł');
    expect(second!.years).toEqual([2009, 2010, 2011, 2012, 2013]);
    expect(second!.stages[1]).toEqual({
      number: 2,
      name: 'Publikacja pomiarów w internecie',
      cells: {
        2009: null,
        2010: { actual: 10, planned: 20 },
        2011: { actual: 20, planned: 20 },
        2012: { actual: null, planned: 20 },
        2013: { actual: null, planned: 10 },
      },
    });
    expect(second!.partners).toEqual([]);
    expect(second!.indicators).toEqual([
      {
        type: 'product',
        name: 'Liczba czujników',
        source: 'WOŚ',
        values: { 2009: '-', 2010: '4', 2011: '6', 2012: '-', 2013: '-' },
      },
    ]);
    expect(second!.totalCost).toBe('');
    expect(second!.task.executor).toEqual({
      department: 'Wydział Ochrony Środowiska',
      function: 'Naczelnik',
    });
    expect(third!.partners).toEqual([
      { name: 'Cech Rzemiosł Różnych i Przedsiębiorczości', scope: '' },
      { name: 'Leszczyńskie Centrum Biznesu', scope: 'Doradztwo dla najemców inkubatora' },
    ]);
    expect(third!.indicators[1]).toEqual({
      type: 'result',
      name: 'Liczba firm w inkubatorze',
      source: 'WPiR / LCB',
      values: { 2009: '-', 2010: '-', 2011: '8', 2012: '-', 2013: '-' },
    });
  });

  it('warns where a partner’s name and scope cannot be told apart for sure', () => {
    const [first, second, third] = result.cards;
    expect(saidWarnings(first!)).toEqual([
      { path: 'partners.1.name', message: expect.stringContaining('Przyłącza') },
    ]);
    expect(first!.partners[1]).toEqual({
      name: 'Miejska Energetyka Cieplna Sp. z o.o.',
      scope: 'Przyłącza do sieci ciepłowniczej',
    });
    expect(second!.warnings).toEqual([]);
    expect(third!.warnings).toEqual([]);
  });
});

describe('fixture: a card full of doubts', () => {
  const card = only(fixture('watpliwosci.txt'));
  const paths = card.warnings.map((warning) => warning.path);

  it('picks the most plausible reading and warns at each doubt', () => {
    expect(paths).toEqual([
      'stages.0',
      'stages',
      'task.executor',
      'partners.0.name',
      'indicators.0',
      'indicators.1',
      'indicators.2',
      'funding.1.value',
    ]);
    // An unknown source: the last word before the values, flagged.
    expect(card.indicators[0]).toMatchObject({ name: 'Liczba spotkań', source: 'Muzeum' });
    // Text values the parser cannot split: the whole row kept as the name, nothing invented.
    expect(card.indicators[1]).toEqual({
      type: 'product',
      name: 'Wydanie przewodnika MCK w trakcie wydany - - -',
      source: '',
      values: {},
    });
    // "1 200 300": 1 200 and 300, or 1 and 200 300?
    expect(card.indicators[2]!.values).toEqual({
      2009: '1 200',
      2010: '300',
      2011: '-',
      2012: '-',
      2013: '-',
    });
    expect(saidWarnings(card).find((w) => w.path === 'indicators.2')!.message).toMatch(/tysiące/);
    expect(card.task.executorText).toBe('Muzeum Okręgowe w Lesznie');
    expect(card.funding[1]).toEqual({ source: 'Środki zewnętrzne', value: '' });
    expect(saidWarnings(card).every((warning) => /[ąćęłńóśźż]/i.test(warning.message))).toBe(true);
  });
});

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
