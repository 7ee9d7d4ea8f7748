import { describe, expect, it } from 'vitest';
import { importMessageText } from '@/lib/cards/message-text';
import { parseCards, toImportJson } from '@/lib/cards/parse';
import { fixture, only, saidWarnings } from '../support/card-parser';

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
      // A partner without a scope among others may as well be a row wrapped onto the next.
      { path: 'partners.1.name', message: expect.stringContaining('Zespół Szkół Ponadgimnazjalnych nr 1') },
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
    // A name alone before a row of name and scope may be a name wrapped onto the next row.
    expect(saidWarnings(third!)).toEqual([
      {
        path: 'partners.0.name',
        message: expect.stringContaining('Cech Rzemiosł Różnych i Przedsiębiorczości'),
      },
    ]);
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
