import 'server-only';
import { and, asc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  goals,
  indicatorYears,
  indicators,
  programs,
  reportIndicatorValues,
  reportingYears,
  reports,
  stageYears,
  stages,
  strategies,
  tasks,
  type IndicatorType,
  type ReportStatus,
} from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { isYearInSpan } from '@/lib/strategy/span';
import {
  type ScheduleAssessment,
  type ScheduleStatus,
  type StageCell,
  assessSchedule,
  combineStatuses,
  countedProgress,
  goalProgress,
  plannedTotal,
  weightedProgress,
  yearProgress,
} from '@/lib/progress';
import { type PostName, executorText } from '@/lib/strategy/labels';
import { loadRoleHolders } from '@/lib/strategy/role-holders';
import { goalInScope } from './report-queries';
import { type ValueSource, indicatorValueSource, pointsSource } from './indicator-values';
import { assertId } from '@/lib/ids';

/*
 * The yearly strategy report for the council (the strategy chapter of the "raport o stanie gminy"):
 * goal → program → task with progress to date against the cumulative plan, the year's points, the
 * indicators' target and actual, and the state of the year's report. Only approved data counts: the
 * card's official values are exactly the approved ones, and a year without an approved report is
 * marked. Every number comes from lib/progress.ts; the query count does not grow with the strategy.
 */

export interface YearlyTaskRow {
  id: number;
  number: number;
  title: string;
  weight: number;
  executor: string | null;
  /** Cumulative actual points up to and including the year (progress to date). */
  progress: number;
  schedule: ScheduleAssessment;
  yearPlanned: number;
  yearActual: number;
  reportStatus: ReportStatus | null;
  approved: boolean;
  /** The approved report's narrative, only where the office publishes narratives (else null). */
  narrative: string | null;
  /** Where the year's done points come from. */
  pointsSource: ValueSource;
  indicators: {
    id: number;
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    targetText: string | null;
    targetNumber: number | null;
    actualText: string | null;
    actualNumber: number | null;
    /** Where the actual comes from: approved report, imported history or missing. */
    actualSource: ValueSource;
  }[];
}

export interface YearlyProgramRow {
  id: number;
  number: number;
  title: string;
  coordinator: string | null;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
  tasks: YearlyTaskRow[];
}

export interface YearlyGoalRow {
  id: number;
  number: number;
  title: string;
  owner: string | null;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
  programs: YearlyProgramRow[];
}

export interface YearlyReport {
  strategy: {
    id: number;
    name: string;
    cityName: string;
    startYear: number;
    endYear: number;
    /** The office's choice: the approved reports' narratives are published with the report. */
    publishNarratives: boolean;
  };
  year: number;
  /** The deadline of the year's reports, when the year was opened for reporting. */
  deadline: string | null;
  goals: YearlyGoalRow[];
  counts: { tasks: number; approved: number };
}

export async function getYearlyReport(
  db: Db,
  userOrNull: CurrentUser | null,
  strategyId: number,
  year: number,
  /** Only these goals (in full) and programs (with their goal's heading): the dashboard's scope. */
  scope: { goalIds?: number[]; programIds?: number[] } = {},
): Promise<YearlyReport> {
  assertCan(userOrNull, { action: 'strategy.read' });
  assertId(strategyId);
  const report = await loadYearlyReport(db, strategyId, year, scope);
  if (!report) throw notFound();
  return report;
}

/**
 * The yearly report's loader without a reader: the signed-in report (getYearlyReport, after its
 * permission check) and the public year view (lib/public, after its publication check) both call
 * it. Null when there is no such strategy or the year is outside its span.
 */
