import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { reportStageValues, reports } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { decideReport } from '@/lib/reports/decide';
import { getReportView } from '@/lib/reports/view';
import { saveReport } from '@/lib/reports/save';
import { getGoalView, getProgramView } from '@/lib/strategy/views';
import { getTaskCard } from '@/lib/strategy/task-card';
import { type WorkflowFixture, snapshot, latestAudit } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * Issue 19, item 1: on a 100-point task an executor reported 99 + 99,5 + 99 points for one year and
 * the report said "297,5% po zatwierdzeniu". A stage's done points over all years pass its plan only
 * with a confirmation, recorded with the report; the roll-ups count a stage at most at its plan.
 * The fixture task plans stage 1: 30 (2012), stage 2: 20 (2012) + 40 (2013), stage 3: 10 (2013).
 */
const YEAR = 2012;

describe.each(testBackends())('a stage done beyond its plan on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};
  const db = () => database.db;

  const form = async (overrides: Record<string, unknown>) => {
    const view = await getReportView(db(), people.executor!, fixture.taskId, YEAR);
    return {
      intent: 'save',
      version: view.version,
      narrative: 'Wykonano więcej, niż planowano.',
      stages: view.stages.map((stage, index) => ({
        stageId: stage.stageId,
        actual: ['99', '99,5', '99'][index] ?? '',
      })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '1',
      })),
      confirmUnplanned: true,
      ...overrides,
    };
  };

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend, { openYear: YEAR }));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('refuses, without the confirmation, a value that takes a stage past its plan, and writes nothing', async () => {
    const input = await form({});
    const before = await snapshot(db());
    const error = await saveReport(db(), people.executor!, fixture.taskId, YEAR, input).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isPublicError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'invalid',
      fieldErrors: {
        'stages.0.actual': ['overPlan'],
        'stages.1.actual': ['overPlan'],
        'stages.2.actual': ['overPlan'],
      },
    });
    expect(await snapshot(db())).toEqual(before);
    // A value within the stage's whole plan needs nothing: 2012 may run ahead of its plan of 20.
    const withinPlan = input.stages.map((stage, index) => ({ ...stage, actual: ['30', '60', ''][index] }));
    await saveReport(db(), people.executor!, fixture.taskId, YEAR, { ...input, stages: withinPlan });
    const view = await getReportView(db(), people.executor!, fixture.taskId, YEAR);
    expect(view.stages.map((stage) => [stage.reported, stage.overPlanConfirmed])).toEqual([
      [30, false],
      [60, false],
      [null, false],
    ]);
    expect(view.progressAfter).toBe(90);
  });

  it('saves it with the confirmation, records which values it covers, and never shows more than 100%', async () => {
    await saveReport(db(), people.executor!, fixture.taskId, YEAR, await form({ confirmOverPlan: true }));
    const [report] = await db()
      .select()
      .from(reports)
      .where(and(eq(reports.taskId, fixture.taskId), eq(reports.year, YEAR)));
    const rows = await db()
      .select({
        actual: reportStageValues.actualPoints,
        confirmed: reportStageValues.overPlanConfirmed,
      })
      .from(reportStageValues)
      .where(eq(reportStageValues.reportId, report!.id));
    expect(rows.map((row) => [row.actual, row.confirmed]).sort()).toEqual([
      [99, true],
      [99, true],
      [99.5, true],
    ]);
    const entry = await latestAudit(db(), { entity: 'report', entityId: report!.id });
    expect((entry!.after as { stageValues: { overPlanConfirmed?: boolean }[] }).stageValues).toEqual(
      expect.arrayContaining([expect.objectContaining({ actual: 99.5, overPlanConfirmed: true })]),
    );

    let view = await getReportView(db(), people.coordinator!, fixture.taskId, YEAR);
    // Was "297,5% po zatwierdzeniu": each stage counts at most at its plan.
    expect(view.progressAfter).toBe(100);
    expect(view.stages.every((stage) => stage.overPlanConfirmed)).toBe(true);

    await saveReport(
      db(),
      people.executor!,
      fixture.taskId,
      YEAR,
      await form({ intent: 'submit', confirmOverPlan: true }),
    );
    view = await getReportView(db(), people.coordinator!, fixture.taskId, YEAR);
    await decideReport(db(), people.coordinator!, fixture.taskId, YEAR, {
      action: 'accept',
      version: view.version,
      comment: '',
    });
    view = await getReportView(db(), people.goalOwner!, fixture.taskId, YEAR);
    await decideReport(db(), people.goalOwner!, fixture.taskId, YEAR, {
      action: 'approve',
      version: view.version,
      comment: '',
    });

    const card = await getTaskCard(db(), people.admin!, fixture.taskId);
    expect(card.progress).toBe(100);
    expect(Math.max(...card.yearTotals.map((total) => total.cumulativeActual))).toBe(100);
    const program = await getProgramView(db(), people.admin!, fixture.programId);
    const goal = await getGoalView(db(), people.admin!, fixture.goalId);
    for (const task of program.program.tasks) expect(task.progress).toBeLessThanOrEqual(100);
    expect(program.program.progress).toBeLessThanOrEqual(100);
    expect(goal.goal.progress).toBeLessThanOrEqual(100);
  });
});
