import 'server-only';
// Over 500 lines (editing the strategy (cards, tasks, weights, executors)): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
import { requireSignedIn as requireUser } from '@/lib/auth/permissions';
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import {
  auditLog,
  departments,
  fundingSources,
  goals,
  indicatorYears,
  indicators,
  partners,
  postHolders,
  postRoles,
  posts,
  programs,
  reportEvents,
  reportIndicatorValues,
  reportStageValues,
  reports,
  stageYears,
  stages,
  strategies,
  tasks,
  users,
} from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import {
  type TaskCardInput,
  assignExecutorSchema,
  newTaskSchema,
  taskCardSchema,
  weightsSchema,
} from '@/lib/cards/card-schema';
import { planTotal } from '@/lib/cards/rules';
import { conflict, forbidden, invalid, notFound } from '@/lib/errors';
import { addOpenYearReports } from '@/lib/reports/task-reports';
import { reportEventColumns } from '@/lib/reports/report-queries';
import { parseDecimal, readAmount, readIndicatorNumber, readPercent } from '@/lib/numbers';
import { exceedsPlan, stageTotals } from '@/lib/progress';
import { reportEventKey } from '@/lib/reports/rules';
import { fieldErrorsOf } from '@/lib/validation';
import { assignScopedRole } from './assignments';
import { spanYears } from './span';
import { assertId } from '@/lib/ids';

/*
 * Keeping the strategy true: coordinators (and goal owners, and the strategy office) create tasks,
 * edit every section of a card, set weights and assign executors. Every function re-checks the
 * user's posts against the program, validates with the form's own schema and writes one
 * transaction with a version check and an audit row.
 */

interface ProgramScope {
  programId: number;
  goalId: number;
  strategyId: number;
  startYear: number;
  endYear: number;
}

async function programScope(db: Tx, programId: number): Promise<ProgramScope> {
  assertId(programId);
  const [row] = await db
    .select({
      programId: programs.id,
      goalId: goals.id,
      strategyId: strategies.id,
      startYear: strategies.startYear,
      endYear: strategies.endYear,
    })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(eq(programs.id, programId));
  if (!row) throw notFound();
  return row;
}

async function taskScope(db: Tx, taskId: number) {
  assertId(taskId);
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw notFound();
  return { task, scope: await programScope(db, task.programId) };
}

function assertCanManage(user: CurrentUser, scope: ProgramScope) {
  // Deny by default: only this program's coordinator, its goal's owner or the strategy office.
  if (!can(user, { action: 'program.manage', ...scope })) throw forbidden();
}

function toText(value: number | null): string {
  return value === null ? '' : String(value).replace('.', ',');
}

// ---------------------------------------------------------------------------------------------
// The editor

export interface PostOption {
  id: number;
  label: string;
}

export async function listPostOptions(db: Db): Promise<PostOption[]> {
  const now = new Date();
  const rows = await db
    .select({
      id: posts.id,
      name: posts.name,
      function: posts.function,
      department: departments.name,
      holder: users.displayName,
    })
    .from(posts)
    .leftJoin(departments, eq(departments.id, posts.departmentId))
    .leftJoin(
      postHolders,
      and(
        eq(postHolders.postId, posts.id),
        lte(postHolders.validFrom, now),
        or(isNull(postHolders.validTo), gt(postHolders.validTo, now)),
      ),
    )
    .leftJoin(users, eq(users.id, postHolders.userId))
    .where(isNull(posts.archivedAt))
    .orderBy(asc(posts.name));
  return rows.map((row) => ({ id: row.id, label: `${row.name}${row.holder ? ` (${row.holder})` : ''}` }));
}

/**
 * A task's card as the editor's form holds it, read from the database: what the editor opens with,
 * and what the audit row of a save records as "before" (the same shape as its "after").
 */
