import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  goals,
  indicatorYears,
  indicators,
  programs,
  reportEvents,
  reportIndicatorValues,
  reportStageValues,
  reportingYears,
  reports,
  stageYears,
  stages,
  strategies,
  tasks,
  type ReportStatus,
} from '@/db/schema';
import {
  assertCan,
  coordinatesProgram,
  executesTask,
  ownsGoal,
  requireSignedIn,
} from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { writeAudit } from '@/lib/audit';
import { notifyReportTransition } from '@/lib/mail/events';
import { conflict, forbidden, invalid, notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';
import { stageTotals } from '@/lib/progress';
import { loadTaskCells } from '@/lib/strategy/progress-data';
import { isYearInSpan } from '@/lib/strategy/span';
import {
  DEFAULT_POLICY,
  type Decision,
  type ReportActor,
  type ReportFacts,
  type ReportPolicy,
} from './rules';
import { type ReportPlan, reportPlanOf } from './report-plan';

/*
 * What every step of the yearly report shares (view, save, recall, decide): the task's place in
 * the strategy, who the user is for this report, the year's steps, the plan and the reported
 * values, and the transition write itself — one guarded UPDATE (expected state and version in the
 * WHERE) with its timeline event and audit row.
 */

export interface TaskContext {
  taskId: number;
  taskNumber: number;
  taskTitle: string;
  programNumber: number;
  programTitle: string;
  goalNumber: number;
  strategyName: string;
  programId: number;
  goalId: number;
  strategyId: number;
  startYear: number;
  endYear: number;
}

export async function loadTaskContext(db: Tx, taskId: number): Promise<TaskContext> {
  assertId(taskId);
  const [row] = await db
    .select({
      taskId: tasks.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      programNumber: programs.number,
      programTitle: programs.title,
      goalNumber: goals.number,
      strategyName: strategies.name,
      programId: programs.id,
      goalId: goals.id,
      strategyId: strategies.id,
      startYear: strategies.startYear,
      endYear: strategies.endYear,
    })
    .from(tasks)
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(and(eq(tasks.id, taskId), isNull(tasks.archivedAt)));
  if (!row) throw notFound();
  return row;
}

/**
 * The signed-in user and the task, when the user is the task's executor: only they edit, submit or
 * recall its report (deny by default, before looking at anything else).
 */
export async function requireExecutor(db: Tx, userOrNull: CurrentUser | null, taskId: number) {
  const signedIn = requireSignedIn(userOrNull);
  const context = await loadTaskContext(db, taskId);
  const user = assertCan(signedIn, { action: 'report.fill', taskId });
  return { user, context };
}

/** The task's report of a year the strategy spans (not found otherwise). */
export async function loadReport(db: Tx, context: TaskContext, year: number) {
  if (!isYearInSpan(context, year)) throw notFound();
  const [report] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.taskId, context.taskId), eq(reports.year, year)));
  return report ?? null;
}

export function actorFor(user: CurrentUser, context: TaskContext, submittedBy: number | null): ReportActor {
  return {
    isExecutor: executesTask(user, context.taskId),
    isCoordinator: coordinatesProgram(user, context.programId),
    isGoalOwner: ownsGoal(user, context.goalId),
    isSubmitter: submittedBy !== null && submittedBy === user.id,
  };
}

/** The steps the strategy office set for the year (the defaults for a year not opened). */
export function policyOf(reportingYear: { coordinatorReview: boolean } | null): ReportPolicy {
  return reportingYear ? { coordinatorReview: reportingYear.coordinatorReview } : DEFAULT_POLICY;
}

/** What the report's latest timeline event says about it (see ReportFacts). */
export function factsOf(latest: { action: string } | undefined): ReportFacts {
  return { awaitingFirstReviewer: latest?.action === 'submit' };
}

/** The state machine's answer, or the refusal: a report in another state is a conflict. */
export function allowedOrThrow(decision: Decision): Extract<Decision, { allowed: true }> {
  if (!decision.allowed) throw decision.reason === 'wrong_state' ? conflict() : forbidden();
  return decision;
}

/** The year must be in the strategy's span and opened for reporting. */
export async function loadReportingYear(db: Tx, context: TaskContext, year: number) {
  if (!isYearInSpan(context, year)) throw invalid({ year: ['yearOutOfSpan'] });
  const [row] = await db
    .select()
    .from(reportingYears)
    .where(and(eq(reportingYears.strategyId, context.strategyId), eq(reportingYears.year, year)));
  if (!row || row.closedAt) throw invalid({ year: ['yearNotOpen'] });
  return row;
}

