import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';
import {
  getPublicGoal,
  getPublicProgram,
  getPublicStrategy,
  getPublicTask,
  getPublicTaskCards,
  getPublicYear,
  listPublishedStrategies,
  searchPublicTasks,
  warsawDate,
} from '@/lib/public/data';
import { getGoalView, getProgramView, getStrategyView } from '@/lib/strategy/views';
import { getTaskCard } from '@/lib/strategy/task-card';
import { getYearlyReport } from '@/lib/reports/yearly';
import { type WorkflowFixture, addWorkflowFixture, reader } from '../support/fixtures';
import { databaseForTests, testBackends } from '../support/test-db';

/** Strings that only drafts, submitted and returned reports, comments and events carry. */
const MARKERS = {
  draftNarrative: 'ZNACZNIK-SZKIC-NARRACJA',
  draftValue: 'ZNACZNIK-SZKIC-WARTOSC',
  submittedNarrative: 'ZNACZNIK-PRZEKAZANE-NARRACJA',
  submittedValue: 'ZNACZNIK-PRZEKAZANE-WARTOSC',
  returnedNarrative: 'ZNACZNIK-ZWROCONE-NARRACJA',
  returnComment: 'ZNACZNIK-KOMENTARZ-ZWROTU',
} as const;
const APPROVED_NARRATIVE = 'Zatwierdzona narracja roku 2011: diagnoza i wymiana doświadczeń zakończone.';

interface World {
  fixture: WorkflowFixture;
  draftStagePoints: number;
}

let world: World;

/** Demo data + fixture, reports in every state but approved carrying markers, and 2011's approved narrative. */
async function fill(db: Db) {
  await seedDemoData(db);
  const fixture = await addWorkflowFixture(db);
  const [seedStage] = await db
    .select({ id: schema.stages.id })
    .from(schema.stages)
    .where(eq(schema.stages.taskId, fixture.seedTaskId));
  const [seedIndicator] = await db
    .select({ id: schema.indicators.id })
    .from(schema.indicators)
    .where(eq(schema.indicators.taskId, fixture.seedTaskId));
  const [fixtureIndicator] = await db
    .select({ id: schema.indicators.id })
    .from(schema.indicators)
    .where(eq(schema.indicators.taskId, fixture.taskId));
  const insertReport = async (taskId: number, status: schema.ReportStatus, narrative: string) => {
    const [report] = await db
      .insert(schema.reports)
      .values({ taskId, year: 2012, status, narrative })
      .returning({ id: schema.reports.id });
    return report!.id;
  };
  const draft = await insertReport(fixture.seedTaskId, 'draft', MARKERS.draftNarrative);
  await db
    .insert(schema.reportStageValues)
    .values({ reportId: draft, stageId: seedStage!.id, actualPoints: 77 });
  await db.insert(schema.reportIndicatorValues).values({
    reportId: draft,
    indicatorId: seedIndicator!.id,
    actualText: MARKERS.draftValue,
    actualNumber: 424242,
  });
  const submitted = await insertReport(fixture.taskId, 'submitted', MARKERS.submittedNarrative);
  await db.insert(schema.reportIndicatorValues).values({
    reportId: submitted,
    indicatorId: fixtureIndicator!.id,
    actualText: MARKERS.submittedValue,
    actualNumber: 31337,
  });
  const returned = await insertReport(fixture.otherTaskId, 'returned', MARKERS.returnedNarrative);
  await db.insert(schema.reportEvents).values({
    reportId: returned,
    action: 'return',
    fromStatus: 'submitted',
    toStatus: 'returned',
    comment: MARKERS.returnComment,
  });
  await db
    .update(schema.reports)
    .set({ narrative: APPROVED_NARRATIVE })
    .where(and(eq(schema.reports.taskId, fixture.seedTaskId), eq(schema.reports.year, 2011)));
  world = { fixture, draftStagePoints: 77 };
}

const TODAY = new Date('2026-12-06T12:00:00Z');

