// Over 500 lines on purpose for now: every anonymous read of a published strategy in one module, so
// that what is public is decided in one place; a split (publication rules, cards) was tried and
// reverted when an end-to-end test failed with it, and is left for a next change.
import 'server-only';
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, goals, postRoles, posts, programs, reports, strategies, tasks } from '@/db/schema';
import { currentPeriod } from '@/lib/auth/permissions';
import { isId } from '@/lib/ids';
import {
  type ScheduleAssessment,
  type ScheduleStatus,
  assessmentYear,
  weightedProgress,
} from '@/lib/progress';
import { indicatorValueSource, pointsSource } from '@/lib/reports/indicator-values';
import { loadYearlyReport } from '@/lib/reports/yearly';
import {
  type GoalSummary,
  type ProgramSummary,
  type TaskSummary,
  loadGoalTree,
} from '@/lib/strategy/goal-tree';
import type { PostLabel } from '@/lib/strategy/role-holders';
import { isYearInSpan } from '@/lib/strategy/span';
import { type TaskCardView, loadTaskCard, loadTaskCards } from '@/lib/strategy/task-card';
import { loadGoalView, loadProgramView } from '@/lib/strategy/views';
import type {
  PublicDepartment,
  PublicGoalSummary,
  PublicGoalView,
  PublicPost,
  PublicProgramSummary,
  PublicProgramView,
  PublicSchedule,
  PublicSearchFilters,
  PublicSearchHit,
  PublicSearchResult,
  PublicStrategyHeader,
  PublicStrategyView,
  PublicTaskCard,
  PublicTaskSummary,
  PublicYearView,
} from './types';

export type * from './types';

/*
 * The public (anonymous) reads of a published strategy: no user argument, and null for anything
 * that is not public — a strategy that is not published, published from a later day, archived; an
 * archived goal, program or task; an id that does not exist. Only approved data: the plan and the
 * official values the database keeps (written only by approvals and imports), the card's texts,
 * partners, funding, posts as labels and departments; a year's approved narrative only when the
 * office publishes narratives. Never users, post holders, reports in any state but approved,
 * comments, report events or the audit log. The numbers come from the same loaders as the
 * signed-in views (lib/strategy, lib/reports/yearly.ts, all on lib/progress.ts), mapped onto the
 * public types of ./types.ts field by field.
 */

/** Today's date in Warsaw (YYYY-MM-DD): a strategy is public from the start of its day there. */
export function warsawDate(today: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Warsaw',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(today);
}

const headerColumns = {
  id: strategies.id,
  name: strategies.name,
  cityName: strategies.cityName,
  startYear: strategies.startYear,
  endYear: strategies.endYear,
  publishedFrom: strategies.publishedFrom,
  publishNarratives: strategies.publishNarratives,
};

/** Published: a publication day on or before today (Warsaw), and not archived. */
const isPublished = (today: Date) =>
  and(
    isNotNull(strategies.publishedFrom),
    lte(strategies.publishedFrom, warsawDate(today)),
    isNull(strategies.archivedAt),
  );

type HeaderRow = {
  id: number;
  name: string;
  cityName: string;
  startYear: number;
  endYear: number;
  publishedFrom: string | null;
  publishNarratives: boolean;
};

function toHeader(row: HeaderRow): PublicStrategyHeader {
  return {
    id: row.id,
    name: row.name,
    cityName: row.cityName,
    startYear: row.startYear,
    endYear: row.endYear,
    publishedFrom: row.publishedFrom!,
  };
}

/** The published strategy of that id, or null. */
async function publishedStrategy(db: Db, strategyId: number, today: Date): Promise<HeaderRow | null> {
  if (!isId(strategyId)) return null;
  const [row] = await db
    .select(headerColumns)
    .from(strategies)
    .where(and(eq(strategies.id, strategyId), isPublished(today)));
  return row ?? null;
}

function toPost(post: PostLabel | null | undefined): PublicPost | null {
  return post ? { postName: post.postName, function: post.function, department: post.department } : null;
}

function toSchedule(schedule: ScheduleAssessment): PublicSchedule {
  return {
    status: schedule.status,
    asOfYear: schedule.asOfYear,
    cumulativePlanned: schedule.cumulativePlanned,
    cumulativeActual: schedule.cumulativeActual,
    difference: schedule.difference,
  };
}

function toTask(task: TaskSummary): PublicTaskSummary {
  return {
    id: task.id,
    number: task.number,
    title: task.title,
    weight: task.weight,
    progress: task.progress,
    schedule: toSchedule(task.schedule),
    executor: toPost(task.executor),
  };
}

