import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, desc, eq, isNotNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '@/db/client';
import * as schema from '@/db/schema';
import { demoCard } from '@/scripts/seed/demo-card';
import { seedDemoData } from '@/scripts/seed/demo';
import { renderCardText } from '@/lib/cards/card-text';
import { CardImportError, commitCards } from '@/lib/cards/import';
import { importCardSchema } from '@/lib/cards/import-schema';
import { toFormCard } from '@/lib/cards/preview/form-card';
import { type ParsedCard, parseCards, toImportJson } from '@/lib/cards/parse';
import { importMessageText as said } from '@/lib/cards/message-text';
import { getTaskCard, type TaskCardView } from '@/lib/strategy/task-card';
import { reader } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';

const root = path.join(import.meta.dirname, '../..');
const seedPath = path.join(root, 'scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt');
const seedText = fs.readFileSync(seedPath, 'utf8');
const threeCards = fs.readFileSync(path.join(root, 'tests/fixtures/cards/trzy-karty.txt'), 'utf8');

/** The import command's and the seed's way in: no user, nothing to authorize. */
const AS_OPERATOR = { importer: { operator: true, actorUserId: null } } as const;

function parseSeed(): ParsedCard {
  const result = parseCards(seedText);
  expect(result.errors).toEqual([]);
  return result.cards[0]!;
}

/** What a user does in the preview with the flagged partner: splits it into the two partners. */
function fixFlaggedPartner(card: ParsedCard): ParsedCard {
  const flagged = card.warnings.find((warning) => warning.path === 'partners.4.name');
  expect(said(flagged!.message)).toContain('TechnologiiRegionalna');
  const scope = card.partners[4]!.scope;
  return {
    ...card,
    partners: [
      ...card.partners.slice(0, 4),
      { name: 'Centrum Innowacji i Transferu Technologii', scope },
      { name: 'Regionalna Izba Przemysłowo Handlowa', scope },
    ],
    warnings: card.warnings.filter((warning) => warning !== flagged),
  };
}

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

const strategyTables = {
  departments: schema.departments,
  posts: schema.posts,
  postRoles: schema.postRoles,
  strategies: schema.strategies,
  goals: schema.goals,
  programs: schema.programs,
  tasks: schema.tasks,
  stages: schema.stages,
  stageYears: schema.stageYears,
  partners: schema.partners,
  indicators: schema.indicators,
  indicatorYears: schema.indicatorYears,
  fundingSources: schema.fundingSources,
  reports: schema.reports,
  reportStageValues: schema.reportStageValues,
  reportIndicatorValues: schema.reportIndicatorValues,
  auditLog: schema.auditLog,
};