async function publish(db: Db, strategyId: number, from: string | null, narratives = false) {
  await db
    .update(schema.strategies)
    .set({ publishedFrom: from, publishNarratives: narratives })
    .where(eq(schema.strategies.id, strategyId));
}

/** Every public answer about the strategy, as one list (for "null everywhere" and "no marker anywhere"). */
async function everything(db: Db, today = TODAY) {
  const { fixture } = world;
  return {
    list: await listPublishedStrategies(db, today),
    strategy: await getPublicStrategy(db, fixture.strategyId, today),
    goal: await getPublicGoal(db, fixture.goalId, today),
    otherGoal: await getPublicGoal(db, fixture.otherGoalId, today),
    program: await getPublicProgram(db, fixture.programId, today),
    otherProgram: await getPublicProgram(db, fixture.otherProgramId, today),
    seedTask: await getPublicTask(db, fixture.seedTaskId, today),
    task: await getPublicTask(db, fixture.taskId, today),
    otherTask: await getPublicTask(db, fixture.otherTaskId, today),
    years: await Promise.all(
      [2009, 2010, 2011, 2012, 2013].map((year) => getPublicYear(db, fixture.strategyId, year, today)),
    ),
    search: await searchPublicTasks(db, fixture.strategyId, {}, today),
  };
}