export async function loadYearlyReport(
  db: Db,
  strategyId: number,
  year: number,
  scope: { goalIds?: number[]; programIds?: number[] } = {},
): Promise<YearlyReport | null> {
  const [strategy] = await db
    .select({
      id: strategies.id,
      name: strategies.name,
      cityName: strategies.cityName,
      startYear: strategies.startYear,
      endYear: strategies.endYear,
      publishNarratives: strategies.publishNarratives,
    })
    .from(strategies)
    .where(eq(strategies.id, strategyId));
  if (!strategy || !isYearInSpan(strategy, year)) return null;

  const scoped = scope.goalIds !== undefined || scope.programIds !== undefined;
  const scopeGoalIds = scope.goalIds ?? [];
  const scopeProgramIds = scope.programIds ?? [];
  const goalRows = await db
    .select({ id: goals.id, number: goals.number, title: goals.title })
    .from(goals)
    .where(
      and(
        eq(goals.strategyId, strategyId),
        isNull(goals.archivedAt),
        scoped ? goalInScope(db, scopeGoalIds, scopeProgramIds) : undefined,
      ),
    )
    .orderBy(asc(goals.number));
  const goalIds = goalRows.map((goal) => goal.id);
  const programRows = goalIds.length
    ? await db
        .select({ id: programs.id, goalId: programs.goalId, number: programs.number, title: programs.title })
        .from(programs)
        .where(
          and(
            inArray(programs.goalId, goalIds),
            isNull(programs.archivedAt),
            scoped
              ? or(
                  inArray(programs.goalId, [...scopeGoalIds, 0]),
                  inArray(programs.id, [...scopeProgramIds, 0]),
                )
              : undefined,
          ),
        )
        .orderBy(asc(programs.number))
    : [];
  const programIds = programRows.map((program) => program.id);
  const taskRows = programIds.length
    ? await db
        .select({
          id: tasks.id,
          programId: tasks.programId,
          number: tasks.number,
          title: tasks.title,
          weight: tasks.weight,
        })
        .from(tasks)
        .where(and(inArray(tasks.programId, programIds), isNull(tasks.archivedAt)))
        .orderBy(asc(tasks.number))
    : [];
  // The same tasks as a subquery for the queries below: 600 ids as parameters cost drizzle more
  // to bind (per parameter) than PostgreSQL takes to run the query.
  const taskIds = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(inArray(tasks.programId, programIds), isNull(tasks.archivedAt)));
  const anyTask = taskRows.length > 0;

  const [reportingYear] = await db
    .select({ deadline: reportingYears.deadline })
    .from(reportingYears)
    .where(and(eq(reportingYears.strategyId, strategyId), eq(reportingYears.year, year)));
  const [cellRows, indicatorRows, reportRows, holders, approvedValueRows] = await Promise.all([
    anyTask
      ? db
          .select({
            taskId: stages.taskId,
            stageId: stageYears.stageId,
            year: stageYears.year,
            planned: stageYears.plannedPoints,
            actual: stageYears.actualPoints,
          })
          .from(stageYears)
          .innerJoin(stages, eq(stages.id, stageYears.stageId))
          // Every year's plan: a stage counts at most at its whole plan, also for points done early.
          .where(and(inArray(stages.taskId, taskIds), isNull(stages.archivedAt)))
      : Promise.resolve([]),
    anyTask
      ? db
          .select({
            id: indicators.id,
            taskId: indicators.taskId,
            type: indicators.type,
            name: indicators.name,
            source: indicators.source,
            unit: indicators.unit,
            targetText: indicatorYears.targetText,
            targetNumber: indicatorYears.targetNumber,
            actualText: indicatorYears.actualText,
            actualNumber: indicatorYears.actualNumber,
          })
          .from(indicators)
          .leftJoin(
            indicatorYears,
            and(eq(indicatorYears.indicatorId, indicators.id), eq(indicatorYears.year, year)),
          )
          .where(and(inArray(indicators.taskId, taskIds), isNull(indicators.archivedAt)))
          .orderBy(asc(indicators.position))
      : Promise.resolve([]),
    anyTask
      ? db
          .select({ taskId: reports.taskId, status: reports.status, narrative: reports.narrative })
          .from(reports)
          .where(and(inArray(reports.taskId, taskIds), eq(reports.year, year)))
      : Promise.resolve([]),
    loadRoleHolders(db, { goalIds, programIds, taskIds }),
    anyTask
      ? db
          .select({ indicatorId: reportIndicatorValues.indicatorId })
          .from(reportIndicatorValues)
          .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
          .where(
            and(
              inArray(reports.taskId, taskIds),
              eq(reports.year, year),
              eq(reports.status, 'approved'),
              isNotNull(reportIndicatorValues.actualText),
            ),
          )
      : Promise.resolve([]),
  ]);
  const approvedIndicatorIds = new Set(approvedValueRows.map((row) => row.indicatorId));

  const cellsByTask = new Map<number, StageCell[]>();
  for (const row of cellRows) {
    const list = cellsByTask.get(row.taskId) ?? [];
    list.push({ stageId: row.stageId, year: row.year, planned: row.planned, actual: row.actual });
    cellsByTask.set(row.taskId, list);
  }
  // Grouped once: a city's report has 600 tasks and 1,800 indicators (no filter per row).
  const tasksByProgram = groupBy(taskRows, (task) => task.programId);
  const indicatorsByTask = groupBy(indicatorRows, (indicator) => indicator.taskId);
  const statusByTask = new Map(reportRows.map((row) => [row.taskId, row.status]));
  // Only an approved report's narrative, and only where the office publishes narratives.
  const narrativeByTask = new Map(
    strategy.publishNarratives
      ? reportRows
          .filter((row) => row.status === 'approved' && row.narrative.trim() !== '')
          .map((row) => [row.taskId, row.narrative])
      : [],
  );
  const label = (post: PostName | undefined, executor = false) =>
    post ? (executor ? executorText(post) : post.postName) : null;

  let approvedCount = 0;
  const programsOut: YearlyProgramRow[] = programRows.map((program) => {
    const rows: YearlyTaskRow[] = (tasksByProgram.get(program.id) ?? []).map((task) => {
      const cells = cellsByTask.get(task.id) ?? [];
      const ofYear = cells.filter((cell) => cell.year === year);
      const reportStatus = statusByTask.get(task.id) ?? null;
      if (reportStatus === 'approved') approvedCount++;
      return {
        id: task.id,
        number: task.number,
        title: task.title,
        weight: task.weight,
        executor: label(holders.executors.get(task.id), true),
        progress: countedProgress(cells, year),
        schedule: assessSchedule(cells, year),
        yearPlanned: plannedTotal(ofYear),
        yearActual: yearProgress(cells, year),
        reportStatus,
        approved: reportStatus === 'approved',
        narrative: narrativeByTask.get(task.id) ?? null,
        pointsSource: pointsSource(reportStatus === 'approved', ofYear),
        indicators: (indicatorsByTask.get(task.id) ?? []).map((indicator) => ({
          id: indicator.id,
          type: indicator.type,
          name: indicator.name,
          source: indicator.source,
          unit: indicator.unit,
          targetText: indicator.targetText,
          targetNumber: indicator.targetNumber,
          actualText: indicator.actualText,
          actualNumber: indicator.actualNumber,
          actualSource: indicatorValueSource(indicator.actualText, approvedIndicatorIds.has(indicator.id)),
        })),
      };
    });
    return {
      id: program.id,
      number: program.number,
      title: program.title,
      coordinator: label(holders.coordinators.get(program.id)),
      progress: weightedProgress(rows),
      plannedToDate: weightedProgress(
        rows.map((row) => ({ weight: row.weight, progress: row.schedule.cumulativePlanned })),
      ),
      status: combineStatuses(rows.map((row) => row.schedule.status)),
      tasks: rows,
    };
  });
  const programsByGoal = groupBy(
    programsOut.map((program, k) => ({ program, goalId: programRows[k]!.goalId })),
    (row) => row.goalId,
  );
  return {
    strategy,
    year,
    deadline: reportingYear?.deadline ?? null,
    counts: { tasks: taskRows.length, approved: approvedCount },
    goals: goalRows.map((goal) => {
      const ofGoal = (programsByGoal.get(goal.id) ?? []).map((row) => row.program);
      return {
        ...goal,
        owner: label(holders.owners.get(goal.id)),
        progress: goalProgress(ofGoal.map((program) => program.progress)),
        plannedToDate: goalProgress(ofGoal.map((program) => program.plannedToDate)),
        status: combineStatuses(ofGoal.map((program) => program.status)),
        programs: ofGoal,
      };
    }),
  };
}

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
