import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { confirmImport } from '@/lib/cards/preview/confirm-import';
import { previewImport } from '@/lib/cards/preview/preview-import';
import type { PreviewCard } from '@/lib/cards/preview/types';
import { generateCity } from '@/scripts/bench/city';
import { listReportingYears } from '@/lib/reports/years';
import { createTask } from '@/lib/strategy/new-task';
import { type WorkflowFixture } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

const root = path.join(import.meta.dirname, '../..');
const threeCards = fs.readFileSync(path.join(root, 'tests/fixtures/cards/trzy-karty.txt'), 'utf8');
const confirmOf = (cards: PreviewCard[]) => ({
  cards: cards.map((card) => card.card),
  bases: cards.map((card) => card.base),
});

/**
 * Issue 19, item 5: every way a task comes to exist gives it the open year's report, as "Dodaj
 * zadanie" did and the card import did not (lib/reports/task-reports.ts, addOpenYearReports).
 */
describe.each(testBackends())('reports of new tasks on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let admin: CurrentUser;

  beforeAll(async () => {
    const opened = await openWorkflowDatabase(backend, { openYear: 2012 });
    ({ database, fixture } = opened);
    admin = opened.people.admin!;
  });
  afterAll(async () => {
    await database?.close();
  });

  const draftsOf2012 = async () =>
    (await listReportingYears(database.db, admin))
      .find((strategy) => strategy.id === fixture.strategyId)!
      .years.find((year) => year.year === 2012)!.counts.draft ?? 0;

  const reportsOf = (taskIds: number[]) =>
    database.db
      .select({ taskId: schema.reports.taskId, year: schema.reports.year, status: schema.reports.status })
      .from(schema.reports)
      .where(inArray(schema.reports.taskId, taskIds));

  it('an imported card gets a draft report for the open year, and the status table counts it', async () => {
    const before = await draftsOf2012();
    const preview = await previewImport(database.db, admin, { text: threeCards });
    const summary = await confirmImport(database.db, admin, confirmOf(preview.cards));
    const created = summary.tasks.filter((task) => task.status === 'created').map((task) => task.taskId);
    expect(created).toHaveLength(2);
    // Only the created tasks of this strategy's open year: a card of another strategy has no open year.
    const rows = await reportsOf(created);
    const strategyOf = await database.db
      .select({ taskId: schema.tasks.id, strategyId: schema.goals.strategyId })
      .from(schema.tasks)
      .innerJoin(schema.programs, eq(schema.programs.id, schema.tasks.programId))
      .innerJoin(schema.goals, eq(schema.goals.id, schema.programs.goalId))
      .where(inArray(schema.tasks.id, created));
    const inThisStrategy = strategyOf
      .filter((row) => row.strategyId === fixture.strategyId)
      .map((row) => row.taskId);
    expect(inThisStrategy.length).toBeGreaterThan(0);
    expect(rows.filter((row) => inThisStrategy.includes(row.taskId))).toEqual(
      inThisStrategy.map((taskId) => ({ taskId, year: 2012, status: 'draft' })),
    );
    expect(await draftsOf2012()).toBe(before + inThisStrategy.length);
  });

  it('"Dodaj zadanie" uses the same rule', async () => {
    const before = await draftsOf2012();
    const { taskId } = await createTask(database.db, admin, fixture.programId, {
      number: '9',
      title: 'Zadanie dodane ręcznie',
      weight: '10',
    });
    expect(await reportsOf([taskId])).toEqual([{ taskId, year: 2012, status: 'draft' }]);
    expect(await draftsOf2012()).toBe(before + 1);
  });

  it('the city generator leaves no task of an open year without its report', async () => {
    const city = await generateCity(database.db, { goals: 1, programs: 1, tasks: 3, years: 3, seed: 7 });
    const tasks = await database.db
      .select({ id: schema.tasks.id })
      .from(schema.tasks)
      .innerJoin(schema.programs, eq(schema.programs.id, schema.tasks.programId))
      .innerJoin(schema.goals, eq(schema.goals.id, schema.programs.goalId))
      .where(eq(schema.goals.strategyId, city.strategyId));
    const open = await database.db
      .select({ year: schema.reportingYears.year })
      .from(schema.reportingYears)
      .where(and(eq(schema.reportingYears.strategyId, city.strategyId)));
    const rows = await reportsOf(tasks.map((task) => task.id));
    for (const task of tasks)
      for (const { year } of open)
        expect(
          rows.some((row) => row.taskId === task.id && row.year === year),
          `${task.id}/${year}`,
        ).toBe(true);
  });
});