/** Every row of the strategy tables, in a stable order: equal means nothing changed. */
async function allRows(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(strategyTables)) {
    const rows = await db.select().from(table);
    out[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

async function onlyTaskId(db: Db): Promise<number> {
  const rows = await db.select({ id: schema.tasks.id }).from(schema.tasks);
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
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
      const audit = await database.db
        .select()
        .from(schema.auditLog)
        .where(eq(schema.auditLog.entity, 'task'));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'import', before: null });
    } finally {
      await database.close();
    }
  });

  describe('with the city hall’s posts in place', () => {
    let db: Db;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const database = await createMigrated(backend);
      db = database.db;
      close = () => database.close();
      await addDemoPosts(db);
    });
    afterAll(async () => {
      await close?.();
    });

    it('gives the roles and renders the imported card exactly as the demo data', async () => {
      const summary = await commitCards(db, [fixFlaggedPartner(parseSeed())], {
        ...AS_OPERATOR,
        cityName: 'Leszno',
      });
      expect(summary).toMatchObject({ created: 1, updated: 0, unchanged: 0, unassigned: [] });
      const card = await getTaskCard(db, reader, await onlyTaskId(db));
      expect(renderCardText(card)).toBe(renderCardText(demoView));
      expect(card.executor).toEqual(demoView.executor);
      expect(card.strategy.cityName).toBe('Leszno');
    });

    it('importing the same card twice changes nothing', async () => {
      const before = await allRows(db);
      const summary = await commitCards(db, [fixFlaggedPartner(parseSeed())], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, unassigned: [] });
      expect(await allRows(db)).toEqual(before);
    });

    it('the card as parsed (one run-together partner) changes only the partners, with an audit row', async () => {
      const taskId = await onlyTaskId(db);
      const before = await allRows(db);
      const summary = await commitCards(db, [parseSeed()], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      const after = await allRows(db);
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
      const partnerNames = (await getTaskCard(db, reader, taskId)).partners.map((partner) => partner.name);
      expect(partnerNames).toHaveLength(5);
      expect(partnerNames[4]).toContain('TechnologiiRegionalna');
      const [audit] = await db
        .select()
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.entity, 'task'), eq(schema.auditLog.entityId, String(taskId))))
        .orderBy(desc(schema.auditLog.id))
        .limit(1);
      expect(audit!.action).toBe('import');
      expect((audit!.before as { partners: unknown[] }).partners).toHaveLength(6);
      expect((audit!.after as { partners: unknown[] }).partners).toHaveLength(5);
    });
  });

  describe('into the demo data (with yearly reports)', () => {
    let db: Db;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const database = await createMigrated(backend);
      db = database.db;
      close = () => database.close();
      await seedDemoData(db);
    });
    afterAll(async () => {
      await close?.();
    });

    it('the seed card, fixed, is the demo data: nothing changes', async () => {
      const before = await allRows(db);
      const summary = await commitCards(db, [fixFlaggedPartner(parseSeed())], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, unassigned: [] });
      expect(await allRows(db)).toEqual(before);
    });

    it('writes changes in place; reported stages and indicators are archived, not deleted', async () => {
      const taskId = await onlyTaskId(db);
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
      const reportedBefore = await db.select().from(schema.reportStageValues);
      const summary = await commitCards(db, [changed], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain(
        'Wypracowanie Lokalnego Planu Działań.',
      );
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain('Nowe gałęzie przemysłu');

      const card = await getTaskCard(db, reader, taskId);
      expect(card.stages.map((stage) => stage.number)).toEqual([1, 2, 3, 5]);
      expect(card.stages[2]!.cells[2012]).toEqual({ year: 2012, actual: null, planned: 10 });
      expect(card.indicators.map((indicator) => indicator.name)).not.toContain('Nowe gałęzie przemysłu');
      const archivedStages = await db.select().from(schema.stages).where(isNotNull(schema.stages.archivedAt));
      expect(archivedStages.map((stage) => stage.name)).toEqual(['Wypracowanie Lokalnego Planu Działań.']);
      const archivedIndicators = await db
        .select()
        .from(schema.indicators)
        .where(isNotNull(schema.indicators.archivedAt));
      expect(archivedIndicators.map((indicator) => indicator.name)).toEqual(['Nowe gałęzie przemysłu']);
      expect(await db.select().from(schema.reportStageValues)).toEqual(reportedBefore);

      // Again: nothing changes. Then the new (never reported) stage is dropped: it is deleted.
      const before = await allRows(db);
      expect(await commitCards(db, [changed], AS_OPERATOR)).toMatchObject({ unchanged: 1 });
      expect(await allRows(db)).toEqual(before);
      await commitCards(db, [{ ...changed, stages: changed.stages.slice(0, 3) }], AS_OPERATOR);
      const [stageCount] = await db
        .select({ n: count() })
        .from(schema.stages)
        .where(eq(schema.stages.name, 'Konferencja podsumowująca'));
      expect(stageCount!.n).toBe(0);
    });

    it('all or nothing: a card the database refuses leaves no trace of the cards before it', async () => {
      const before = await allRows(db);
      const [first, second] = parseCards(threeCards).cards;
      const broken: ParsedCard = {
        ...second!,
        funding: [{ source: 'Budżet miasta', value: '99999999999999999999 zł' }],
      };
      await expect(commitCards(db, [first!, broken], AS_OPERATOR)).rejects.toThrow();
      expect(await allRows(db)).toEqual(before);
      await expect(commitCards(db, [first!, first!], AS_OPERATOR)).rejects.toThrow(CardImportError);
      const outside: ParsedCard = { ...first!, years: [2008, ...first!.years] };
      const refusal = await commitCards(db, [outside], AS_OPERATOR).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CardImportError);
      expect(said((refusal as CardImportError).importMessage)).toBe(
        'Karty strategii „Strategia rozwoju Leszna” obejmują lata 2008–2013, a strategia 2009–2013; zmień najpierw okres strategii.',
      );
      expect(await allRows(db)).toEqual(before);
    });

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
      const before = await allRows(db);
      const seed = fixFlaggedPartner(parseSeed());
      const precise: ParsedCard = {
        ...seed,
        stages: seed.stages.map((stage, index) =>
          index === 3 ? { ...stage, cells: { ...stage.cells, 2010: { actual: 2, planned: 9.995 } } } : stage,
        ),
      };
      const refusal = await commitCards(db, [precise], AS_OPERATOR).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CardImportError);
      const message = (refusal as CardImportError).importMessage;
      expect(said(message)).toBe(
        'Cel I, program 3, zadanie 1: etap 4 ma w 2010 r. plan 9,995 pkt — więcej niż dwa miejsca po przecinku; punkty zapisuje się z dokładnością do 0,01.',
      );
      expect(said(message, 'en')).toBe(
        'Goal I, program 3, task 1: stage 4 has planned 9.995 points in 2010 — more than two decimal places; points are kept to 0.01.',
      );
      expect(await allRows(db)).toEqual(before);
    });

    it('refuses a stage whose points done over all years exceed its plan (issue 19), writing nothing', async () => {
      const before = await allRows(db);
      const seed = fixFlaggedPartner(parseSeed());
      // Stage 4 plans 10 + 10 + 10; 4 + 22 + 10 done would be 36 of 30 — a year may run ahead, a stage not.
      const over: ParsedCard = {
        ...seed,
        stages: seed.stages.map((stage, index) =>
          index === 3 ? { ...stage, cells: { ...stage.cells, 2010: { actual: 22, planned: 10 } } } : stage,
        ),
      };
      const refusal = await commitCards(db, [over], AS_OPERATOR).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CardImportError);
      expect(said((refusal as CardImportError).importMessage)).toBe(
        'Cel I, program 3, zadanie 1: etap 4 ma łącznie 36 pkt wykonania przy planie 30 pkt — wykonanie etapu nie może przekraczać jego planu.',
      );
      expect(await allRows(db)).toEqual(before);
      // The preview's form says it at the stage, with the same rule.
      const ahead = importCardSchema.safeParse(toFormCard(over, 'Strategia rozwoju Leszna'));
      expect(ahead.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
        ['stages.3.name', 'doneOverPlan'],
      ]);
      // 20 done in 2010 is ahead of that year's plan of 10 but within the stage's 30: accepted.
      const early: ParsedCard = {
        ...seed,
        stages: seed.stages.map((stage, index) =>
          index === 3 ? { ...stage, cells: { ...stage.cells, 2010: { actual: 16, planned: 10 } } } : stage,
        ),
      };
      expect(importCardSchema.safeParse(toFormCard(early, 'Strategia rozwoju Leszna')).success).toBe(true);
    });

    it('refuses a funding share with three decimals (stored as numeric(7,2)), writing nothing', async () => {
      const before = await allRows(db);
      const seed = fixFlaggedPartner(parseSeed());
      const thirds: ParsedCard = {
        ...seed,
        funding: [
          { source: 'Program Urbact', value: '66,667%' },
          { source: 'Miasto Leszno', value: '33,333%' },
        ],
      };
      const refusal = await commitCards(db, [thirds], AS_OPERATOR).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(CardImportError);
      expect(said((refusal as CardImportError).importMessage)).toBe(
        'Cel I, program 3, zadanie 1: źródło finansowania 1 („66,667%”) ma więcej niż dwa miejsca po przecinku; udziały i kwoty zapisuje się z dokładnością do 0,01.',
      );
      expect(await allRows(db)).toEqual(before);
      // Two decimals are kept as they are: the shares, and a stage's planned points (33,33).
      const year = seed.years.find((candidate) => seed.stages[0]!.cells[candidate])!;
      const exact: ParsedCard = {
        ...seed,
        stages: seed.stages.map((stage, index) =>
          index === 0
            ? { ...stage, cells: { ...stage.cells, [year]: { ...stage.cells[year]!, planned: 33.33 } } }
            : stage,
        ),
        funding: [
          { source: 'Program Urbact', value: '66,67%' },
          { source: 'Miasto Leszno', value: '33,33%' },
        ],
      };
      const summary = await commitCards(db, [exact], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
      const taskId = summary.tasks[0]!.taskId;
      const funding = await db
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
      const view = await getTaskCard(db, reader, taskId);
      expect(view.stages[0]!.cells[year]?.planned).toBe(33.33);
      expect(view.funding.map((item) => item.sharePercent)).toEqual([66.67, 33.33]);
      // Importing it again finds the stored values equal to the card's: nothing to write.
      expect(await commitCards(db, [exact], AS_OPERATOR)).toMatchObject({ unchanged: 1 });
    });

    it('imports a file of three cards: new goal and program created, the existing program reused', async () => {
      const result = parseCards(threeCards);
      expect(result.errors).toEqual([]);
      const summary = await commitCards(db, result.cards, AS_OPERATOR);
      expect(summary).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
      // The goal owner of Cel I and the coordinator of program 3 exist; their roles are already held.
      expect(summary.unassigned.some((item) => said(item).startsWith('Cel III'))).toBe(true);
      expect(summary.unassigned.some((item) => said(item).startsWith('Cel I:'))).toBe(false);
      expect(summary.unassigned.some((item) => said(item).startsWith('Zadanie I.3.2'))).toBe(false);
      const [goalCount] = await db.select({ n: count() }).from(schema.goals);
      const [programCount] = await db.select({ n: count() }).from(schema.programs);
      expect([goalCount!.n, programCount!.n]).toEqual([2, 2]);
      const again = await commitCards(db, result.cards, AS_OPERATOR);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    });
  });

  describe('into the demo data, around yearly reports (a fresh database each)', () => {
    let db: Db;
    let close: () => Promise<void>;

    beforeEach(async () => {
      const database = await createMigrated(backend);
      db = database.db;
      close = () => database.close();
      await seedDemoData(db);
    });
    afterEach(async () => {
      await close?.();
    });

    const versionOf = async (taskId: number) =>
      (
        await db
          .select({ version: schema.tasks.version })
          .from(schema.tasks)
          .where(eq(schema.tasks.id, taskId))
      )[0]!.version;

    it('leaves the actuals of years with a report (any status) as they are, imports the other years, and says so', async () => {
      const taskId = await onlyTaskId(db);
      // 2009–2011 have approved reports (the demo's history); 2012 is opened, its report a draft.
      await db.insert(schema.reports).values({ taskId, year: 2012, status: 'draft' });
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
      const reportedBefore = await db.select().from(schema.reportStageValues);
      const summary = await commitCards(db, [changed], AS_OPERATOR);
      expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });

      const card = await getTaskCard(db, reader, taskId);
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
      expect(await db.select().from(schema.reportStageValues)).toEqual(reportedBefore);
      const notes = summary.notes.map((item) => said(item)).join('\n');
      for (const year of [2009, 2010, 2012]) {
        expect(notes).toContain(`Zadanie I.3.1: za ${year} r. jest sprawozdanie roczne`);
      }
      expect(notes).not.toContain('2013');

      // Again: nothing to write, the same notes.
      const before = await allRows(db);
      const again = await commitCards(db, [changed], AS_OPERATOR);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1, notes: summary.notes });
      expect(await allRows(db)).toEqual(before);
    });

    it('a dropped stage or indicator holding an actual of a year with a report is archived, not deleted', async () => {
      const taskId = await onlyTaskId(db);
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
      await commitCards(db, [extended], AS_OPERATOR);
      // 2013 is reported on (no values in the report yet), then a card without them comes.
      await db.insert(schema.reports).values({ taskId, year: 2013, status: 'submitted' });
      const summary = await commitCards(db, [seed], AS_OPERATOR);
      expect(summary).toMatchObject({ updated: 1 });
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain(
        'etap „Konferencja podsumowująca” ma wykonanie z roku objętego sprawozdaniem — zarchiwizowano go',
      );
      expect(summary.notes.map((item) => said(item)).join('\n')).toContain(
        'miernik „Liczba konferencji” ma wartość z roku objętego',
      );

      const [stage] = await db
        .select()
        .from(schema.stages)
        .where(eq(schema.stages.name, 'Konferencja podsumowująca'));
      expect(stage?.archivedAt).not.toBeNull();
      const cells = await db.select().from(schema.stageYears).where(eq(schema.stageYears.stageId, stage!.id));
      expect(cells).toMatchObject([{ year: 2013, actualPoints: 2, plannedPoints: 5 }]);
      const [indicator] = await db
        .select()
        .from(schema.indicators)
        .where(eq(schema.indicators.name, 'Liczba konferencji'));
      expect(indicator?.archivedAt).not.toBeNull();
      expect((await getTaskCard(db, reader, taskId)).stages).toHaveLength(4);
    });

    it('an import that changes only a plan cell raises the task’s version once', async () => {
      const taskId = await onlyTaskId(db);
      const before = await versionOf(taskId);
      const seed = fixFlaggedPartner(parseSeed());
      const replanned: ParsedCard = {
        ...seed,
        stages: seed.stages.map((stage, index) =>
          index === 0 ? { ...stage, cells: { ...stage.cells, 2013: { actual: null, planned: 5 } } } : stage,
        ),
      };
      expect(await commitCards(db, [replanned], AS_OPERATOR)).toMatchObject({ updated: 1 });
      expect(await versionOf(taskId)).toBe(before + 1);
      expect(await commitCards(db, [replanned], AS_OPERATOR)).toMatchObject({ unchanged: 1 });
      expect(await versionOf(taskId)).toBe(before + 1);
    });
  });
});

