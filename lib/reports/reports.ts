import 'server-only';
// Over 500 lines (the yearly report's data layer (view, save, submit, recall, decisions, opening years, inbox)): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
import { requireSignedIn as requireUser } from '@/lib/auth/permissions';
import { writeAudit as audit } from '@/lib/audit';
import { type SQL, and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
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
  users,
  type ReportStatus,
} from '@/db/schema';
import { can, coordinatesProgram, executesTask, isAdmin, ownsGoal } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '@/lib/errors';
import { parseDecimal, readIndicatorNumber } from '@/lib/numbers';
import { type StageCell, stageTotals, taskProgress } from '@/lib/progress';
import {
  DEFAULT_POLICY,
  type ReportAction,
  type ReportActor,
  type ReportFacts,
  type ReportPolicy,
  availableActions,
  decide,
  isLate,
} from './rules';
import {
  type ReportPlan,
  decisionSchema,
  fieldErrorsOf,
  isPastDeadline,
  openYearSchema,
  recallSchema,
  reportFormSchema,
  reportPlanOf,
  stageValueOverPlan,
} from './schema';
import {
  countReportsByStatus,
  reportEventColumns,
  strategySpanColumns,
  withOpenYearTask,
  withReportTask,
} from './report-queries';
import { assertId } from '@/lib/ids';

/*
 * The yearly report: the data layer. Every exported function takes (db, user, …), refuses without
 * a valid user, re-checks the user's posts against the specific task, and writes each transition as
 * one guarded UPDATE (expected state and version in the WHERE) in a transaction with its audit row.
 */