async function loadCardForm(db: Tx, task: typeof tasks.$inferSelect, years: number[]) {
  const [stageRows, indicatorRows, partnerRows, fundingRows] = await Promise.all([
    db.select().from(stages).where(eq(stages.taskId, task.id)).orderBy(asc(stages.position)),
    db.select().from(indicators).where(eq(indicators.taskId, task.id)).orderBy(asc(indicators.position)),
    db.select().from(partners).where(eq(partners.taskId, task.id)).orderBy(asc(partners.position)),
    db
      .select()
      .from(fundingSources)
      .where(eq(fundingSources.taskId, task.id))
      .orderBy(asc(fundingSources.position)),
  ]);
  const stageIds = stageRows.map((row) => row.id);
  const indicatorIds = indicatorRows.map((row) => row.id);
  const [cells, targets] = await Promise.all([
    stageIds.length
      ? db.select().from(stageYears).where(inArray(stageYears.stageId, stageIds))
      : Promise.resolve([]),
    indicatorIds.length
      ? db.select().from(indicatorYears).where(inArray(indicatorYears.indicatorId, indicatorIds))
      : Promise.resolve([]),
  ]);
  const form: TaskCardInput = {
    version: task.version,
    number: String(task.number),
    title: task.title,
    addressees: task.addressees,
    justification: task.justification,
    description: task.description,
    plannedTotalCost: task.plannedTotalCostText,
    budgetNote: task.budgetNote,
    stages: stageRows.map((row) => ({
      id: row.id,
      number: row.number === null ? '' : String(row.number),
      name: row.name,
      archived: row.archivedAt !== null,
      planned: years.map((year) =>
        toText(cells.find((cell) => cell.stageId === row.id && cell.year === year)?.plannedPoints ?? null),
      ),
    })),
    indicators: indicatorRows.map((row) => ({
      id: row.id,
      type: row.type,
      name: row.name,
      source: row.source,
      unit: row.unit,
      archived: row.archivedAt !== null,
      targets: years.map(
        (year) =>
          targets.find((target) => target.indicatorId === row.id && target.year === year)?.targetText ?? '',
      ),
    })),
    partners: partnerRows.map((row) => ({ name: row.name, scope: row.scope })),
    funding: fundingRows.map((row) => ({ source: row.source, value: row.valueText })),
    revisionReason: '',
  };
  return { form, stageIds, indicatorIds };
}

export async function getTaskEditor(db: Db, userOrNull: CurrentUser | null, taskId: number) {
  const user = requireUser(userOrNull);
  const { task, scope } = await taskScope(db, taskId);
  assertCanManage(user, scope);
  const years = spanYears(scope);
  const { form, stageIds, indicatorIds } = await loadCardForm(db, task, years);
  const [reportedStages, reportedIndicators, approved, options, executor] = await Promise.all([
    stageIds.length
      ? db
          .selectDistinct({ id: reportStageValues.stageId })
          .from(reportStageValues)
          .where(inArray(reportStageValues.stageId, stageIds))
      : Promise.resolve([]),
    indicatorIds.length
      ? db
          .selectDistinct({ id: reportIndicatorValues.indicatorId })
          .from(reportIndicatorValues)
          .where(inArray(reportIndicatorValues.indicatorId, indicatorIds))
      : Promise.resolve([]),
    db
      .select({ year: reports.year })
      .from(reports)
      .where(and(eq(reports.taskId, taskId), eq(reports.status, 'approved'))),
    listPostOptions(db),
    db
      .select({ postId: postRoles.postId })
      .from(postRoles)
      .where(and(eq(postRoles.role, 'executor'), eq(postRoles.taskId, taskId), isNull(postRoles.validTo))),
  ]);
  return {
    taskId,
    programId: scope.programId,
    years,
    approvedYears: approved.map((row) => row.year).sort(),
    stagesWithReports: reportedStages.map((row) => row.id),
    indicatorsWithReports: reportedIndicators.map((row) => row.id),
    form,
    executorPostId: executor[0]?.postId ?? null,
    postOptions: options,
  };
}

// ---------------------------------------------------------------------------------------------
// Saving a card