function toProgram(program: ProgramSummary): PublicProgramSummary {
  const taskSummaries = program.tasks.map(toTask);
  return {
    id: program.id,
    number: program.number,
    title: program.title,
    goalId: program.goalId,
    coordinator: toPost(program.coordinator),
    tasks: taskSummaries,
    weightSum: program.weightSum,
    progress: program.progress,
    plannedToDate: weightedProgress(
      taskSummaries.map((task) => ({ weight: task.weight, progress: task.schedule.cumulativePlanned })),
    ),
    status: program.status,
  };
}

/** A goal with its programs that are not archived (archived ones do not count in its roll-up either). */
function toGoal(goal: GoalSummary): PublicGoalSummary {
  return {
    id: goal.id,
    number: goal.number,
    title: goal.title,
    owner: toPost(goal.owner),
    programs: goal.programs.filter((program) => !program.archived).map(toProgram),
    progress: goal.progress,
    status: goal.status,
  };
}

/** The published strategies, oldest span first. */
export async function listPublishedStrategies(
  db: Db,
  today: Date = new Date(),
): Promise<PublicStrategyHeader[]> {
  const rows = await db
    .select(headerColumns)
    .from(strategies)
    .where(isPublished(today))
    .orderBy(asc(strategies.startYear), asc(strategies.id));
  return rows.map(toHeader);
}

/** The strategy's overview: its goals with their weighted progress and status, and their programs. */
export async function getPublicStrategy(
  db: Db,
  strategyId: number,
  today: Date = new Date(),
): Promise<PublicStrategyView | null> {
  const strategy = await publishedStrategy(db, strategyId, today);
  if (!strategy) return null;
  const tree = await loadGoalTree(db, { strategyId: strategy.id }, strategy);
  return { strategy: toHeader(strategy), asOfYear: assessmentYear(strategy), goals: tree.map(toGoal) };
}

/** The strategy of a goal, program or task, with whether the record and its parents are archived. */
async function strategyOfRecord(
  db: Db,
  record: { goalId: number } | { programId: number } | { taskId: number },
  today: Date,
): Promise<HeaderRow | null> {
  const id = 'goalId' in record ? record.goalId : 'programId' in record ? record.programId : record.taskId;
  if (!isId(id)) return null;
  const base = db
    .select(headerColumns)
    .from(goals)
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .$dynamic();
  const [row] =
    'goalId' in record
      ? await base.where(and(eq(goals.id, id), isNull(goals.archivedAt), isPublished(today)))
      : 'programId' in record
        ? await base
            .innerJoin(programs, eq(programs.goalId, goals.id))
            .where(
              and(
                eq(programs.id, id),
                isNull(programs.archivedAt),
                isNull(goals.archivedAt),
                isPublished(today),
              ),
            )
        : await base
            .innerJoin(programs, eq(programs.goalId, goals.id))
            .innerJoin(tasks, eq(tasks.programId, programs.id))
            .where(
              and(
                eq(tasks.id, id),
                isNull(tasks.archivedAt),
                isNull(programs.archivedAt),
                isNull(goals.archivedAt),
                isPublished(today),
              ),
            );
  return row ?? null;
}

/** A goal: its weighted progress and status, and its programs (archived ones left out). */
export async function getPublicGoal(
  db: Db,
  goalId: number,
  today: Date = new Date(),
): Promise<PublicGoalView | null> {
  const strategy = await strategyOfRecord(db, { goalId }, today);
  if (!strategy) return null;
  const view = await loadGoalView(db, goalId);
  if (!view || view.goal.archived) return null;
  return { strategy: toHeader(strategy), asOfYear: view.asOfYear, goal: toGoal(view.goal) };
}

/** A program: its tasks with weight, progress, plan to date and schedule status, and the weighted total. */
export async function getPublicProgram(
  db: Db,
  programId: number,
  today: Date = new Date(),
): Promise<PublicProgramView | null> {
  const strategy = await strategyOfRecord(db, { programId }, today);
  if (!strategy) return null;
  const view = await loadProgramView(db, programId);
  if (!view || view.program.archived || view.goal.archived) return null;
  return {
    strategy: toHeader(strategy),
    asOfYear: view.asOfYear,
    goal: {
      id: view.goal.id,
      number: view.goal.number,
      title: view.goal.title,
      owner: toPost(view.goal.owner),
    },
    program: toProgram(view.program),
  };
}

/** The whole task card as the seed shows it, with where each year's values come from. */
export async function getPublicTask(
  db: Db,
  taskId: number,
  today: Date = new Date(),
): Promise<PublicTaskCard | null> {
  const strategy = await strategyOfRecord(db, { taskId }, today);
  if (!strategy) return null;
  const [card, approvedRows] = await Promise.all([
    loadTaskCard(db, taskId),
    // Only the fact that a year's report is approved; never a report in another state.
    db
      .select({ year: reports.year })
      .from(reports)
      .where(and(eq(reports.taskId, taskId), eq(reports.status, 'approved'))),
  ]);
  if (!card) return null;
  return toPublicCard(strategy, card, new Set(approvedRows.map((row) => row.year)));
}