describe.each(testBackends())('public data on $name', (backend) => {
  const db = databaseForTests(backend, fill);

  it('reads the day in Warsaw: 23:30 UTC on 31 Dec is already 1 Jan there', () => {
    expect(warsawDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(warsawDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
  });

  it('answers null everywhere for a strategy that is not published', async () => {
    await publish(db(), world.fixture.strategyId, null);
    const all = await everything(db());
    expect(all.list).toEqual([]);
    const { list, years, ...rest } = all;
    expect(list).toEqual([]);
    for (const [name, value] of Object.entries(rest)) expect(value, name).toBeNull();
    expect(years).toEqual([null, null, null, null, null]);
  });

  it('answers null for a strategy published from a later day, and shows it from that day (Warsaw)', async () => {
    await publish(db(), world.fixture.strategyId, '2026-12-07');
    expect(await getPublicStrategy(db(), world.fixture.strategyId, TODAY)).toBeNull();
    expect(await getPublicTask(db(), world.fixture.seedTaskId, TODAY)).toBeNull();
    // 23:30 UTC on 6 Dec is 00:30 on 7 Dec in Warsaw.
    const justAfterMidnight = new Date('2026-12-06T23:30:00Z');
    expect((await getPublicStrategy(db(), world.fixture.strategyId, justAfterMidnight))?.strategy.id).toBe(
      world.fixture.strategyId,
    );
    expect(await listPublishedStrategies(db(), justAfterMidnight)).toHaveLength(1);
  });

  it('answers null for an archived strategy even when published', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01');
    await db()
      .update(schema.strategies)
      .set({ archivedAt: new Date() })
      .where(eq(schema.strategies.id, world.fixture.strategyId));
    try {
      expect(await getPublicStrategy(db(), world.fixture.strategyId, TODAY)).toBeNull();
      expect(await getPublicTask(db(), world.fixture.seedTaskId, TODAY)).toBeNull();
    } finally {
      await db()
        .update(schema.strategies)
        .set({ archivedAt: null })
        .where(eq(schema.strategies.id, world.fixture.strategyId));
    }
  });

  it('never shows a draft, submitted or returned report, a comment, a person, a login or an e-mail', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01', true);
    const text = JSON.stringify(await everything(db()));
    for (const marker of Object.values(MARKERS)) expect(text).not.toContain(marker);
    expect(text).not.toContain('424242');
    expect(text).not.toContain('31337');
    const people = await db()
      .select({ login: schema.users.login, name: schema.users.displayName, email: schema.users.email })
      .from(schema.users);
    expect(people.length).toBeGreaterThan(3);
    for (const person of people) {
      expect(text).not.toContain(`"${person.login}"`);
      expect(text).not.toContain(person.name);
      if (person.email) expect(text).not.toContain(person.email);
    }
    // The draft's 77 points are not on the seed card's 2012 cells.
    const card = await getPublicTask(db(), world.fixture.seedTaskId, TODAY);
    for (const stage of card!.stages)
      expect(stage.cells[2012]?.actual ?? null).not.toBe(world.draftStagePoints);
  });

  it('shows the approved narrative only when the office publishes narratives', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01', false);
    const hidden = await getPublicYear(db(), world.fixture.strategyId, 2011, TODAY);
    expect(hidden!.narrativesPublished).toBe(false);
    expect(JSON.stringify(hidden)).not.toContain(APPROVED_NARRATIVE);
    await publish(db(), world.fixture.strategyId, '2020-01-01', true);
    const shown = await getPublicYear(db(), world.fixture.strategyId, 2011, TODAY);
    const seedRow = shown!.goals
      .flatMap((goal) => goal.programs.flatMap((program) => program.tasks))
      .find((task) => task.id === world.fixture.seedTaskId);
    expect(seedRow?.narrative).toBe(APPROVED_NARRATIVE);
    expect(seedRow?.approved).toBe(true);
    // 2012's reports are not approved: no narrative, whatever their text.
    const year2012 = await getPublicYear(db(), world.fixture.strategyId, 2012, TODAY);
    const narratives2012 = year2012!.goals.flatMap((goal) =>
      goal.programs.flatMap((program) => program.tasks.map((task) => task.narrative)),
    );
    expect(narratives2012.every((narrative) => narrative === null)).toBe(true);
    expect(await getPublicYear(db(), world.fixture.strategyId, 2008, TODAY)).toBeNull();
  });

  it('gives the same numbers as the signed-in views', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01');
    const { fixture } = world;
    const [publicStrategy, signedStrategy] = await Promise.all([
      getPublicStrategy(db(), fixture.strategyId),
      getStrategyView(db(), reader, fixture.strategyId),
    ]);
    expect(publicStrategy!.goals.map((goal) => [goal.id, goal.progress, goal.status])).toEqual(
      signedStrategy.goals.map((goal) => [goal.id, goal.progress, goal.status]),
    );
    const [publicGoal, signedGoal] = await Promise.all([
      getPublicGoal(db(), fixture.goalId),
      getGoalView(db(), reader, fixture.goalId),
    ]);
    expect(publicGoal!.goal.progress).toBe(signedGoal.goal.progress);
    const [publicProgram, signedProgram] = await Promise.all([
      getPublicProgram(db(), fixture.programId),
      getProgramView(db(), reader, fixture.programId),
    ]);
    expect(publicProgram!.program.progress).toBe(signedProgram.program.progress);
    expect(publicProgram!.program.weightSum).toBe(signedProgram.program.weightSum);
    expect(
      publicProgram!.program.tasks.map((task) => [task.id, task.weight, task.progress, task.schedule.status]),
    ).toEqual(
      signedProgram.program.tasks.map((task) => [task.id, task.weight, task.progress, task.schedule.status]),
    );
    const [publicCard, signedCard] = await Promise.all([
      getPublicTask(db(), fixture.seedTaskId),
      getTaskCard(db(), reader, fixture.seedTaskId),
    ]);
    expect(publicCard!.progress).toBe(86);
    expect(publicCard!.progress).toBe(signedCard.progress);
    expect(publicCard!.schedule).toEqual(signedCard.schedule);
    expect(publicCard!.stages).toEqual(signedCard.stages);
    expect(publicCard!.executor).toEqual(signedCard.executor);
    expect(publicCard!.partners).toHaveLength(6);
    expect(publicCard!.indicators.map((indicator) => indicator.name)).toEqual(
      signedCard.indicators.map((indicator) => indicator.name),
    );
    // The card's 2011 points are approved history; its indicator values were imported with the card.
    expect(publicCard!.yearTotals.find((total) => total.year === 2011)?.pointsSource).toBe('approved');
    const [publicYear, signedYear] = await Promise.all([
      getPublicYear(db(), fixture.strategyId, 2011),
      getYearlyReport(db(), reader, fixture.strategyId, 2011),
    ]);
    expect(publicYear!.goals.map((goal) => goal.progress)).toEqual(
      signedYear.goals.map((goal) => goal.progress),
    );
    expect(publicYear!.counts).toEqual(signedYear.counts);
  });

  it('reads every card of the strategy at once exactly as one card at a time (the whole download)', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01');
    const view = await getPublicStrategy(db(), world.fixture.strategyId);
    const taskIds = view!.goals.flatMap((goal) =>
      goal.programs.flatMap((program) => program.tasks.map((task) => task.id)),
    );
    expect(taskIds.length).toBeGreaterThan(2);
    const cards = await getPublicTaskCards(db(), world.fixture.strategyId, taskIds);
    expect([...cards!.keys()].sort()).toEqual([...taskIds].sort());
    for (const taskId of taskIds)
      expect(cards!.get(taskId), `task ${taskId}`).toEqual(await getPublicTask(db(), taskId));
    await publish(db(), world.fixture.strategyId, null);
    expect(await getPublicTaskCards(db(), world.fixture.strategyId, taskIds)).toBeNull();
  });

  it('leaves archived goals, programs and tasks out', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01');
    const { fixture } = world;
    await db()
      .update(schema.tasks)
      .set({ archivedAt: new Date() })
      .where(eq(schema.tasks.id, fixture.otherTaskId));
    await db()
      .update(schema.programs)
      .set({ archivedAt: new Date() })
      .where(eq(schema.programs.id, fixture.otherProgramId));
    try {
      expect(await getPublicTask(db(), fixture.otherTaskId)).toBeNull();
      expect(await getPublicProgram(db(), fixture.otherProgramId)).toBeNull();
      const goal = await getPublicGoal(db(), fixture.otherGoalId);
      expect(goal!.goal.programs).toEqual([]);
      const search = await searchPublicTasks(db(), fixture.strategyId, {});
      expect(search!.tasks.map((task) => task.id)).not.toContain(fixture.otherTaskId);
    } finally {
      await db()
        .update(schema.tasks)
        .set({ archivedAt: null })
        .where(eq(schema.tasks.id, fixture.otherTaskId));
      await db()
        .update(schema.programs)
        .set({ archivedAt: null })
        .where(eq(schema.programs.id, fixture.otherProgramId));
    }
  });

  it('searches task names and descriptions, and filters by department and schedule status', async () => {
    await publish(db(), world.fixture.strategyId, '2020-01-01');
    const { fixture } = world;
    const search = (filters: Parameters<typeof searchPublicTasks>[2]) =>
      searchPublicTasks(db(), fixture.strategyId, filters).then((result) =>
        result!.tasks.map((task) => task.id),
      );
    const seedCard = await getPublicTask(db(), fixture.seedTaskId);
    // A word of the seed card's description that is not in its title, in another case.
    const word = seedCard!.task.description
      .split(/[^\p{L}]+/u)
      .find((candidate) => candidate.length > 6 && !seedCard!.task.title.includes(candidate))!;
    expect(await search({ q: word.toUpperCase() })).toEqual([fixture.seedTaskId]);
    expect(await search({ q: 'inkubator' })).toEqual([fixture.taskId]);
    expect(await search({ q: 'inkubator nieistniejące-słowo' })).toEqual([]);
    expect(await search({ q: '%' })).toEqual([]);
    const all = await searchPublicTasks(db(), fixture.strategyId, {});
    expect(all!.tasks).toHaveLength(3);
    const gospodarki = all!.departments.find((department) => department.name === 'Wydział Gospodarki');
    expect(await search({ departmentId: gospodarki!.id })).toEqual([fixture.taskId]);
    expect(await search({ status: 'behind' })).toContain(fixture.seedTaskId);
    expect(await search({ status: 'ahead' })).not.toContain(fixture.seedTaskId);
  });
});