export async function saveTaskCard(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  rawInput: unknown,
) {
  const user = requireUser(userOrNull);
  const { scope } = await taskScope(db, taskId);
  assertCanManage(user, scope);
  const years = spanYears(scope);
  const parsed = taskCardSchema(years).safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const input = parsed.data;
  const number = Number(input.number);

  return db.transaction(async (tx) => {
    // Locked: no other save or import changes the card between reading it for the audit and writing.
    const [before] = await tx.select().from(tasks).where(eq(tasks.id, taskId)).for('update');
    if (!before) throw notFound();
    // Stale: someone saved this card after the user opened it. Show a conflict, overwrite nothing.
    if (before.version !== input.version) throw conflict();
    const { form: beforeCard } = await loadCardForm(tx, before, years);
    const [clash] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(
        and(eq(tasks.programId, scope.programId), eq(tasks.number, number), sql`${tasks.id} <> ${taskId}`),
      );
    if (clash) throw invalid({ number: ['numberTaken'] });

    const [updated] = await tx
      .update(tasks)
      .set({
        number,
        title: input.title,
        addressees: input.addressees,
        justification: input.justification,
        description: input.description,
        plannedTotalCostText: input.plannedTotalCost,
        plannedTotalCostAmount: readAmount(input.plannedTotalCost),
        budgetNote: input.budgetNote,
        version: sql`${tasks.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(tasks.id, taskId), eq(tasks.version, input.version)))
      .returning({ version: tasks.version });
    // Someone saved this card after the user opened it: show a conflict, overwrite nothing.
    if (!updated) throw conflict();

    const revisedYears = await saveStages(tx, taskId, years, input);
    await saveIndicators(tx, taskId, years, input);
    await tx.delete(partners).where(eq(partners.taskId, taskId));
    if (input.partners.length) {
      await tx
        .insert(partners)
        .values(input.partners.map((row, index) => ({ taskId, position: index + 1, ...row })));
    }
    await tx.delete(fundingSources).where(eq(fundingSources.taskId, taskId));
    if (input.funding.length) {
      await tx.insert(fundingSources).values(
        input.funding.map((row, index) => ({
          taskId,
          position: index + 1,
          source: row.source,
          valueText: row.value,
          sharePercent: readPercent(row.value),
          amount: readAmount(row.value),
        })),
      );
    }

    await tx.insert(auditLog).values({
      actorUserId: user.id,
      entity: 'task',
      entityId: String(taskId),
      action: 'edit_card',
      before: { ...beforeCard, revisionReason: undefined },
      after: { ...input, revisionReason: undefined },
    });
    if (revisedYears.length) {
      await tx.insert(auditLog).values({
        actorUserId: user.id,
        entity: 'task',
        entityId: String(taskId),
        action: 'plan_revision',
        before: { years: revisedYears },
        after: { reason: input.revisionReason },
      });
    }
    // The card as saved, with the new rows' ids: the editor stays on the page and holds this, so that
    // its next save keeps the stages and indicators it just added instead of creating them again.
    const [saved] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
    const { form } = await loadCardForm(tx, saved!, years);
    return { version: updated.version, form };
  });
}

/** Stages and the plan grid. Returns the years with an approved report whose plan changed. */
async function saveStages(tx: Tx, taskId: number, years: number[], input: TaskCardInput): Promise<number[]> {
  const existing = await tx.select().from(stages).where(eq(stages.taskId, taskId));
  const existingIds = new Set(existing.map((row) => row.id));
  input.stages.forEach((row, index) => {
    // A stage id from another task is forged: refuse, do not ignore.
    if (row.id !== null && !existingIds.has(row.id))
      throw invalid({ [`stages.${index}.name`]: ['unknownRow'] });
  });
  const kept = new Set(input.stages.flatMap((row) => (row.id === null ? [] : [row.id])));
  const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length) {
    const [reported] = await tx
      .select({ n: count() })
      .from(reportStageValues)
      .where(inArray(reportStageValues.stageId, removed));
    // Done points on the card without a report (history brought in from the old cards) count too.
    const [official] = await tx
      .select({ n: count() })
      .from(stageYears)
      .where(and(inArray(stageYears.stageId, removed), sql`${stageYears.actualPoints} is not null`));
    // Reported history is never deleted: such a stage can only be archived.
    if ((reported?.n ?? 0) > 0 || (official?.n ?? 0) > 0) throw invalid({ stages: ['stageHasReports'] });
    await tx.delete(stageYears).where(inArray(stageYears.stageId, removed));
    await tx.delete(stages).where(inArray(stages.id, removed));
  }

  const approved = new Set(
    (
      await tx
        .select({ year: reports.year })
        .from(reports)
        .where(and(eq(reports.taskId, taskId), eq(reports.status, 'approved')))
    ).map((row) => row.year),
  );
  const cells = existing.length
    ? await tx
        .select()
        .from(stageYears)
        .where(
          inArray(
            stageYears.stageId,
            existing.map((row) => row.id),
          ),
        )
    : [];
  const totals = stageTotals(
    cells.map((cell) => ({
      stageId: cell.stageId,
      year: cell.year,
      planned: cell.plannedPoints,
      actual: cell.actualPoints,
    })),
  );
  const revised = new Set<number>();
  for (const [index, row] of input.stages.entries()) {
    const values = {
      position: index + 1,
      number: row.number.trim() === '' ? null : Number(row.number),
      name: row.name,
      archivedAt: row.archived
        ? (existing.find((stage) => stage.id === row.id)?.archivedAt ?? new Date())
        : null,
    };
    let stageId = row.id;
    if (stageId === null) {
      const [created] = await tx
        .insert(stages)
        .values({ taskId, ...values })
        .returning({ id: stages.id });
      stageId = created!.id;
    } else {
      await tx
        .update(stages)
        .set(values)
        .where(and(eq(stages.id, stageId), eq(stages.taskId, taskId)));
    }
    // A stage's plan may not be cut below the points it has done over all years (lib/progress.ts,
    // the rule of the report form and the import); a plan left as it was stays as confirmed.
    const before = totals.get(stageId) ?? { planned: 0, done: 0 };
    const newPlanned = planTotal([{ planned: row.planned }]);
    if (!row.archived && newPlanned !== before.planned && exceedsPlan(newPlanned, before.done))
      throw invalid({ [`stages.${index}.name`]: ['doneOverPlan'] });
    for (const [yearIndex, year] of years.entries()) {
      const planned = parseDecimal(row.planned[yearIndex] ?? '');
      const cell = cells.find((candidate) => candidate.stageId === stageId && candidate.year === year);
      if ((cell?.plannedPoints ?? null) === planned) continue;
      if (approved.has(year)) revised.add(year);
      if (cell) {
        if (planned === null && cell.actualPoints === null) {
          await tx.delete(stageYears).where(and(eq(stageYears.stageId, stageId), eq(stageYears.year, year)));
        } else {
          await tx
            .update(stageYears)
            .set({ plannedPoints: planned })
            .where(and(eq(stageYears.stageId, stageId), eq(stageYears.year, year)));
        }
      } else if (planned !== null) {
        await tx.insert(stageYears).values({ stageId, year, plannedPoints: planned });
      }
    }
  }
  // Re-planning a year whose report is approved changes what was reported against: say why.
  if (revised.size && input.revisionReason.trim() === '') {
    throw invalid({ revisionReason: ['revisionReasonRequired'] });
  }
  return [...revised].sort();
}

async function saveIndicators(tx: Tx, taskId: number, years: number[], input: TaskCardInput) {
  const existing = await tx.select().from(indicators).where(eq(indicators.taskId, taskId));
  const existingIds = new Set(existing.map((row) => row.id));
  input.indicators.forEach((row, index) => {
    if (row.id !== null && !existingIds.has(row.id))
      throw invalid({ [`indicators.${index}.name`]: ['unknownRow'] });
  });
  const kept = new Set(input.indicators.flatMap((row) => (row.id === null ? [] : [row.id])));
  const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length) {
    const [reported] = await tx
      .select({ n: count() })
      .from(reportIndicatorValues)
      .where(inArray(reportIndicatorValues.indicatorId, removed));
    const [official] = await tx
      .select({ n: count() })
      .from(indicatorYears)
      .where(
        and(inArray(indicatorYears.indicatorId, removed), sql`${indicatorYears.actualText} is not null`),
      );
    if ((reported?.n ?? 0) > 0 || (official?.n ?? 0) > 0)
      throw invalid({ indicators: ['indicatorHasReports'] });
    await tx.delete(indicatorYears).where(inArray(indicatorYears.indicatorId, removed));
    await tx.delete(indicators).where(inArray(indicators.id, removed));
  }
  const targets = existing.length
    ? await tx
        .select()
        .from(indicatorYears)
        .where(
          inArray(
            indicatorYears.indicatorId,
            existing.map((row) => row.id),
          ),
        )
    : [];
  for (const [index, row] of input.indicators.entries()) {
    const values = {
      type: row.type,
      position: index + 1,
      name: row.name,
      source: row.source,
      unit: row.unit,
      archivedAt: row.archived
        ? (existing.find((indicator) => indicator.id === row.id)?.archivedAt ?? new Date())
        : null,
    };
    let indicatorId = row.id;
    if (indicatorId === null) {
      const [created] = await tx
        .insert(indicators)
        .values({ taskId, ...values })
        .returning({ id: indicators.id });
      indicatorId = created!.id;
    } else {
      await tx
        .update(indicators)
        .set(values)
        .where(and(eq(indicators.id, indicatorId), eq(indicators.taskId, taskId)));
    }
    for (const [yearIndex, year] of years.entries()) {
      const text = row.targets[yearIndex] ?? '';
      const targetText = text.trim() === '' ? null : text;
      const current = targets.find((target) => target.indicatorId === indicatorId && target.year === year);
      if ((current?.targetText ?? null) === targetText) continue;
      await tx
        .insert(indicatorYears)
        .values({ indicatorId, year, targetText, targetNumber: readIndicatorNumber(targetText) })
        .onConflictDoUpdate({
          target: [indicatorYears.indicatorId, indicatorYears.year],
          set: { targetText, targetNumber: readIndicatorNumber(targetText) },
        });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Creating a task, assigning its executor, weights

export async function createTask(
  db: Db,
  userOrNull: CurrentUser | null,
  programId: number,
  rawInput: unknown,
) {
  const user = requireUser(userOrNull);
  const scope = await programScope(db, programId);
  assertCanManage(user, scope);
  const parsed = newTaskSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const number = Number(parsed.data.number);
  const weight = parseDecimal(parsed.data.weight)!;
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.programId, programId), eq(tasks.number, number)));
    if (clash) throw invalid({ number: ['numberTaken'] });
    const [task] = await tx
      .insert(tasks)
      .values({ programId, number, title: parsed.data.title, weight })
      .returning({ id: tasks.id });
    // The task reports for every year already open, like every other task.
    await addOpenYearReports(tx, [task!.id]);
    await tx.insert(auditLog).values({
      actorUserId: user.id,
      entity: 'task',
      entityId: String(task!.id),
      action: 'create',
      before: null,
      after: { programId, number, title: parsed.data.title, weight },
    });
    return { taskId: task!.id };
  });
}

export async function assignExecutor(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  rawInput: unknown,
) {
  const user = requireUser(userOrNull);
  const { scope } = await taskScope(db, taskId);
  assertCanManage(user, scope);
  const parsed = assignExecutorSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const { postId, currentPostId } = parsed.data;
  return db.transaction(async (tx) => {
    if (postId !== null) {
      const [post] = await tx
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.id, postId), isNull(posts.archivedAt)));
      if (!post) throw invalid({ postId: ['unknownPost'] });
    }
    // The form says whom it showed as the executor: another one there now is a conflict.
    return assignScopedRole(tx, { role: 'executor', taskId }, postId, user.id, new Date(), {
      postId: currentPostId,
    });
  });
}

export async function getProgramWeights(db: Db, userOrNull: CurrentUser | null, programId: number) {
  const user = requireUser(userOrNull);
  const scope = await programScope(db, programId);
  assertCanManage(user, scope);
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  const rows = await db
    .select({ id: tasks.id, number: tasks.number, title: tasks.title, weight: tasks.weight })
    .from(tasks)
    .where(and(eq(tasks.programId, programId), isNull(tasks.archivedAt)))
    .orderBy(asc(tasks.number));
  return {
    programId,
    version: program!.version,
    title: program!.title,
    number: program!.number,
    tasks: rows,
  };
}

export async function saveWeights(
  db: Db,
  userOrNull: CurrentUser | null,
  programId: number,
  rawInput: unknown,
) {
  const user = requireUser(userOrNull);
  const scope = await programScope(db, programId);
  assertCanManage(user, scope);
  const parsed = weightsSchema.safeParse(rawInput);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const input = parsed.data;
  return db.transaction(async (tx) => {
    const current = await tx
      .select({ id: tasks.id, weight: tasks.weight })
      .from(tasks)
      .where(and(eq(tasks.programId, programId), isNull(tasks.archivedAt)));
    input.weights.forEach((row, index) => {
      if (!current.some((task) => task.id === row.taskId))
        throw invalid({ [`weights.${index}.weight`]: ['unknownRow'] });
    });
    const [updated] = await tx
      .update(programs)
      .set({ version: sql`${programs.version} + 1` })
      .where(and(eq(programs.id, programId), eq(programs.version, input.version)))
      .returning({ version: programs.version });
    if (!updated) throw conflict();
    for (const row of input.weights) {
      await tx
        .update(tasks)
        .set({ weight: parseDecimal(row.weight)!, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
        .where(and(eq(tasks.id, row.taskId), eq(tasks.programId, programId)));
    }
    await tx.insert(auditLog).values({
      actorUserId: user.id,
      entity: 'program',
      entityId: String(programId),
      action: 'weights',
      before: current,
      after: input.weights.map((row) => ({ id: row.taskId, weight: parseDecimal(row.weight) })),
    });
    return { version: updated.version };
  });
}

// ---------------------------------------------------------------------------------------------
// A task's history: its executors over time and its audit trail

const HISTORY_LIMIT = 50;

/** One line of a task's history: a change of its card, or a step of one of its yearly reports. */
export interface TaskHistoryEntry {
  at: Date;
  kind: 'card' | 'report';
  /** The audit action of a card change; the timeline key (`reportEvent.*`) of a report's step. */
  action: string;
  actor: string | null;
  year: number | null;
  comment: string;
}

export async function getTaskHistory(db: Db, userOrNull: CurrentUser | null, taskId: number) {
  const user = requireUser(userOrNull);
  if (!can(user, { action: 'strategy.read' })) throw forbidden();
  const executors = await db
    .select({ postName: posts.name, validFrom: postRoles.validFrom, validTo: postRoles.validTo })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .where(and(eq(postRoles.role, 'executor'), eq(postRoles.taskId, taskId)))
    .orderBy(desc(postRoles.validFrom));
  const cardChanges = await db
    .select({ at: auditLog.at, action: auditLog.action, actor: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entity, 'task'), eq(auditLog.entityId, String(taskId))))
    .orderBy(desc(auditLog.at))
    .limit(HISTORY_LIMIT);
  // The reports' steps from their timelines (not the drafts' saves): submitted, recalled, accepted,
  // returned and withdrawn with the comment, approved.
  const reportSteps = await db
    .select({ ...reportEventColumns, year: reports.year, actor: users.displayName })
    .from(reportEvents)
    .innerJoin(reports, eq(reports.id, reportEvents.reportId))
    .leftJoin(users, eq(users.id, reportEvents.actorUserId))
    .where(
      and(
        eq(reports.taskId, taskId),
        or(
          inArray(reportEvents.action, ['submit', 'accept', 'return', 'approve', 'withdraw_approval']),
          and(
            eq(reportEvents.action, 'save'),
            eq(reportEvents.toStatus, 'draft'),
            inArray(reportEvents.fromStatus, ['submitted', 'accepted']),
          ),
        ),
      ),
    )
    .orderBy(desc(reportEvents.at), desc(reportEvents.id))
    .limit(HISTORY_LIMIT);
  const changes: TaskHistoryEntry[] = [
    ...cardChanges.map((row) => ({ ...row, kind: 'card' as const, year: null, comment: '' })),
    ...reportSteps.map((row) => ({
      at: row.at,
      kind: 'report' as const,
      action: reportEventKey(row),
      actor: row.actor,
      year: row.year,
      // A return's or a withdrawal's comment is the reviewer's; a submission's note is the app's.
      comment: row.action === 'return' || row.action === 'withdraw_approval' ? row.comment : '',
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, HISTORY_LIMIT);
  return { executors, changes };
}
