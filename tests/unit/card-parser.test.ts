import { describe, expect, it } from 'vitest';
import { demoCard } from '@/scripts/seed/demo-card';
import { importMessageText } from '@/lib/cards/message-text';
import { parseCards, toImportJson } from '@/lib/cards/parse';
import { asCardData, only, saidErrors, saidWarnings, seedText } from '../support/card-parser';

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
    // Each warning at its field, with its code (README) and its sentence.
    expect(json.warnings).toEqual([
      {
        path: 'partners.4.name',
        code: 'parse.gluedPartner',
        message: expect.stringContaining('TechnologiiRegionalna'),
      },
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