describe('the import command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cards-'));
  const dataDir = path.join(tmp, 'data');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import-cards.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('without --commit writes nothing; --json prints one JSON document', () => {
    const json = run(seedPath, '--json');
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([toImportJson(parseSeed(), said)]);
    const text = run(seedPath);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Cel I › program 3 › zadanie 1.');
    expect(text.stdout).toContain('partners.4.name');
    expect(text.stdout).toContain('Nic nie zapisano');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('refuses bad input with a message and exit code 1, writing nothing', () => {
    const cut = path.join(tmp, 'urwana.txt');
    fs.writeFileSync(cut, seedText.split('\n').slice(0, 40).join('\n'));
    const truncated = run(cut, '--commit');
    expect(truncated.status).toBe(1);
    expect(truncated.stderr).toContain('Karta urywa się w sekcji');
    expect(truncated.stdout).toBe('');

    const big = path.join(tmp, 'duzy.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 11 * 1024 * 1024);
    const tooBig = run(big, '--commit');
    expect(tooBig.status).toBe(1);
    expect(tooBig.stderr).toContain('więcej niż dopuszczalne 10 MB');

    const missing = run(path.join(tmp, 'nie-ma.txt'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Nie ma pliku');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('counts the refused cards in Polish plural forms', () => {
    const cut = seedText.split('\n').slice(0, 40).join('\n') + '\n';
    const counted = (cards: number) => {
      const file = path.join(tmp, `urwane-${cards}.txt`);
      fs.writeFileSync(file, cut.repeat(cards));
      const result = run(file);
      expect(result.status).toBe(1);
      return result.stderr.trim().split('\n').at(-1);
    };
    expect(counted(1)).toBe('Nic nie zapisano: 1 błąd; poprawnie odczytanych kart: 0.');
    expect(counted(2)).toBe('Nic nie zapisano: 2 błędy; poprawnie odczytanych kart: 0.');
    expect(counted(5)).toBe('Nic nie zapisano: 5 błędów; poprawnie odczytanych kart: 0.');
  });

  it('speaks English with --lang en, and refuses a language it does not have', () => {
    const summary = run(seedPath, '--lang', 'en');
    expect(summary.status, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('Card 1 (from line 1): Goal I › program 3 › task 1.');
    expect(summary.stdout).toContain('stages:        4 (plan 100 pts, done 86 pts)');
    // The import's own messages follow the same language.
    expect(summary.stdout).toContain('partners.4.name: In the word “TechnologiiRegionalna”');
    expect(summary.stdout).toContain('Nothing was saved. To save the cards in the database, add --commit.');
    expect(summary.stdout).not.toMatch(/Karta|Nic nie zapisano|etapy/);

    const missing = run(path.join(tmp, 'nie-ma.txt'), '--lang', 'en');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`There is no file ${path.join(tmp, 'nie-ma.txt')}.`);

    const unknown = run(seedPath, '--lang', 'de');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^Użycie: npm run import:cards -- PLIK .*\[--lang pl\|en\]/);
    expect(unknown.stdout).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('--commit imports the seed into an empty embedded database; a second run changes nothing', async () => {
    const first = run(seedPath, '--commit');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Zapisano: utworzono 1, zaktualizowano 0, bez zmian 0.');
    const second = run(seedPath, '--commit');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Zapisano: utworzono 0, zaktualizowano 0, bez zmian 1.');

    const database = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const card = await getTaskCard(database.db, reader, await onlyTaskId(database.db));
      expect(card.stages).toHaveLength(4);
      expect(card.partners).toHaveLength(5);
      expect(card.indicators).toHaveLength(5);
      expect(card.progress).toBe(86);
    } finally {
      await database.close();
    }
  }, 180_000);
});
