import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reportEvents, reportingYears, users, type ReportStatus } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { taskProgress } from '@/lib/progress';
import {
  type TaskContext,
  actorFor,
  factsOf,
  loadPlan,
  loadReport,
  loadReportValues,
  loadTaskContext,
  policyOf,
} from './report-context';
import { reportEventColumns } from './report-queries';
import { type ReportAction, availableActions, isLate } from './rules';

/*
 * The report page's data: a task's report of a year with its plan, the values reported, the
 * progress before and after them, its timeline and what the user may do with it now. Every user
 * with a post reads it; reading never writes.
 */

export interface ReportView {
  context: TaskContext;
  taskId: number;
  year: number;
  reportId: number;
  status: ReportStatus;
  version: number;
  deadline: string;
  late: boolean;
  narrative: string;
  canEdit: boolean;
  /** The executor may take the submission back (nobody has acted on it yet). */
  canRecall: boolean;
  /** The latest return's comment, shown at the top of the form while the report is being corrected. */
  returnComment: { comment: string; at: Date; actor: string | null } | null;
  actions: ReportAction[];
  coordinatorIsExecutor: boolean;
  /** The year's steps include the coordinator's review (the strategy office's choice). */
  coordinatorReview: boolean;
  stages: {
    stageId: number;
    number: number | null;
    name: string;
    planned: number | null;
    /** The stage's planned points over all years, and its official done points in the other years. */
    plannedAllYears: number;
    doneOtherYears: number;
    reported: number | null;
    /** The reporter confirmed that this value takes the stage past its plan. */
    overPlanConfirmed: boolean;
    official: number | null;
  }[];
  indicators: {
    indicatorId: number;
    type: string;
    name: string;
    source: string;
    unit: string;
    targetText: string | null;
    targetNumber: number | null;
    reportedText: string | null;
    reportedNumber: number | null;
  }[];
  progressBefore: number;
  progressAfter: number;
  events: {
    at: Date;
    action: string;
    fromStatus: ReportStatus | null;
    toStatus: ReportStatus;
    comment: string;
    actor: string | null;
  }[];
}

export async function getReportView(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
): Promise<ReportView> {
  const user = assertCan(userOrNull, { action: 'strategy.read' });
  const context = await loadTaskContext(db, taskId);
  const existing = await loadReport(db, context, year);
  const [reportingYear] = await db
    .select()
    .from(reportingYears)
    .where(and(eq(reportingYears.strategyId, context.strategyId), eq(reportingYears.year, year)));
  // A year nobody opened and nobody reported has no report to show.
  if (!existing && (!reportingYear || reportingYear.closedAt)) throw notFound();
  // Not created yet (a task added after the year was opened): shown as an empty draft; the first
  // save creates it. Reading never writes.
  const report = existing ?? {
    id: 0,
    status: 'draft' as const,
    version: 1,
    narrative: '',
    submittedBy: null,
  };

  const { stageRows, indicatorRows, cells } = await loadPlan(db, taskId, year);
  const values = await loadReportValues(db, report.id);
  const reportedStage = new Map(values.stageValues.map((value) => [value.stageId, value.actual]));
  const overPlanConfirmed = new Set(
    values.stageValues.filter((value) => value.overPlanConfirmed).map((value) => value.stageId),
  );
  const reportedIndicator = new Map(values.indicatorValues.map((value) => [value.indicatorId, value]));
  const events = await db
    .select({ ...reportEventColumns, actor: users.displayName })
    .from(reportEvents)
    .leftJoin(users, eq(users.id, reportEvents.actorUserId))
    .where(eq(reportEvents.reportId, report.id))
    .orderBy(asc(reportEvents.at), asc(reportEvents.id));

  const actor = actorFor(user, context, report.submittedBy);
  const policy = policyOf(reportingYear ?? null);
  const facts = factsOf(events.at(-1));
  const actions =
    reportingYear && !reportingYear.closedAt ? availableActions(report.status, actor, policy, facts) : [];
  const lastReturn = [...events].reverse().find((event) => event.action === 'return');

  const progressBefore = taskProgress(cells);
  const after = cells.filter((cell) => cell.year !== year);
  for (const row of stageRows) {
    after.push({
      stageId: row.stageId,
      year,
      planned: row.planned,
      actual: reportedStage.get(row.stageId) ?? null,
    });
  }

  return {
    context,
    taskId,
    year,
    reportId: report.id,
    status: report.status,
    version: report.version,
    deadline: reportingYear?.deadline ?? '',
    late: reportingYear ? isLate(report.status, reportingYear.deadline) : false,
    narrative: report.narrative,
    canEdit: actions.includes('save'),
    canRecall: actions.includes('recall'),
    // While the executor corrects the report (returned, or recalled after a return), the
    // reviewer's latest comment says what to correct.
    returnComment:
      lastReturn && (report.status === 'returned' || report.status === 'draft')
        ? { comment: lastReturn.comment, at: lastReturn.at, actor: lastReturn.actor }
        : null,
    actions: actions.filter((action) => action !== 'save' && action !== 'submit' && action !== 'recall'),
    coordinatorIsExecutor: actor.isCoordinator && actor.isExecutor,
    coordinatorReview: policy.coordinatorReview,
    stages: stageRows.map((row) => ({
      stageId: row.stageId,
      number: row.number,
      name: row.name,
      planned: row.planned,
      plannedAllYears: row.plannedAllYears,
      doneOtherYears: row.doneOtherYears,
      reported: reportedStage.get(row.stageId) ?? null,
      overPlanConfirmed: overPlanConfirmed.has(row.stageId),
      official: row.official,
    })),
    indicators: indicatorRows.map((row) => ({
      indicatorId: row.indicatorId,
      type: row.type,
      name: row.name,
      source: row.source,
      unit: row.unit,
      targetText: row.targetText,
      targetNumber: row.targetNumber,
      reportedText: reportedIndicator.get(row.indicatorId)?.actualText ?? null,
      reportedNumber: reportedIndicator.get(row.indicatorId)?.actualNumber ?? null,
    })),
    progressBefore,
    progressAfter: taskProgress(after),
    events,
  };
}