/**
 * Every public card of a published strategy (its goals, programs and tasks that are not archived),
 * in three queries whatever their number: the whole strategy's download. Null when not published.
 */
export async function getPublicTaskCards(
  db: Db,
  strategyId: number,
  taskIds: readonly number[],
  today: Date = new Date(),
): Promise<Map<number, PublicTaskCard> | null> {
  const strategy = await publishedStrategy(db, strategyId, today);
  if (!strategy) return null;
  const cards = await loadTaskCards(db, taskIds);
  const approvedRows =
    taskIds.length === 0
      ? []
      : await db
          .select({ taskId: reports.taskId, year: reports.year })
          .from(reports)
          .where(and(inArray(reports.taskId, [...taskIds]), eq(reports.status, 'approved')));
  const result = new Map<number, PublicTaskCard>();
  for (const [taskId, card] of cards) {
    // Only the strategy's own tasks: an id of another strategy's task is not read here.
    if (card.strategy.id !== strategy.id) continue;
    const approvedYears = new Set(approvedRows.filter((row) => row.taskId === taskId).map((row) => row.year));
    result.set(taskId, toPublicCard(strategy, card, approvedYears));
  }
  return result;
}

function toPublicCard(
  strategy: HeaderRow,
  card: TaskCardView,
  approvedYears: ReadonlySet<number>,
): PublicTaskCard {
  return {
    strategy: toHeader(strategy),
    years: [...card.years],
    goal: {
      id: card.goal.id,
      number: card.goal.number,
      title: card.goal.title,
      owner: toPost(card.goal.owner),
    },
    program: {
      id: card.program.id,
      number: card.program.number,
      title: card.program.title,
      coordinator: toPost(card.program.coordinator),
    },
    task: {
      id: card.task.id,
      number: card.task.number,
      title: card.task.title,
      weight: card.task.weight,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      plannedTotalCostText: card.task.plannedTotalCostText,
      plannedTotalCostAmount: card.task.plannedTotalCostAmount,
      budgetNote: card.task.budgetNote,
    },
    executor: toPost(card.executor),
    stages: card.stages.map((stage) => ({
      id: stage.id,
      number: stage.number,
      name: stage.name,
      cells: Object.fromEntries(
        card.years.map((year) => {
          const cell = stage.cells[year];
          return [year, cell ? { year, planned: cell.planned, actual: cell.actual } : null];
        }),
      ),
    })),
    yearTotals: card.yearTotals.map((total) => ({
      year: total.year,
      planned: total.planned,
      actual: total.actual,
      cumulativePlanned: total.cumulativePlanned,
      cumulativeActual: total.cumulativeActual,
      status: total.status,
      pointsSource: pointsSource(
        approvedYears.has(total.year),
        card.stages.flatMap((stage) => {
          const cell = stage.cells[total.year];
          return cell ? [{ ...cell, stageId: stage.id }] : [];
        }),
      ),
    })),
    progress: card.progress,
    plannedTotal: card.plannedTotal,
    schedule: toSchedule(card.schedule),
    partners: card.partners.map(({ id, name, scope }) => ({ id, name, scope })),
    indicators: card.indicators.map((indicator) => ({
      id: indicator.id,
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      unit: indicator.unit,
      years: Object.fromEntries(
        Object.entries(indicator.years).map(([year, value]) => [
          Number(year),
          {
            targetText: value.targetText,
            targetNumber: value.targetNumber,
            actualText: value.actualText,
            actualNumber: value.actualNumber,
            actualSource: indicatorValueSource(value.actualText, approvedYears.has(Number(year))),
          },
        ]),
      ),
    })),
    funding: card.funding.map(({ id, source, valueText, sharePercent, amount }) => ({
      id,
      source,
      valueText,
      sharePercent,
      amount,
    })),
  };
}

/**
 * A year of the strategy: per task the year's planned and done points, progress to date, the
 * indicators' target and actual, and the approved report's narrative when narratives are public.
 */
