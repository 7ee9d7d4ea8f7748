import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { reportStatus } from '@/db/schema/reporting';
import { seedDemoData } from '@/scripts/seed/demo';
import { generateCity } from '@/scripts/bench/city';
import { createMigrated, testBackends } from '../support/test-db';

/** `npm run db:generate-city` at a small size: what the benchmark's data must be. */
const options = { goals: 2, programs: 3, tasks: 4, years: 6, seed: 7 };

/** What the generator decided (no timestamps or password hashes, which differ run to run). */
async function content(database: Database, strategyId: number) {
  const { db } = database;
  const inStrategy = and(
    eq(schema.programs.id, schema.tasks.programId),
    eq(schema.goals.id, schema.programs.goalId),
    eq(schema.goals.strategyId, strategyId),
  );
  return {
    tasks: await db
      .select({ id: schema.tasks.id, title: schema.tasks.title, weight: schema.tasks.weight })
      .from(schema.tasks)
      .innerJoin(schema.programs, eq(schema.programs.id, schema.tasks.programId))
      .innerJoin(schema.goals, inStrategy)
      .orderBy(asc(schema.tasks.id)),
    plans: await db
      .select({
        stageId: schema.stageYears.stageId,
        year: schema.stageYears.year,
        planned: schema.stageYears.plannedPoints,
        actual: schema.stageYears.actualPoints,
      })
      .from(schema.stageYears)
      .orderBy(asc(schema.stageYears.stageId), asc(schema.stageYears.year)),
    indicators: await db
      .select({
        indicatorId: schema.indicatorYears.indicatorId,
        year: schema.indicatorYears.year,
        target: schema.indicatorYears.targetText,
        actual: schema.indicatorYears.actualText,
      })
      .from(schema.indicatorYears)
      .orderBy(asc(schema.indicatorYears.indicatorId), asc(schema.indicatorYears.year)),
    reports: await db
      .select({ taskId: schema.reports.taskId, year: schema.reports.year, status: schema.reports.status })
      .from(schema.reports)
      .orderBy(asc(schema.reports.taskId), asc(schema.reports.year)),
    roles: await db
      .select({
        postId: schema.postRoles.postId,
        role: schema.postRoles.role,
        taskId: schema.postRoles.taskId,
      })
      .from(schema.postRoles)
      .orderBy(asc(schema.postRoles.id)),
  };
}

for (const backend of testBackends()) {
  describe(`city generator (${backend.name})`, () => {
    let first: Database;
    let second: Database;
    let city: Awaited<ReturnType<typeof generateCity>>;

    beforeAll(async () => {
      first = await createMigrated(backend);
      second = await createMigrated(backend);
      for (const database of [first, second]) await seedDemoData(database.db);
      city = await generateCity(first.db, options);
      await generateCity(second.db, options);
    });
    afterAll(async () => {
      await first?.close();
      await second?.close();
    });

    it('makes goals × programs × tasks tasks over the years asked for', async () => {
      expect(city.tasks).toBe(2 * 3 * 4);
      expect(city.years).toHaveLength(6);
      const { tasks } = await content(first, city.strategyId);
      expect(tasks).toHaveLength(24);
    });

    it("plans each task's stages to exactly 100 points", async () => {
      const sums = await first.db
        .select({ taskId: schema.stages.taskId, total: sql<number>`sum(${schema.stageYears.plannedPoints})` })
        .from(schema.stageYears)
        .innerJoin(schema.stages, eq(schema.stages.id, schema.stageYears.stageId))
        .innerJoin(schema.tasks, eq(schema.tasks.id, schema.stages.taskId))
        .innerJoin(schema.programs, eq(schema.programs.id, schema.tasks.programId))
        .innerJoin(schema.goals, eq(schema.goals.id, schema.programs.goalId))
        .where(eq(schema.goals.strategyId, city.strategyId))
        .groupBy(schema.stages.taskId);
      expect(sums).toHaveLength(24);
      for (const { total } of sums) expect(Number(total)).toBe(100);
    });

    it('gives indicators targets and actuals, some of them text', async () => {
      const { indicators } = await content(first, city.strategyId);
      const demoIndicators = indicators.filter((row) => row.year >= city.years[0]!);
      expect(demoIndicators.every((row) => row.target !== null)).toBe(true);
      const actuals = demoIndicators.flatMap((row) => (row.actual === null ? [] : [row.actual]));
      expect(actuals.length).toBeGreaterThan(0);
      expect(actuals.some((value) => !/^\d+$/.test(value))).toBe(true);
    });

    it('has reports in every state of the workflow', async () => {
      const { reports } = await content(first, city.strategyId);
      const states = new Set(reports.map((report) => report.status));
      for (const status of reportStatus.enumValues) expect(states).toContain(status);
    });

    it('gives every task an executor, spread over several departments', async () => {
      const { roles } = await content(first, city.strategyId);
      const executors = roles.filter((role) => role.role === 'executor');
      expect(executors.length).toBeGreaterThanOrEqual(24);
      const perPost = new Map<number, number>();
      for (const role of executors) perPost.set(role.postId, (perPost.get(role.postId) ?? 0) + 1);
      expect(perPost.size).toBeGreaterThanOrEqual(4);
    });

    it('is deterministic: the same seed gives the same strategy', async () => {
      expect(await content(second, city.strategyId)).toEqual(await content(first, city.strategyId));
    });
  });
}
