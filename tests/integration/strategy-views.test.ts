import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';
import { insertTaskCard } from '@/lib/cards/card-writer';
import type { CardData } from '@/lib/cards/types';
import { getGoalView, getStrategyView } from '@/lib/strategy/views';
import { getYearlyReport } from '@/lib/reports/yearly';
import { type WorkflowFixture, addWorkflowFixture, reader } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';

/** A one-stage task that was half done in 2009: its program's progress is 50. */
const halfDone: CardData = {
  strategy: { name: 'Strategia rozwoju Leszna' },
  goal: { number: 1, title: '', owner: '' },
  program: { number: 4, title: '', coordinator: '' },
  task: {
    number: 1,
    title: 'Zadanie programu, który zostanie zarchiwizowany',
    addressees: '',
    justification: '',
    description: '',
    executor: { department: 'Wydział Promocji i Rozwoju', function: 'Naczelnik' },
  },
  years: [2009],
  stages: [{ number: 1, name: 'Całość', cells: { 2009: { planned: 100, actual: 50 } } }],
  partners: [],
  indicators: [],
  totalCost: '',
  budgetNote: '',
  funding: [],
};

describe.each(testBackends())('strategy views on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let archivedProgramId: number;

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);
    const [program] = await database.db
      .insert(schema.programs)
      .values({ goalId: fixture.goalId, number: 4, title: 'Program wycofany' })
      .returning({ id: schema.programs.id });
    archivedProgramId = program!.id;
    await insertTaskCard(database.db, archivedProgramId, halfDone);
  });
  afterAll(() => database?.close());

  async function goalProgress() {
    const strategy = await getStrategyView(database.db, reader, fixture.strategyId);
    const goal = await getGoalView(database.db, reader, fixture.goalId);
    const report = await getYearlyReport(database.db, reader, fixture.strategyId, strategy.asOfYear!);
    return {
      strategy: strategy.goals.find((g) => g.id === fixture.goalId)!.progress,
      goalPage: goal.goal.progress,
      report: report.goals.find((g) => g.id === fixture.goalId)?.progress,
      listed: goal.goal.programs.map((p) => [p.number, p.archived]),
    };
  }

  it('counts a current program in the goal on every view', async () => {
    const before = await goalProgress();
    expect(before.goalPage).toBe(before.strategy);
    expect(before.report).toBe(before.strategy);
    expect(before.listed).toContainEqual([4, false]);
  });

  it('leaves an archived program out of its goal on the goal page as on the strategy view', async () => {
    const before = await goalProgress();
    await database.db
      .update(schema.programs)
      .set({ archivedAt: new Date() })
      .where(eq(schema.programs.id, archivedProgramId));
    const after = await goalProgress();
    // The program counted (50 % beside program 3), so leaving it out moves the goal.
    expect(after.strategy).not.toBe(before.strategy);
    expect(after.goalPage).toBe(after.strategy);
    expect(after.report).toBe(after.strategy);
    // The goal page still lists it, marked as archived.
    expect(after.listed).toContainEqual([4, true]);
  });
});
