import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';
import { commitCards } from '@/lib/cards/import';
import type { ParsedCard } from '@/lib/cards/parse';
import { importMessageText as said } from '@/lib/cards/message-text';
import { getTaskCard } from '@/lib/strategy/task-card';
import { reader, strategyRows } from '../support/fixtures';
import { AS_OPERATOR, fixFlaggedPartner, onlyTaskId, parseSeed, withCell } from '../support/import-cards';
import { databaseForTests, testBackends } from '../support/test-db';

/* Importing task cards into the demo data around its yearly reports: a fresh database for each test. */

describe.each(testBackends())('importing task cards on $name', (backend) => {
  describe('into the demo data, around yearly reports (a fresh database each)', () => {
    const db = databaseForTests(backend, seedDemoData, { each: true });

    const versionOf = async (taskId: number) =>
      (
        await db()
          .select({ version: schema.tasks.version })
          .from(schema.tasks)
          .where(eq(schema.tasks.id, taskId))
      )[0]!.version;

    it('leaves the actuals of years with a report (any status) as they are, imports the other years, and says so', async () => {
      const taskId = await onlyTaskId(db());
      // 2009–2011 have approved reports (the demo's history); 2012 is opened, its report a draft.
      await db().insert(schema.reports).values({ taskId, year: 2012, status: 'draft' });
      const seed = fixFlaggedPartner(parseSeed());
      const [first, second, third, fourth] = seed.stages;
      const changed: ParsedCard = {
        ...seed,
        stages: [
          first!,
          second!,
          {
            ...third!,
            cells: {
              ...third!.cells,
              2010: { actual: 12, planned: 15 },
              2012: { actual: 3, planned: 5 },
              2013: { actual: 1, planned: 5 },
            },
          },
          // '-' where an approved report has 4 points done.
          { ...fourth!, cells: { ...fourth!.cells, 2009: null } },
        ],
        indicators: seed.indicators.map((indicator, index) =>
          index === 0
            ? { ...indicator, values: { ...indicator.values, 2010: '2', 2012: '5', 2013: '7' } }
            : indicator,
        ),
      };
      const reportedBefore = await db().select().from(schema.reportStageValues);
      const summary = await commitCards(db(), [changed], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });

      const card = await getTaskCard(db(), reader, taskId);
      expect(card.stages[2]!.cells[2010]).toEqual({ year: 2010, actual: 15, planned: 15 });
      expect(card.stages[2]!.cells[2012]).toEqual({ year: 2012, actual: null, planned: 5 });
      expect(card.stages[2]!.cells[2013]).toEqual({ year: 2013, actual: 1, planned: 5 });
      expect(card.stages[3]!.cells[2009]).toEqual({ year: 2009, actual: 4, planned: null });
      const values = card.indicators[0]!.years;
      expect([values[2010]?.actualText, values[2012]?.actualText, values[2013]?.actualText]).toEqual([
        '1',
        '0',
        '7',
      ]);
      expect(card.progress).toBe(87);
      expect(await db().select().from(schema.reportStageValues)).toEqual(reportedBefore);
      const notes = summary.notes.map((item) => said(item)).join('\n');
      for (const year of [2009, 2010, 2012]) {
        expect(notes).toContain(`Zadanie I.3.1: za ${year} r. jest sprawozdanie roczne`);
      }
      expect(notes).not.toContain('2013');

      // Again: nothing to write, the same notes.
      const before = await strategyRows(db());
      const again = await commitCards(db(), [changed], AS_OPERATOR);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1, notes: summary.notes });
      expect(await strategyRows(db())).toEqual(before);
    });

    it('a dropped stage or indicator holding an actual of a year with a report is archived, not deleted', async () => {
      const taskId = await onlyTaskId(db());
      const seed = fixFlaggedPartner(parseSeed());
      const extended: ParsedCard = {
        ...seed,
        stages: [
          ...seed.stages,
          { number: 5, name: 'Konferencja podsumowująca', cells: { 2013: { actual: 2, planned: 5 } } },
        ],
        indicators: [
          ...seed.indicators,
          { type: 'product', name: 'Liczba konferencji', source: 'WPiR', values: { 2013: '1' } },
        ],
      };
      await commitCards(db(), [extended], AS_OPERATOR);
      // 2013 is reported on (no values in the report yet), then a card without them comes.
      await db().insert(schema.reports).values({ taskId, year: 2013, status: 'submitted' });
      const summary = await commitCards(db(), [seed], AS_OPERATOR);
      expect(summary).toMatchObject({ updated: 1 });
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain(
        'etap „Konferencja podsumowująca” ma wykonanie z roku objętego sprawozdaniem — zarchiwizowano go',
      );
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain(
        'miernik „Liczba konferencji” ma wartość z roku objętego',
      );

      const [stage] = await db()
        .select()
        .from(schema.stages)
        .where(eq(schema.stages.name, 'Konferencja podsumowująca'));
      expect(stage?.archivedAt).not.toBeNull();
      const cells = await db()
        .select()
        .from(schema.stageYears)
        .where(eq(schema.stageYears.stageId, stage!.id));
      expect(cells).toMatchObject([{ year: 2013, actualPoints: 2, plannedPoints: 5 }]);
      const [indicator] = await db()
        .select()
        .from(schema.indicators)
        .where(eq(schema.indicators.name, 'Liczba konferencji'));
      expect(indicator?.archivedAt).not.toBeNull();
      expect((await getTaskCard(db(), reader, taskId)).stages).toHaveLength(4);
    });

    it('an import that changes only a plan cell raises the task’s version once', async () => {
      const taskId = await onlyTaskId(db());
      const before = await versionOf(taskId);
      const seed = fixFlaggedPartner(parseSeed());
      const replanned = withCell(seed, 0, 2013, { actual: null, planned: 5 });
      expect(await commitCards(db(), [replanned], AS_OPERATOR)).toMatchObject({ updated: 1 });
      expect(await versionOf(taskId)).toBe(before + 1);
      expect(await commitCards(db(), [replanned], AS_OPERATOR)).toMatchObject({ unchanged: 1 });
      expect(await versionOf(taskId)).toBe(before + 1);
    });
  });
});