export async function getPublicYear(
  db: Db,
  strategyId: number,
  year: number,
  today: Date = new Date(),
): Promise<PublicYearView | null> {
  const strategy = await publishedStrategy(db, strategyId, today);
  if (!strategy || !isYearInSpan(strategy, year)) return null;
  const report = await loadYearlyReport(db, strategy.id, year);
  if (!report) return null;
  // The narratives come with the yearly report (lib/reports/yearly.ts): an approved report's only,
  // and only where the office publishes them — the council's documents follow the same rule.
  return {
    strategy: toHeader(strategy),
    year,
    narrativesPublished: strategy.publishNarratives,
    counts: { tasks: report.counts.tasks, approved: report.counts.approved },
    goals: report.goals.map((goal) => ({
      id: goal.id,
      number: goal.number,
      title: goal.title,
      owner: goal.owner,
      progress: goal.progress,
      plannedToDate: goal.plannedToDate,
      status: goal.status,
      programs: goal.programs.map((program) => ({
        id: program.id,
        number: program.number,
        title: program.title,
        coordinator: program.coordinator,
        progress: program.progress,
        plannedToDate: program.plannedToDate,
        status: program.status,
        tasks: program.tasks.map((task) => ({
          id: task.id,
          number: task.number,
          title: task.title,
          weight: task.weight,
          executor: task.executor,
          progress: task.progress,
          schedule: toSchedule(task.schedule),
          yearPlanned: task.yearPlanned,
          yearActual: task.yearActual,
          approved: task.approved,
          pointsSource: task.pointsSource,
          narrative: task.narrative,
          indicators: task.indicators.map((indicator) => ({
            id: indicator.id,
            type: indicator.type,
            name: indicator.name,
            source: indicator.source,
            unit: indicator.unit,
            targetText: indicator.targetText,
            targetNumber: indicator.targetNumber,
            actualText: indicator.actualText,
            actualNumber: indicator.actualNumber,
            actualSource: indicator.actualSource,
          })),
        })),
      })),
    })),
  };
}

const SCHEDULE_STATUSES: readonly ScheduleStatus[] = ['behind', 'on', 'ahead', 'not_started'];

/** Whether a value (from a URL) is a schedule status. */
export function isScheduleStatus(value: unknown): value is ScheduleStatus {
  return typeof value === 'string' && (SCHEDULE_STATUSES as readonly string[]).includes(value);
}

/** The longest search text taken (longer input is cut). */
const MAX_QUERY = 200;

/**
 * The tasks of a published strategy whose name or description contains every word of `q` (any
 * case), executed by a post of the given department, in the given schedule status; the filters
 * left empty match everything.
 */
export async function searchPublicTasks(
  db: Db,
  strategyId: number,
  filters: PublicSearchFilters,
  today: Date = new Date(),
): Promise<PublicSearchResult | null> {
  const strategy = await publishedStrategy(db, strategyId, today);
  if (!strategy) return null;
  const q = (filters.q ?? '').trim().slice(0, MAX_QUERY);
  const words = q.split(/\s+/).filter(Boolean);
  const departmentId = filters.departmentId && isId(filters.departmentId) ? filters.departmentId : null;
  const status = isScheduleStatus(filters.status) ? filters.status : null;

  const tree = await loadGoalTree(db, { strategyId: strategy.id }, strategy);
  const all = tree.flatMap((goal) =>
    goal.programs.flatMap((program) => program.tasks.map((task) => ({ goal, program, task }))),
  );
  const taskIds = all.map(({ task }) => task.id);
  const now = new Date();
  const executorRows = taskIds.length
    ? await db
        .select({
          taskId: postRoles.taskId,
          departmentId: departments.id,
          name: departments.name,
          abbreviation: departments.abbreviation,
        })
        .from(postRoles)
        .innerJoin(posts, eq(posts.id, postRoles.postId))
        .innerJoin(departments, eq(departments.id, posts.departmentId))
        .where(
          and(
            eq(postRoles.role, 'executor'),
            inArray(postRoles.taskId, taskIds),
            ...currentPeriod(postRoles, now),
          ),
        )
    : [];
  const departmentList = new Map<number, PublicDepartment>();
  const departmentOfTask = new Map<number, number>();
  for (const row of executorRows) {
    departmentList.set(row.departmentId, {
      id: row.departmentId,
      name: row.name,
      abbreviation: row.abbreviation,
    });
    if (row.taskId !== null) departmentOfTask.set(row.taskId, row.departmentId);
  }
  let matching: Set<number> | null = null;
  if (words.length > 0 && taskIds.length > 0) {
    const text = sql`lower(${tasks.title} || ' ' || ${tasks.description})`;
    const rows = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(
        and(inArray(tasks.id, taskIds), ...words.map((word) => sql`strpos(${text}, lower(${word})) > 0`)),
      );
    matching = new Set(rows.map((row) => row.id));
  }
  const hits: PublicSearchHit[] = all
    .filter(({ task }) => matching === null || matching.has(task.id))
    .filter(({ task }) => departmentId === null || departmentOfTask.get(task.id) === departmentId)
    .filter(({ task }) => status === null || task.schedule.status === status)
    .map(({ goal, program, task }) => ({
      ...toTask(task),
      goal: { id: goal.id, number: goal.number, title: goal.title },
      program: { id: program.id, number: program.number, title: program.title },
    }));
  return {
    strategy: toHeader(strategy),
    departments: [...departmentList.values()].sort((a, b) => a.name.localeCompare(b.name, 'pl')),
    filters: { q, departmentId, status },
    tasks: hits,
  };
}
