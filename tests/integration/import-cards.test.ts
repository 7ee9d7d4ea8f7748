import { count, eq, isNotNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { demoCard } from '@/scripts/seed/demo-card';
import { seedDemoData } from '@/scripts/seed/demo';
import { renderCardText } from '@/lib/cards/card-text';
import { CardImportError, commitCards } from '@/lib/cards/import';
import { type ParsedCard, parseCards } from '@/lib/cards/parse';
import { importMessageText as said } from '@/lib/cards/message-text';
import { getTaskCard, type TaskCardView } from '@/lib/strategy/task-card';
import { auditRows, latestAudit, reader, strategyRows } from '../support/fixtures';
import {
  AS_OPERATOR,
  fixFlaggedPartner,
  importRefusal,
  onlyTaskId,
  parseSeed,
} from '../support/import-cards';
import { threeCards } from '../support/import-screen';
import { createMigrated, databaseForTests, testBackends } from '../support/test-db';

/*
 * Importing task cards: into an empty database, next to the city hall's posts, and into the demo
 * data. The refusals of numbers the database could not keep are in import-cards-numbers.test.ts,
 * the import around yearly reports in import-cards-reports.test.ts, the command in
 * import-command.test.ts.
 */

/** The posts of the demo city hall, without any strategy data: what an office has before importing. */
async function addDemoPosts(db: Db) {
  const [wpir] = await db
    .insert(schema.departments)
    .values({ name: demoCard.task.executor.department, abbreviation: 'WPiR' })
    .returning({ id: schema.departments.id });
  await db.insert(schema.posts).values([
    { name: demoCard.goal.owner, function: 'Sekretarz Miasta' },
    { name: demoCard.program.coordinator, function: demoCard.task.executor.function, departmentId: wpir!.id },
  ]);
}

describe.each(testBackends())('importing task cards on $name', (backend) => {
  let demoView: TaskCardView;

  beforeAll(async () => {
    const demo = await createMigrated(backend);
    try {
      await seedDemoData(demo.db);
      demoView = await getTaskCard(demo.db, reader, await onlyTaskId(demo.db));
    } finally {
      await demo.close();
    }
  });

  it('imports the seed into an empty database and reports the roles nobody could be given', async () => {
    const database = await createMigrated(backend);
    try {
      const summary = await commitCards(database.db, [fixFlaggedPartner(parseSeed())], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
      expect(summary.unassigned).toHaveLength(3);
      expect(summary.unassigned.map((item) => said(item))).toEqual([
        'Cel I: szef celu „Sekretarz Miasta Leszna” — nie znaleziono takiego stanowiska; rola pozostaje nieprzydzielona.',
        'Program I.3: koordynator „Naczelnik Wydziału Promocji i Rozwoju” — nie znaleziono takiego stanowiska; rola pozostaje nieprzydzielona.',
        'Zadanie I.3.1: realizator „Wydział Promocji i Rozwoju – Naczelnik” — nie znaleziono takiego stanowiska; rola pozostaje nieprzydzielona.',
      ]);

      const [strategy] = await database.db.select().from(schema.strategies);
      expect(strategy).toMatchObject({ name: 'Strategia rozwoju Leszna', startYear: 2009, endYear: 2013 });
      expect(strategy!.cityName).toBe('Leszna');
      const card = await getTaskCard(database.db, reader, await onlyTaskId(database.db));
      expect(card.progress).toBe(86);
      // Everything but the three roles is the demo card.
      const unassignedDemo: TaskCardView = {
        ...demoView,
        goal: { ...demoView.goal, owner: null },
        program: { ...demoView.program, coordinator: null },
        executor: null,
      };
      expect(renderCardText(card)).toBe(renderCardText(unassignedDemo));
      const audit = await auditRows(database.db, { entity: 'task' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'import', before: null });
    } finally {
      await database.close();
    }
  });

  describe('with the city hall’s posts in place', () => {
    const db = databaseForTests(backend, addDemoPosts);

    it('gives the roles and renders the imported card exactly as the demo data', async () => {
      const summary = await commitCards(db(), [fixFlaggedPartner(parseSeed())], {
        ...AS_OPERATOR,
        cityName: 'Leszno',
      });
      expect(summary).toMatchObject({ created: 1, updated: 0, unchanged: 0, unassigned: [] });
      const card = await getTaskCard(db(), reader, await onlyTaskId(db()));
      expect(renderCardText(card)).toBe(renderCardText(demoView));
      expect(card.executor).toEqual(demoView.executor);
      expect(card.strategy.cityName).toBe('Leszno');
    });

    it('importing the same card twice changes nothing', async () => {
      const before = await strategyRows(db());
      const summary = await commitCards(db(), [fixFlaggedPartner(parseSeed())], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, unassigned: [] });
      expect(await strategyRows(db())).toEqual(before);
    });

    it('the card as parsed (one run-together partner) changes only the partners, with an audit row', async () => {
      const taskId = await onlyTaskId(db());
      const before = await strategyRows(db());
      const summary = await commitCards(db(), [parseSeed()], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      const after = await strategyRows(db());
      for (const table of [
        'stages',
        'stageYears',
        'indicators',
        'indicatorYears',
        'fundingSources',
        'postRoles',
      ]) {
        expect(after[table], table).toEqual(before[table]);
      }
      const partnerNames = (await getTaskCard(db(), reader, taskId)).partners.map((partner) => partner.name);
      expect(partnerNames).toHaveLength(5);
      expect(partnerNames[4]).toContain('TechnologiiRegionalna');
      const audit = await latestAudit(db(), { entity: 'task', entityId: taskId });
      expect(audit!.action).toBe('import');
      expect((audit!.before as { partners: unknown[] }).partners).toHaveLength(6);
      expect((audit!.after as { partners: unknown[] }).partners).toHaveLength(5);
    });
  });

  describe('into the demo data (with yearly reports)', () => {
    const db = databaseForTests(backend, seedDemoData);

    it('the seed card, fixed, is the demo data: nothing changes', async () => {
      const before = await strategyRows(db());
      const summary = await commitCards(db(), [fixFlaggedPartner(parseSeed())], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, unassigned: [] });
      expect(await strategyRows(db())).toEqual(before);
    });

    it('writes changes in place; reported stages and indicators are archived, not deleted', async () => {
      const taskId = await onlyTaskId(db());
      const seed = fixFlaggedPartner(parseSeed());
      const changed: ParsedCard = {
        ...seed,
        // Stage 4 (reported in 2009–2011) is dropped, stage 3 gets a plan for 2012, a new stage comes.
        stages: [
          ...seed.stages.slice(0, 2),
          { ...seed.stages[2]!, cells: { ...seed.stages[2]!.cells, 2012: { actual: null, planned: 10 } } },
          { number: 5, name: 'Konferencja podsumowująca', cells: { 2013: { actual: null, planned: 5 } } },
        ],
        // "Nowe gałęzie przemysłu" (reported) is dropped.
        indicators: seed.indicators.filter((indicator) => indicator.name !== 'Nowe gałęzie przemysłu'),
      };
      const reportedBefore = await db().select().from(schema.reportStageValues);
      const summary = await commitCards(db(), [changed], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain(
        'Wypracowanie Lokalnego Planu Działań.',
      );
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain('Nowe gałęzie przemysłu');

      const card = await getTaskCard(db(), reader, taskId);
      expect(card.stages.map((stage) => stage.number)).toEqual([1, 2, 3, 5]);
      expect(card.stages[2]!.cells[2012]).toEqual({ year: 2012, actual: null, planned: 10 });
      expect(card.indicators.map((indicator) => indicator.name)).not.toContain('Nowe gałęzie przemysłu');
      const archivedStages = await db()
        .select()
        .from(schema.stages)
        .where(isNotNull(schema.stages.archivedAt));
      expect(archivedStages.map((stage) => stage.name)).toEqual(['Wypracowanie Lokalnego Planu Działań.']);
      const archivedIndicators = await db()
        .select()
        .from(schema.indicators)
        .where(isNotNull(schema.indicators.archivedAt));
      expect(archivedIndicators.map((indicator) => indicator.name)).toEqual(['Nowe gałęzie przemysłu']);
      expect(await db().select().from(schema.reportStageValues)).toEqual(reportedBefore);

      // Again: nothing changes. Then the new (never reported) stage is dropped: it is deleted.
      const before = await strategyRows(db());
      expect(await commitCards(db(), [changed], AS_OPERATOR)).toMatchObject({ unchanged: 1 });
      expect(await strategyRows(db())).toEqual(before);
      await commitCards(db(), [{ ...changed, stages: changed.stages.slice(0, 3) }], AS_OPERATOR);
      const [stageCount] = await db()
        .select({ n: count() })
        .from(schema.stages)
        .where(eq(schema.stages.name, 'Konferencja podsumowująca'));
      expect(stageCount!.n).toBe(0);
    });

    it('all or nothing: a card the database refuses leaves no trace of the cards before it', async () => {
      const before = await strategyRows(db());
      const [first, second] = parseCards(threeCards).cards;
      const broken: ParsedCard = {
        ...second!,
        funding: [{ source: 'Budżet miasta', value: '99999999999999999999 zł' }],
      };
      await expect(commitCards(db(), [first!, broken], AS_OPERATOR)).rejects.toThrow();
      expect(await strategyRows(db())).toEqual(before);
      await expect(commitCards(db(), [first!, first!], AS_OPERATOR)).rejects.toThrow(CardImportError);
      const outside: ParsedCard = { ...first!, years: [2008, ...first!.years] };
      expect(said(await importRefusal(db(), [outside]))).toBe(
        'Karty strategii „Strategia rozwoju Leszna” obejmują lata 2008–2013, a strategia 2009–2013; zmień najpierw okres strategii.',
      );
      expect(await strategyRows(db())).toEqual(before);
    });

    it('imports a file of three cards: new goal and program created, the existing program reused', async () => {
      const result = parseCards(threeCards);
      expect(result.errors).toEqual([]);
      const summary = await commitCards(db(), result.cards, AS_OPERATOR);
      expect(summary).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      // The goal owner of Cel I and the coordinator of program 3 exist; their roles are already held.
      expect(summary.unassigned.some((item) => said(item).startsWith('Cel III'))).toBe(true);
      expect(summary.unassigned.some((item) => said(item).startsWith('Cel I:'))).toBe(false);
      expect(summary.unassigned.some((item) => said(item).startsWith('Zadanie I.3.2'))).toBe(false);
      const [goalCount] = await db().select({ n: count() }).from(schema.goals);
      const [programCount] = await db().select({ n: count() }).from(schema.programs);
      expect([goalCount!.n, programCount!.n]).toEqual([2, 2]);
      const again = await commitCards(db(), result.cards, AS_OPERATOR);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    });
  });
});