interface TaskContext {
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

async function loadTaskContext(db: Tx, taskId: number): Promise<TaskContext> {
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
async function requireExecutor(db: Tx, userOrNull: CurrentUser | null, taskId: number) {
  const user = requireUser(userOrNull);
  const context = await loadTaskContext(db, taskId);
  if (!executesTask(user, taskId)) throw forbidden();
  return { user, context };
}

function actorFor(user: CurrentUser, context: TaskContext, submittedBy: number | null): ReportActor {
  return {
    isExecutor: executesTask(user, context.taskId),
    isCoordinator: coordinatesProgram(user, context.programId),
    isGoalOwner: ownsGoal(user, context.goalId),
    isSubmitter: submittedBy !== null && submittedBy === user.id,
  };
}

/** The steps the strategy office set for the year (the defaults for a year not opened). */
function policyOf(reportingYear: { coordinatorReview: boolean } | null): ReportPolicy {
  return reportingYear ? { coordinatorReview: reportingYear.coordinatorReview } : DEFAULT_POLICY;
}

/** What the report's latest timeline event says about it (see ReportFacts). */
function factsOf(latest: { action: string } | undefined): ReportFacts {
  return { awaitingFirstReviewer: latest?.action === 'submit' };
}

/** The year must be in the strategy's span and opened for reporting. */
async function loadReportingYear(db: Tx, context: TaskContext, year: number) {
  if (!Number.isInteger(year) || year < context.startYear || year > context.endYear) {
    throw invalid({ year: ['yearOutOfSpan'] });
  }
  const [row] = await db
    .select()
    .from(reportingYears)
    .where(and(eq(reportingYears.strategyId, context.strategyId), eq(reportingYears.year, year)));
  if (!row || row.closedAt) throw invalid({ year: ['yearNotOpen'] });
  return row;
}

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

async function loadPlan(db: Tx, taskId: number, year: number) {
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
  const cells = await taskCells(db, taskId);
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

async function loadReportValues(db: Tx, reportId: number) {
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

// ---------------------------------------------------------------------------------------------
// Reading

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

/** The official cells of the whole task, with the given year's actuals optionally replaced. */
async function taskCells(db: Tx, taskId: number): Promise<StageCell[]> {
  const rows = await db
    .select({
      stageId: stageYears.stageId,
      year: stageYears.year,
      planned: stageYears.plannedPoints,
      actual: stageYears.actualPoints,
    })
    .from(stageYears)
    .innerJoin(stages, eq(stages.id, stageYears.stageId))
    .where(and(eq(stages.taskId, taskId), isNull(stages.archivedAt)));
  return rows.map((row) => ({ ...row }));
}

export async function getReportView(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
): Promise<ReportView> {
  const user = requireUser(userOrNull);
  if (!can(user, { action: 'strategy.read' })) throw forbidden();
  const context = await loadTaskContext(db, taskId);
  if (!Number.isInteger(year) || year < context.startYear || year > context.endYear) throw notFound();
  const [existing] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.taskId, taskId), eq(reports.year, year)));
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

// ---------------------------------------------------------------------------------------------
// The executor: save a draft, submit

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
  const parsed = reportFormSchema(plan).safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const input = parsed.data;

  return db.transaction(async (tx) => {
    const report = await ensureReport(tx, taskId, year);
    const decision = decide(
      input.intent,
      report.status,
      actorFor(user, context, report.submittedBy),
      policyOf(reportingYear),
    );
    if (!decision.allowed) throw decision.reason === 'wrong_state' ? conflict() : forbidden();
    const now = new Date();
    const submitting = input.intent === 'submit';

    // The guarded write: only the version the user edited, only in an editable state.
    const [updated] = await tx
      .update(reports)
      .set({
        narrative: input.narrative,
        status: decision.to,
        version: sql`${reports.version} + 1`,
        updatedAt: now,
        ...(submitting ? { submittedBy: user.id, submittedAt: now } : {}),
      })
      .where(
        and(
          eq(reports.id, report.id),
          eq(reports.version, input.version),
          inArray(reports.status, ['draft', 'returned']),
        ),
      )
      .returning({ status: reports.status, version: reports.version });
    if (!updated) throw conflict();

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

    await tx.insert(reportEvents).values({
      reportId: report.id,
      actorUserId: user.id,
      action: submitting ? 'submit' : 'save',
      fromStatus: report.status,
      toStatus: decision.to,
      // Why the coordinator's review was skipped, if it was (shown in the report's history).
      comment: decision.allowed ? (decision.note ?? '') : '',
    });
    await audit(tx, {
      actorUserId: user.id,
      entity: 'report',
      entityId: report.id,
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
    });
    return updated;
  });
}

/**
 * The executor takes a submitted report back to draft before anyone has acted on it (a slip, a
 * value to correct). One guarded write (the state and version the executor saw, and no event since
 * the submission) in a transaction with its timeline event and audit row.
 *
 * The timeline has no action of its own for it (report_action is a database enum): a recall is
 * the executor's `save` event from a submitted or accepted state back to `draft`, which no other
 * transition writes (rules.ts, isRecallEvent).
 */
export async function recallReport(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
  rawInput: unknown,
): Promise<{ status: ReportStatus; version: number }> {
  const { user, context } = await requireExecutor(db, userOrNull, taskId);
  const parsed = recallSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const input = parsed.data;
  const reportingYear = await loadReportingYear(db, context, year);

  return db.transaction(async (tx) => {
    const [report] = await tx
      .select()
      .from(reports)
      .where(and(eq(reports.taskId, taskId), eq(reports.year, year)));
    if (!report) throw notFound();
    const [latest] = await tx
      .select({ id: reportEvents.id, action: reportEvents.action })
      .from(reportEvents)
      .where(eq(reportEvents.reportId, report.id))
      .orderBy(desc(reportEvents.at), desc(reportEvents.id))
      .limit(1);
    const decision = decide(
      'recall',
      report.status,
      actorFor(user, context, report.submittedBy),
      policyOf(reportingYear),
      factsOf(latest),
    );
    if (!decision.allowed) throw decision.reason === 'wrong_state' ? conflict() : forbidden();

    // Every decision raises the version: the version the executor saw, still in the state they
    // saw, means nobody has acted since.
    const [updated] = await tx
      .update(reports)
      .set({
        status: decision.to,
        version: sql`${reports.version} + 1`,
        updatedAt: new Date(),
        submittedBy: null,
        submittedAt: null,
      })
      .where(
        and(eq(reports.id, report.id), eq(reports.status, report.status), eq(reports.version, input.version)),
      )
      .returning({ status: reports.status, version: reports.version });
    if (!updated) throw conflict();

    await tx.insert(reportEvents).values({
      reportId: report.id,
      actorUserId: user.id,
      action: 'save',
      fromStatus: report.status,
      toStatus: decision.to,
      comment: '',
    });
    await audit(tx, {
      actorUserId: user.id,
      entity: 'report',
      entityId: report.id,
      action: 'recall',
      before: { status: report.status, version: report.version },
      after: { status: decision.to, version: updated.version },
    });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------
// Coordinator and goal owner: accept, return, approve, withdraw

interface OfficialSnapshot {
  stages: { stageId: number; actual: number | null }[];
  indicators: { indicatorId: number; actualText: string | null; actualNumber: number | null }[];
}

async function readOfficial(tx: Tx, taskId: number, year: number): Promise<OfficialSnapshot> {
  const { stageRows, indicatorRows } = await loadPlan(tx, taskId, year);
  return {
    stages: stageRows.map((row) => ({ stageId: row.stageId, actual: row.official })),
    indicators: indicatorRows.map((row) => ({
      indicatorId: row.indicatorId,
      actualText: row.officialText,
      actualNumber: row.officialNumber,
    })),
  };
}

/** Makes the given values the task card's official actuals of the year. */
async function writeOfficial(tx: Tx, year: number, snapshot: OfficialSnapshot) {
  for (const stage of snapshot.stages) {
    if (stage.actual === null) {
      await tx
        .update(stageYears)
        .set({ actualPoints: null })
        .where(and(eq(stageYears.stageId, stage.stageId), eq(stageYears.year, year)));
    } else {
      await tx
        .insert(stageYears)
        .values({ stageId: stage.stageId, year, plannedPoints: null, actualPoints: stage.actual })
        .onConflictDoUpdate({
          target: [stageYears.stageId, stageYears.year],
          set: { actualPoints: stage.actual },
        });
    }
  }
  for (const indicator of snapshot.indicators) {
    await tx
      .insert(indicatorYears)
      .values({
        indicatorId: indicator.indicatorId,
        year,
        actualText: indicator.actualText,
        actualNumber: indicator.actualNumber,
      })
      .onConflictDoUpdate({
        target: [indicatorYears.indicatorId, indicatorYears.year],
        set: { actualText: indicator.actualText, actualNumber: indicator.actualNumber },
      });
  }
}

export async function decideReport(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
  rawInput: unknown,
): Promise<{ status: ReportStatus; version: number }> {
  const user = requireUser(userOrNull);
  const parsed = decisionSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const input = parsed.data;
  const context = await loadTaskContext(db, taskId);
  if (!Number.isInteger(year) || year < context.startYear || year > context.endYear) throw notFound();
  const [report] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.taskId, taskId), eq(reports.year, year)));
  if (!report) throw notFound();
  const actor = actorFor(user, context, report.submittedBy);
  // Deny by default: someone with no say in this report learns nothing more than "not allowed".
  if (!actor.isCoordinator && !actor.isGoalOwner) throw forbidden();
  const reportingYear = await loadReportingYear(db, context, year);
  const decision = decide(input.action, report.status, actor, policyOf(reportingYear));
  if (!decision.allowed) throw decision.reason === 'wrong_state' ? conflict() : forbidden();

  return db.transaction(async (tx) => {
    const now = new Date();
    let officialBefore: OfficialSnapshot | null | undefined;
    if (input.action === 'approve') officialBefore = await readOfficial(tx, taskId, year);
    if (input.action === 'withdraw') officialBefore = null;

    // One guarded write: the state and version the decider saw. Of twenty simultaneous approvals
    // exactly one finds the row still 'accepted'.
    const [updated] = await tx
      .update(reports)
      .set({
        status: decision.to,
        version: sql`${reports.version} + 1`,
        updatedAt: now,
        ...(officialBefore !== undefined ? { officialBefore } : {}),
      })
      .where(
        and(eq(reports.id, report.id), eq(reports.status, report.status), eq(reports.version, input.version)),
      )
      .returning({ status: reports.status, version: reports.version });
    if (!updated) throw conflict();

    if (input.action === 'approve') {
      const values = await loadReportValues(tx, report.id);
      const reportedStage = new Map(values.stageValues.map((value) => [value.stageId, value.actual]));
      const reportedIndicator = new Map(values.indicatorValues.map((value) => [value.indicatorId, value]));
      await writeOfficial(tx, year, {
        stages: officialBefore!.stages.map((stage) => ({
          stageId: stage.stageId,
          actual: reportedStage.get(stage.stageId) ?? null,
        })),
        indicators: officialBefore!.indicators.map((indicator) => {
          const reported = reportedIndicator.get(indicator.indicatorId);
          return {
            indicatorId: indicator.indicatorId,
            actualText: reported?.actualText ?? null,
            actualNumber: reported?.actualNumber ?? null,
          };
        }),
      });
    }
    if (input.action === 'withdraw') {
      // Back to the values that were official before this approval (none for imported history).
      const snapshot = (report.officialBefore as OfficialSnapshot | null) ?? { stages: [], indicators: [] };
      const current = await readOfficial(tx, taskId, year);
      const stageBefore = new Map(snapshot.stages.map((stage) => [stage.stageId, stage.actual]));
      const indicatorBefore = new Map(
        snapshot.indicators.map((indicator) => [indicator.indicatorId, indicator]),
      );
      await writeOfficial(tx, year, {
        stages: current.stages.map((stage) => ({
          stageId: stage.stageId,
          actual: stageBefore.get(stage.stageId) ?? null,
        })),
        indicators: current.indicators.map((indicator) => ({
          indicatorId: indicator.indicatorId,
          actualText: indicatorBefore.get(indicator.indicatorId)?.actualText ?? null,
          actualNumber: indicatorBefore.get(indicator.indicatorId)?.actualNumber ?? null,
        })),
      });
    }

    await tx.insert(reportEvents).values({
      reportId: report.id,
      actorUserId: user.id,
      action: input.action === 'withdraw' ? 'withdraw_approval' : input.action,
      fromStatus: report.status,
      toStatus: decision.to,
      comment: input.comment,
    });
    await audit(tx, {
      actorUserId: user.id,
      entity: 'report',
      entityId: report.id,
      action: input.action,
      before: { status: report.status, version: report.version },
      after: { status: decision.to, version: updated.version, comment: input.comment },
    });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------
// The strategy office: reporting years

export async function listReportingYears(db: Db, userOrNull: CurrentUser | null) {
  const user = requireUser(userOrNull);
  if (!isAdmin(user)) throw forbidden();
  const strategyRows = await db
    .select(strategySpanColumns)
    .from(strategies)
    .where(isNull(strategies.archivedAt))
    .orderBy(asc(strategies.id));
  const years = await db
    .select({
      strategyId: reportingYears.strategyId,
      year: reportingYears.year,
      deadline: reportingYears.deadline,
      coordinatorReview: reportingYears.coordinatorReview,
      openedAt: reportingYears.openedAt,
      closedAt: reportingYears.closedAt,
    })
    .from(reportingYears)
    .orderBy(desc(reportingYears.year));
  const countsOf = await countReportsByStatus(db);
  return strategyRows.map((strategy) => ({
    ...strategy,
    years: years
      .filter((year) => year.strategyId === strategy.id)
      .map((year) => ({ ...year, counts: countsOf(strategy.id, year.year) })),
  }));
}

/**
 * Opens a year of a strategy for reporting with its deadline and its steps (or changes them for an
 * open year). Every task of the strategy gets its report for the year, as a draft. Turning the
 * coordinator's review off sends the reports submitted from then on straight to the goal owner;
 * those already submitted still wait for their coordinator.
 */
export async function openReportingYear(db: Db, userOrNull: CurrentUser | null, rawInput: unknown) {
  const user = requireUser(userOrNull);
  if (!isAdmin(user)) throw forbidden();
  const parsed = openYearSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const input = parsed.data;
  const [strategy] = await db.select().from(strategies).where(eq(strategies.id, input.strategyId));
  if (!strategy) throw notFound();
  if (input.year < strategy.startYear || input.year > strategy.endYear)
    throw invalid({ year: ['yearOutOfSpan'] });

  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(reportingYears)
      .where(and(eq(reportingYears.strategyId, strategy.id), eq(reportingYears.year, input.year)));
    await tx
      .insert(reportingYears)
      .values({
        strategyId: strategy.id,
        year: input.year,
        deadline: input.deadline,
        coordinatorReview: input.coordinatorReview,
        openedBy: user.id,
      })
      .onConflictDoUpdate({
        target: [reportingYears.strategyId, reportingYears.year],
        set: { deadline: input.deadline, coordinatorReview: input.coordinatorReview, closedAt: null },
      });
    const taskRows = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(and(eq(goals.strategyId, strategy.id), isNull(tasks.archivedAt)));
    if (taskRows.length) {
      await tx
        .insert(reports)
        .values(taskRows.map((task) => ({ taskId: task.id, year: input.year })))
        .onConflictDoNothing();
    }
    await audit(tx, {
      actorUserId: user.id,
      entity: 'reporting_year',
      entityId: `${strategy.id}/${input.year}`,
      action: before ? 'change' : 'open',
      before: before
        ? {
            deadline: before.deadline,
            coordinatorReview: before.coordinatorReview,
            closedAt: before.closedAt,
          }
        : null,
      after: {
        deadline: input.deadline,
        coordinatorReview: input.coordinatorReview,
        // The office confirmed a deadline already past (the schema refuses it otherwise).
        ...(isPastDeadline(input.deadline) ? { pastDeadlineConfirmed: true } : {}),
      },
    });
    return {
      strategyId: strategy.id,
      year: input.year,
      deadline: input.deadline,
      coordinatorReview: input.coordinatorReview,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The inbox

export type InboxKind = 'fill_in' | 'returned' | 'review' | 'approve';

export interface InboxItem {
  kind: InboxKind;
  reportId: number;
  taskId: number;
  taskNumber: number;
  taskTitle: string;
  programNumber: number;
  goalNumber: number;
  year: number;
  status: ReportStatus;
  deadline: string;
  late: boolean;
  since: Date;
  who: string | null;
  /** A returned report: the reviewer's latest comment, what to correct. */
  returnComment: string | null;
}

/**
 * Which reports wait for the user, as one SQL condition over reports ⋈ tasks ⋈ programs (null when
 * the user has no post that receives reports): to fill in or returned (executor), to review
 * (coordinator), to approve (goal owner). Nobody decides on what they submitted themselves: such a
 * report waits for someone else.
 */
function inboxCondition(user: CurrentUser): SQL | null {
  const executed = user.roles.flatMap((grant) =>
    grant.role === 'executor' && grant.taskId ? [grant.taskId] : [],
  );
  const coordinated = user.roles.flatMap((grant) =>
    grant.role === 'coordinator' && grant.programId ? [grant.programId] : [],
  );
  const owned = user.roles.flatMap((grant) =>
    grant.role === 'goal_owner' && grant.goalId ? [grant.goalId] : [],
  );
  const conditions = [];
  if (executed.length)
    conditions.push(and(inArray(reports.status, ['draft', 'returned']), inArray(reports.taskId, executed)));
  if (coordinated.length)
    conditions.push(and(eq(reports.status, 'submitted'), inArray(tasks.programId, coordinated)));
  if (owned.length) conditions.push(and(eq(reports.status, 'accepted'), inArray(programs.goalId, owned)));
  if (conditions.length === 0) return null;
  return and(
    isNull(tasks.archivedAt),
    or(...conditions),
    or(
      inArray(reports.status, ['draft', 'returned']),
      sql`${reports.submittedBy} is distinct from ${user.id}`,
    ),
  )!;
}

/** How many reports wait for the user (the count in every page's header). One query. */
export async function countInbox(db: Db, userOrNull: CurrentUser | null): Promise<number> {
  const user = requireUser(userOrNull);
  const condition = inboxCondition(user);
  if (!condition) return 0;
  const [row] = await withOpenYearTask(
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(reports)
      .$dynamic(),
  ).where(condition);
  return Number(row?.count ?? 0);
}

/** What waits for the user: reports to fill in, returned to them, to review, to approve. One query. */
export async function listInbox(db: Db, userOrNull: CurrentUser | null): Promise<InboxItem[]> {
  const user = requireUser(userOrNull);
  const condition = inboxCondition(user);
  if (!condition) return [];
  const rows = await withOpenYearTask(
    db
      .select({
        reportId: reports.id,
        taskId: tasks.id,
        taskNumber: tasks.number,
        taskTitle: tasks.title,
        programNumber: programs.number,
        goalNumber: goals.number,
        year: reports.year,
        status: reports.status,
        deadline: reportingYears.deadline,
        openedAt: reportingYears.openedAt,
        // The last event of this report only (an index on report_events.report_id), not an
        // aggregate over every report's history.
        lastAt: sql<Date | null>`(select max(${reportEvents.at}) from ${reportEvents} where ${reportEvents.reportId} = ${reports.id})`,
        submitter: users.displayName,
        // A returned report's latest return comment (the same index), shown in its row.
        returnComment: sql<
          string | null
        >`(select ${reportEvents.comment} from ${reportEvents} where ${reportEvents.reportId} = ${reports.id} and ${reportEvents.action} = 'return' order by ${reportEvents.at} desc, ${reportEvents.id} desc limit 1)`,
      })
      .from(reports)
      .$dynamic(),
  )
    .leftJoin(users, eq(users.id, reports.submittedBy))
    .where(condition)
    .orderBy(asc(reportingYears.deadline), asc(goals.number), asc(programs.number), asc(tasks.number));

  return rows.map((row): InboxItem => {
    const kind: InboxKind =
      row.status === 'draft'
        ? 'fill_in'
        : row.status === 'returned'
          ? 'returned'
          : row.status === 'submitted'
            ? 'review'
            : 'approve';
    return {
      kind,
      reportId: row.reportId,
      taskId: row.taskId,
      taskNumber: row.taskNumber,
      taskTitle: row.taskTitle,
      programNumber: row.programNumber,
      goalNumber: row.goalNumber,
      year: row.year,
      status: row.status,
      deadline: row.deadline,
      late: isLate(row.status, row.deadline),
      since: row.lastAt ? new Date(row.lastAt) : row.openedAt,
      who: kind === 'fill_in' ? null : row.submitter,
      returnComment: kind === 'returned' ? (row.returnComment ?? null) : null,
    };
  });
}

/** The reports of one task, per year, for its card: status, lateness, pending stage values. */
export async function listTaskReports(db: Db, user: CurrentUser | null, taskId: number) {
  if (!user) throw unauthenticated();
  if (!can(user, { action: 'strategy.read' })) throw forbidden();
  const rows = await withReportTask(
    db
      .select({
        reportId: reports.id,
        year: reports.year,
        status: reports.status,
        deadline: reportingYears.deadline,
        closedAt: reportingYears.closedAt,
      })
      .from(reports)
      .$dynamic(),
  )
    .leftJoin(
      reportingYears,
      and(eq(reportingYears.strategyId, goals.strategyId), eq(reportingYears.year, reports.year)),
    )
    .where(eq(reports.taskId, taskId))
    .orderBy(asc(reports.year));
  // The values of reports waiting for a decision, in one query whatever their number.
  const pending = await db
    .select({
      reportId: reportStageValues.reportId,
      stageId: reportStageValues.stageId,
      actual: reportStageValues.actualPoints,
    })
    .from(reportStageValues)
    .innerJoin(reports, eq(reports.id, reportStageValues.reportId))
    .where(and(eq(reports.taskId, taskId), inArray(reports.status, ['submitted', 'accepted'])));
  return rows.map((row) => ({
    year: row.year,
    status: row.status,
    deadline: row.deadline,
    late: row.deadline && !row.closedAt ? isLate(row.status, row.deadline) : false,
    pending: pending
      .filter((value) => value.reportId === row.reportId)
      .map((value) => ({ stageId: value.stageId, actual: value.actual })),
  }));
}
