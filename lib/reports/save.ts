import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { reportIndicatorValues, reportStageValues, reports, type ReportStatus } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { parseDecimal, readIndicatorNumber } from '@/lib/numbers';
import { parseInput } from '@/lib/validation';
import {
  actorFor,
  allowedOrThrow,
  loadPlan,
  loadReportValues,
  loadReportingYear,
  moveReport,
  policyOf,
  recordTransition,
  requireExecutor,
} from './report-context';
import { decide } from './rules';
import { stageValueOverPlan } from './report-plan';
import { reportFormSchema } from './schema';

/*
 * The executor saves the report's draft or submits it: the values replace the report's values in
 * the transaction of the guarded write (only the version the executor edited, only in an editable
 * state), with its timeline event and audit row.
 */

/** The task's report for the year, created as a draft the first time it is needed. */
async function ensureReport(db: Tx, taskId: number, year: number) {
  await db.insert(reports).values({ taskId, year }).onConflictDoNothing();
  const [report] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.taskId, taskId), eq(reports.year, year)));
  if (!report) throw notFound();
  return report;
}

export async function saveReport(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
  rawInput: unknown,
): Promise<{ status: ReportStatus; version: number }> {
  const { user, context } = await requireExecutor(db, userOrNull, taskId);
  const reportingYear = await loadReportingYear(db, context, year);
  const { plan } = await loadPlan(db, taskId, year);
  const planStages = new Map(plan.stages.map((stage) => [stage.stageId, stage]));
  const input = parseInput(reportFormSchema(plan), rawInput);

  return db.transaction(async (tx) => {
    const report = await ensureReport(tx, taskId, year);
    const decision = allowedOrThrow(
      decide(
        input.intent,
        report.status,
        actorFor(user, context, report.submittedBy),
        policyOf(reportingYear),
      ),
    );
    const now = new Date();
    const submitting = input.intent === 'submit';

    // The guarded write: only the version the user edited, only in an editable state.
    const updated = await moveReport(
      tx,
      { reportId: report.id, from: ['draft', 'returned'], version: input.version },
      {
        narrative: input.narrative,
        status: decision.to,
        updatedAt: now,
        ...(submitting ? { submittedBy: user.id, submittedAt: now } : {}),
      },
    );

    const before = await loadReportValues(tx, report.id);
    await tx.delete(reportStageValues).where(eq(reportStageValues.reportId, report.id));
    await tx.delete(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, report.id));
    const stageValues = input.stages
      .map((stage) => ({
        reportId: report.id,
        stageId: stage.stageId,
        actualPoints: parseDecimal(stage.actual),
        // The schema let it through only with the confirmation: recorded with the value it covers.
        overPlanConfirmed: stageValueOverPlan(planStages.get(stage.stageId), stage.actual),
      }))
      .filter((value) => value.actualPoints !== null);
    const indicatorValues = input.indicators
      // Text is kept exactly as typed; only an empty field means "not reported".
      .filter((value) => value.actualText.trim() !== '')
      .map((value) => ({
        reportId: report.id,
        indicatorId: value.indicatorId,
        actualText: value.actualText,
        actualNumber: readIndicatorNumber(value.actualText),
      }));
    if (stageValues.length) await tx.insert(reportStageValues).values(stageValues);
    if (indicatorValues.length) await tx.insert(reportIndicatorValues).values(indicatorValues);

    await recordTransition(tx, {
      actorUserId: user.id,
      reportId: report.id,
      // Why the coordinator's review was skipped, if it was (shown in the report's history).
      event: { action: submitting ? 'submit' : 'save', comment: decision.note ?? '' },
      from: report.status,
      to: decision.to,
      audit: {
        action: input.intent,
        before: { status: report.status, narrative: report.narrative, ...before },
        after: {
          status: decision.to,
          narrative: input.narrative,
          stageValues: stageValues.map(({ stageId, actualPoints, overPlanConfirmed }) => ({
            stageId,
            actual: actualPoints,
            ...(overPlanConfirmed ? { overPlanConfirmed } : {}),
          })),
          indicatorValues: indicatorValues.map(({ indicatorId, actualText, actualNumber }) => ({
            indicatorId,
            actualText,
            actualNumber,
          })),
        },
      },
    });
    return updated;
  });
}
