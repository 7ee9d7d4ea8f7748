import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';
import { commitCards } from '@/lib/cards/import';
import { importCardSchema } from '@/lib/cards/import-schema';
import { toFormCard } from '@/lib/cards/preview/form-card';
import { type ParsedCard, parseCards } from '@/lib/cards/parse';
import { importMessageText as said } from '@/lib/cards/message-text';
import { getTaskCard } from '@/lib/strategy/task-card';
import { reader, strategyRows } from '../support/fixtures';
import {
  AS_OPERATOR,
  fixFlaggedPartner,
  importRefusal,
  parseSeed,
  seedText,
  withCell,
} from '../support/import-cards';
import { databaseForTests, testBackends } from '../support/test-db';

/* Importing task cards: the numbers the database could not keep as given are refused, writing nothing. */

describe.each(testBackends())('importing task cards into the demo data on $name: numbers', (backend) => {
  const db = databaseForTests(backend, seedDemoData);

  it('refuses stage points with three decimals (numeric(7,2) would round them): the card, naming its line; the import, writing nothing', async () => {
    const row = seedText.split('\n').findIndex((line) => line.startsWith('4. Wypracowanie')) + 1;
    const result = parseCards(seedText.replace('4/10% 2/10% 10/10%', '4/10% 2/9,995% 10/10%'));
    expect(result.cards).toEqual([]);
    expect(result.errors).toEqual([{ message: expect.anything(), line: row }]);
    expect(said(result.errors[0]!.message)).toBe(
      `Karta zaczynająca się w wierszu 1: komórka 2010 etapu 4 „2/9,995%” (wiersz ${row}) ma więcej niż dwa miejsca po przecinku — punkty zapisuje się z dokładnością do 0,01; pominięto tę kartę. Popraw wartość i wczytaj kartę ponownie.`,
    );
    expect(said(result.errors[0]!.message, 'en')).toBe(
      `Card starting at line 1: the 2010 cell of stage 4 “2/9,995%” (line ${row}) has more than two decimal places — points are kept to 0.01; the card was skipped. Correct the value and load the card again.`,
    );
    // An actual too, and two decimals with trailing zeros are fine.
    expect(parseCards(seedText.replace('4/10% 2/10%', '4/10% 2,125/10%')).errors).toHaveLength(1);
    expect(parseCards(seedText.replace('4/10% 2/10%', '4,50/10,250% 2/10%')).errors).toEqual([]);

    // A card that does not come from text (the preview's form) is refused by the import itself.
    const before = await strategyRows(db());
    const seed = fixFlaggedPartner(parseSeed());
    const precise = withCell(seed, 3, 2010, { actual: 2, planned: 9.995 });
    const message = await importRefusal(db(), [precise]);
    expect(said(message)).toBe(
      'Cel I, program 3, zadanie 1: etap 4 ma w 2010 r. plan 9,995 pkt — więcej niż dwa miejsca po przecinku; punkty zapisuje się z dokładnością do 0,01.',
    );
    expect(said(message, 'en')).toBe(
      'Goal I, program 3, task 1: stage 4 has planned 9.995 points in 2010 — more than two decimal places; points are kept to 0.01.',
    );
    expect(await strategyRows(db())).toEqual(before);
  });

  it('refuses a stage whose points done over all years exceed its plan (issue 19), writing nothing', async () => {
    const before = await strategyRows(db());
    const seed = fixFlaggedPartner(parseSeed());
    // Stage 4 plans 10 + 10 + 10; 4 + 22 + 10 done would be 36 of 30 — a year may run ahead, a stage not.
    const over = withCell(seed, 3, 2010, { actual: 22, planned: 10 });
    expect(said(await importRefusal(db(), [over]))).toBe(
      'Cel I, program 3, zadanie 1: etap 4 ma łącznie 36 pkt wykonania przy planie 30 pkt — wykonanie etapu nie może przekraczać jego planu.',
    );
    expect(await strategyRows(db())).toEqual(before);
    // The preview's form says it at the stage, with the same rule.
    const ahead = importCardSchema.safeParse(toFormCard(over, 'Strategia rozwoju Leszna'));
    expect(ahead.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['stages.3.name', 'doneOverPlan'],
    ]);
    // 20 done in 2010 is ahead of that year's plan of 10 but within the stage's 30: accepted.
    const early = withCell(seed, 3, 2010, { actual: 16, planned: 10 });
    expect(importCardSchema.safeParse(toFormCard(early, 'Strategia rozwoju Leszna')).success).toBe(true);
  });

  it('refuses a funding share with three decimals (stored as numeric(7,2)), writing nothing', async () => {
    const before = await strategyRows(db());
    const seed = fixFlaggedPartner(parseSeed());
    const thirds: ParsedCard = {
      ...seed,
      funding: [
        { source: 'Program Urbact', value: '66,667%' },
        { source: 'Miasto Leszno', value: '33,333%' },
      ],
    };
    expect(said(await importRefusal(db(), [thirds]))).toBe(
      'Cel I, program 3, zadanie 1: źródło finansowania 1 („66,667%”) ma więcej niż dwa miejsca po przecinku; udziały i kwoty zapisuje się z dokładnością do 0,01.',
    );
    expect(await strategyRows(db())).toEqual(before);
    // Two decimals are kept as they are: the shares, and a stage's planned points (33,33).
    const year = seed.years.find((candidate) => seed.stages[0]!.cells[candidate])!;
    const exact: ParsedCard = {
      ...withCell(seed, 0, year, { ...seed.stages[0]!.cells[year]!, planned: 33.33 }),
      funding: [
        { source: 'Program Urbact', value: '66,67%' },
        { source: 'Miasto Leszno', value: '33,33%' },
      ],
    };
    const summary = await commitCards(db(), [exact], AS_OPERATOR);
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const taskId = summary.tasks[0]!.taskId;
    const funding = await db()
      .select({
        valueText: schema.fundingSources.valueText,
        sharePercent: schema.fundingSources.sharePercent,
        amount: schema.fundingSources.amount,
      })
      .from(schema.fundingSources)
      .where(eq(schema.fundingSources.taskId, taskId))
      .orderBy(schema.fundingSources.position);
    expect(funding).toEqual([
      { valueText: '66,67%', sharePercent: 66.67, amount: null },
      { valueText: '33,33%', sharePercent: 33.33, amount: null },
    ]);
    const view = await getTaskCard(db(), reader, taskId);
    expect(view.stages[0]!.cells[year]?.planned).toBe(33.33);
    expect(view.funding.map((item) => item.sharePercent)).toEqual([66.67, 33.33]);
    // Importing it again finds the stored values equal to the card's: nothing to write.
    expect(await commitCards(db(), [exact], AS_OPERATOR)).toMatchObject({ unchanged: 1 });
  });
});
