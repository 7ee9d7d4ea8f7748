import 'server-only';
/**
 * The indicator values of a strategy and where each comes from: the rule that tells an approved
 * value from the history imported with the card (or a missing one), and the two lists built on it —
 * every value for the CSV export, and each indicator's series for the dashboard's charts. The
 * council report (yearly.ts) uses the same rule.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import {
  goals,
  indicatorYears,
  indicators,
  programs,
  reportIndicatorValues,
  reports,
  strategies,
  tasks,
  type IndicatorType,
} from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { type StageCell } from '@/lib/progress';
import { assertId } from '@/lib/ids';

/**
 * Where a value of the card comes from (DOMAIN.md): from the year's approved report, from the
 * history imported with the card (not from an approved report), or nowhere (missing). Every view
 * and export of the year's values says which.
 */
export type ValueSource = 'approved' | 'imported' | 'missing';

/**
 * An indicator's actual of a year: approved when the year's approved report carries it (approval
 * writes the report's values onto the card), imported history when the card has a value that no
 * approved report carries, missing when there is none.
 */
export function indicatorValueSource(
  actualText: string | null,
  carriedByApprovedReport: boolean,
): ValueSource {
  if (actualText === null || actualText.trim() === '') return 'missing';
  return carriedByApprovedReport ? 'approved' : 'imported';
}

/**
 * A task's points of a year: approved with an approved report, imported history when the card has
 * done points for the year without one, missing otherwise.
 */
export function pointsSource(approved: boolean, cells: readonly StageCell[]): ValueSource {
  if (approved) return 'approved';
  return cells.some((cell) => cell.actual !== null) ? 'imported' : 'missing';
}

/** The approved reports, joined per task and year to tell an approved value from imported history. */
const approvedReports = alias(reports, 'approved_reports');
const approvedReportOf = (year: typeof indicatorYears.year) =>
  and(
    eq(approvedReports.taskId, tasks.id),
    eq(approvedReports.year, year),
    eq(approvedReports.status, 'approved'),
  );
/** The indicator's value as the approved report of its task and year carries it (if it does). */
const approvedIndicatorValue = and(
  eq(reportIndicatorValues.reportId, approvedReports.id),
  eq(reportIndicatorValues.indicatorId, indicators.id),
);

export interface IndicatorValueRow {
  goalNumber: number;
  goalTitle: string;
  programNumber: number;
  programTitle: string;
  taskNumber: number;
  taskTitle: string;
  indicator: string;
  type: IndicatorType;
  source: string;
  unit: string;
  year: number;
  targetText: string | null;
  targetNumber: number | null;
  actualText: string | null;
  actualNumber: number | null;
  actualSource: ValueSource;
}

/** Every indicator value of a strategy (target and actual per year), for the CSV export. */
export async function listIndicatorValues(
  db: Db,
  userOrNull: CurrentUser | null,
  strategyId: number,
): Promise<IndicatorValueRow[]> {
  assertCan(userOrNull, { action: 'strategy.read' });
  assertId(strategyId);
  const [strategy] = await db
    .select({ id: strategies.id })
    .from(strategies)
    .where(eq(strategies.id, strategyId));
  if (!strategy) throw notFound();
  const rows = await db
    .select({
      goalNumber: goals.number,
      goalTitle: goals.title,
      programNumber: programs.number,
      programTitle: programs.title,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      indicator: indicators.name,
      type: indicators.type,
      source: indicators.source,
      unit: indicators.unit,
      year: indicatorYears.year,
      targetText: indicatorYears.targetText,
      targetNumber: indicatorYears.targetNumber,
      actualText: indicatorYears.actualText,
      actualNumber: indicatorYears.actualNumber,
      reportedText: reportIndicatorValues.actualText,
    })
    .from(indicatorYears)
    .innerJoin(indicators, eq(indicators.id, indicatorYears.indicatorId))
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .leftJoin(approvedReports, approvedReportOf(indicatorYears.year))
    .leftJoin(reportIndicatorValues, approvedIndicatorValue)
    .where(and(eq(goals.strategyId, strategyId), isNull(indicators.archivedAt), isNull(tasks.archivedAt)))
    .orderBy(
      asc(goals.number),
      asc(programs.number),
      asc(tasks.number),
      asc(indicators.position),
      asc(indicatorYears.year),
    );
  return rows.map(({ reportedText, ...row }) => ({
    ...row,
    actualSource: indicatorValueSource(row.actualText, reportedText !== null),
  }));
}

export interface IndicatorSeries {
  id: number;
  taskNumber: number;
  taskTitle: string;
  name: string;
  type: IndicatorType;
  source: string;
  points: {
    year: number;
    target: number | null;
    actual: number | null;
    targetText: string | null;
    actualText: string | null;
    actualSource: ValueSource;
  }[];
}

/** Target and actual of every indicator of a program over the strategy's years, for line charts. */
export async function listIndicatorSeries(
  db: Db,
  userOrNull: CurrentUser | null,
  programId: number,
): Promise<IndicatorSeries[]> {
  assertCan(userOrNull, { action: 'strategy.read' });
  const rows = await db
    .select({
      id: indicators.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      name: indicators.name,
      type: indicators.type,
      source: indicators.source,
      year: indicatorYears.year,
      target: indicatorYears.targetNumber,
      actual: indicatorYears.actualNumber,
      targetText: indicatorYears.targetText,
      actualText: indicatorYears.actualText,
      reportedText: reportIndicatorValues.actualText,
    })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .leftJoin(indicatorYears, eq(indicatorYears.indicatorId, indicators.id))
    .leftJoin(approvedReports, approvedReportOf(indicatorYears.year))
    .leftJoin(reportIndicatorValues, approvedIndicatorValue)
    .where(and(eq(tasks.programId, programId), isNull(tasks.archivedAt), isNull(indicators.archivedAt)))
    .orderBy(asc(tasks.number), asc(indicators.position), asc(indicatorYears.year));
  const series = new Map<number, IndicatorSeries>();
  for (const row of rows) {
    const entry = series.get(row.id) ?? {
      id: row.id,
      taskNumber: row.taskNumber,
      taskTitle: row.taskTitle,
      name: row.name,
      type: row.type,
      source: row.source,
      points: [],
    };
    if (row.year !== null) {
      entry.points.push({
        year: row.year,
        target: row.target,
        actual: row.actual,
        targetText: row.targetText,
        actualText: row.actualText,
        actualSource: indicatorValueSource(row.actualText, row.reportedText !== null),
      });
    }
    series.set(row.id, entry);
  }
  return [...series.values()];
}
