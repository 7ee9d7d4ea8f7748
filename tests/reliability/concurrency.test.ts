import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { decideReport } from '@/lib/reports/decide';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { saveReport } from '@/lib/reports/save';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { recordFigures } from '../support/figures';
import { type WorkflowFixture, submittedAsPlanned } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * Concurrency, with real separate connections on PostgreSQL (PGlite serialises; the guarantees
 * must hold there too): simultaneous approvals, simultaneous plan edits, stale saves.
 */

const ROUNDS = 10;
const PARALLEL = 20;

describe.each(testBackends())('concurrency on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};
  const lines: string[] = [];

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend, { openYear: 2012 }));
  });
  afterAll(async () => {
    recordFigures(
      `concurrency-${backend.name}`,
      `Concurrency (${backend.name === 'postgres' ? 'PostgreSQL, separate connections' : 'PGlite, one connection'})`,
      lines,
    );
    await database?.close();
  });

  it(`${PARALLEL} simultaneous approvals of one report: exactly one succeeds`, async () => {
    const db = database.db;
    const view = await getReportView(db, people.executor!, fixture.taskId, 2012);
    await saveReport(db, people.executor!, fixture.taskId, 2012, submittedAsPlanned(view, 'Zrobione.'));
    const submitted = await getReportView(db, people.coordinator!, fixture.taskId, 2012);
    await decideReport(db, people.coordinator!, fixture.taskId, 2012, {
      action: 'accept',
      version: submitted.version,
      comment: '',
    });
    const accepted = await getReportView(db, people.goalOwner!, fixture.taskId, 2012);
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, () =>
        decideReport(db, people.goalOwner!, fixture.taskId, 2012, {
          action: 'approve',
          version: accepted.version,
          comment: '',
        }),
      ),
    );
    const ok = results.filter((result) => result.status === 'fulfilled').length;
    const [events] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.reportEvents)
      .innerJoin(schema.reports, eq(schema.reports.id, schema.reportEvents.reportId))
      .where(and(eq(schema.reports.taskId, fixture.taskId), eq(schema.reportEvents.action, 'approve')));
    lines.push(
      `- ${PARALLEL} simultaneous approvals of one report: ${ok} succeeded, ${PARALLEL - ok} got a conflict; approval events written: ${events?.n}.`,
    );
    expect(ok).toBe(1);
    expect(events?.n).toBe(1);
  });

  it(`${ROUNDS} rounds of ${PARALLEL} simultaneous plan edits: one wins each round, the plan always sums to 100`, async () => {
    const db = database.db;
    let wins = 0;
    let conflicts = 0;
    // Anything else a losing save met (neither saved nor a conflict), named so a failure says what.
    const others: string[] = [];
    const sums: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const editor = await getTaskEditor(db, people.coordinator!, fixture.taskId);
      // Each editor moves points between two cells of the grid; every single edit keeps 100.
      const attempts = Array.from({ length: PARALLEL }, (_, i) => {
        const form = structuredClone(editor.form);
        const from = form.stages[1]!;
        const to = form.stages[0]!;
        const amount = (i % 5) + 1;
        const fromIndex = from.planned.findIndex((cell) => Number(cell.replace(',', '.')) >= amount);
        if (fromIndex >= 0) {
          from.planned[fromIndex] = String(Number(from.planned[fromIndex]!.replace(',', '.')) - amount);
          to.planned[4] = String(Number((to.planned[4] || '0').replace(',', '.')) + amount);
        }
        form.revisionReason = 'Test współbieżności';
        return saveTaskCard(db, people.coordinator!, fixture.taskId, form);
      });
      const results = await Promise.allSettled(attempts);
      wins += results.filter((result) => result.status === 'fulfilled').length;
      for (const result of results) {
        if (result.status !== 'rejected') continue;
        const reason = result.reason as { code?: string; message?: string; cause?: { code?: string } };
        if (reason.code === 'conflict') conflicts++;
        else
          others.push(
            `round ${round}: ${reason.code ?? reason.cause?.code ?? ''} ${reason.message ?? reason}`,
          );
      }
      const [sum] = await db
        .select({ total: sql<string>`coalesce(sum(${schema.stageYears.plannedPoints}), 0)` })
        .from(schema.stageYears)
        .innerJoin(schema.stages, eq(schema.stages.id, schema.stageYears.stageId))
        .where(and(eq(schema.stages.taskId, fixture.taskId), isNull(schema.stages.archivedAt)));
      sums.push(Number(sum?.total));
    }
    lines.push(
      `- ${ROUNDS} rounds of ${PARALLEL} simultaneous edits of one task's plan: ${wins} saved (one per round), ${conflicts} conflicts; planned sum after each round: ${[...new Set(sums)].join(', ')}.`,
    );
    if (others.length) lines.push(`  Neither saved nor a conflict: ${others.join('; ')}.`);
    expect(others).toEqual([]);
    expect(wins).toBe(ROUNDS);
    expect(conflicts).toBe(ROUNDS * (PARALLEL - 1));
    expect(sums.every((value) => value === 100)).toBe(true);
  });

  it('two saves of one draft from the same stale version: the second gets a conflict', async () => {
    const db = database.db;
    await openReportingYear(db, people.admin!, {
      strategyId: fixture.strategyId,
      year: 2013,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    const view = await getReportView(db, people.executor!, fixture.taskId, 2013);
    const input = {
      intent: 'save',
      version: view.version,
      narrative: 'Pierwszy',
      stages: view.stages.map((stage) => ({ stageId: stage.stageId, actual: '' })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '',
      })),
      confirmUnplanned: false,
    };
    const results = await Promise.allSettled([
      saveReport(db, people.executor!, fixture.taskId, 2013, input),
      saveReport(db, people.executor!, fixture.taskId, 2013, { ...input, narrative: 'Drugi' }),
    ]);
    const ok = results.filter((result) => result.status === 'fulfilled').length;
    const after = await getReportView(db, people.executor!, fixture.taskId, 2013);
    lines.push(
      `- Two simultaneous saves of one draft from version ${view.version}: ${ok} saved, ${2 - ok} conflict; the draft holds “${after.narrative}”.`,
    );
    expect(ok).toBe(1);
    expect(['Pierwszy', 'Drugi']).toContain(after.narrative);
  });
});