/** The task's stages and indicators with the year's plan and official values, and the form's plan. */
export async function loadPlan(db: Tx, taskId: number, year: number) {
  const stageRows = await db
    .select({
      stageId: stages.id,
      number: stages.number,
      name: stages.name,
      planned: stageYears.plannedPoints,
      official: stageYears.actualPoints,
    })
    .from(stages)
    .leftJoin(stageYears, and(eq(stageYears.stageId, stages.id), eq(stageYears.year, year)))
    .where(and(eq(stages.taskId, taskId), isNull(stages.archivedAt)))
    .orderBy(asc(stages.position));
  const indicatorRows = await db
    .select({
      indicatorId: indicators.id,
      type: indicators.type,
      name: indicators.name,
      source: indicators.source,
      unit: indicators.unit,
      targetText: indicatorYears.targetText,
      targetNumber: indicatorYears.targetNumber,
      officialText: indicatorYears.actualText,
      officialNumber: indicatorYears.actualNumber,
    })
    .from(indicators)
    .leftJoin(
      indicatorYears,
      and(eq(indicatorYears.indicatorId, indicators.id), eq(indicatorYears.year, year)),
    )
    .where(and(eq(indicators.taskId, taskId), isNull(indicators.archivedAt)))
    .orderBy(asc(indicators.position));
  // Each stage's plan over all years and its done points in the other years: a value that takes the
  // stage past its plan needs the reporter's confirmation (lib/progress.ts, exceedsPlan).
  const cells = (await loadTaskCells(db, [taskId])).get(taskId) ?? [];
  const allYears = stageTotals(cells);
  const otherYears = stageTotals(cells.filter((cell) => cell.year !== year));
  const planStages = stageRows.map((row) => ({
    ...row,
    plannedAllYears: allYears.get(row.stageId)?.planned ?? 0,
    doneOtherYears: otherYears.get(row.stageId)?.done ?? 0,
  }));
  const plan: ReportPlan = reportPlanOf(planStages, indicatorRows);
  return { stageRows: planStages, indicatorRows, plan, cells };
}

/** The stage and indicator values a report carries. */
export async function loadReportValues(db: Tx, reportId: number) {
  const [stageValues, indicatorValues] = await Promise.all([
    db
      .select({
        stageId: reportStageValues.stageId,
        actual: reportStageValues.actualPoints,
        overPlanConfirmed: reportStageValues.overPlanConfirmed,
      })
      .from(reportStageValues)
      .where(eq(reportStageValues.reportId, reportId)),
    db
      .select({
        indicatorId: reportIndicatorValues.indicatorId,
        actualText: reportIndicatorValues.actualText,
        actualNumber: reportIndicatorValues.actualNumber,
      })
      .from(reportIndicatorValues)
      .where(eq(reportIndicatorValues.reportId, reportId)),
  ]);
  return { stageValues, indicatorValues };
}

/**
 * The guarded write of a transition: only the version the user saw, only from the states given.
 * Every transition raises the version, so of two simultaneous ones exactly one finds the row as it
 * was; the other gets `conflict`.
 */
export async function moveReport(
  tx: Tx,
  where: { reportId: number; from: readonly ReportStatus[]; version: number },
  set: { status: ReportStatus } & Partial<Omit<typeof reports.$inferInsert, 'id' | 'version'>>,
): Promise<{ status: ReportStatus; version: number }> {
  const [updated] = await tx
    .update(reports)
    .set({ ...set, version: sql`${reports.version} + 1`, updatedAt: set.updatedAt ?? new Date() })
    .where(
      and(
        eq(reports.id, where.reportId),
        eq(reports.version, where.version),
        inArray(reports.status, [...where.from]),
      ),
    )
    .returning({ status: reports.status, version: reports.version });
  if (!updated) throw conflict();
  return updated;
}

/** A transition's step in the report's timeline and its audit row, in the transition's transaction. */
export async function recordTransition(
  tx: Tx,
  entry: {
    actorUserId: number;
    reportId: number;
    event: { action: typeof reportEvents.$inferInsert.action; comment: string };
    from: ReportStatus;
    to: ReportStatus;
    audit: { action: string; before: unknown; after: unknown };
  },
): Promise<void> {
  await tx.insert(reportEvents).values({
    reportId: entry.reportId,
    actorUserId: entry.actorUserId,
    action: entry.event.action,
    fromStatus: entry.from,
    toStatus: entry.to,
    comment: entry.event.comment,
  });
  await writeAudit(tx, {
    actorUserId: entry.actorUserId,
    entity: 'report',
    entityId: entry.reportId,
    ...entry.audit,
  });
  // The step's mails (to whoever acts next, or the executor), in the same transaction.
  await notifyReportTransition(tx, {
    reportId: entry.reportId,
    action: entry.event.action,
    to: entry.to,
    comment: entry.event.comment,
    actorUserId: entry.actorUserId,
  });
}
