import 'server-only';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import {
  goals,
  programs,
  reportEvents,
  reportingYears,
  reports,
  strategies,
  tasks,
  type ReportStatus,
} from '@/db/schema';

/*
 * Query pieces the reporting screens share: how a report reaches its task, program and goal (and
 * its open reporting year), the columns of a strategy's span and of a report's timeline event, and
 * the count of a year's reports by state. Authorization stays with each caller.
 */

/** A strategy's id, name and span of years. */
export const strategySpanColumns = {
  id: strategies.id,
  name: strategies.name,
  startYear: strategies.startYear,
  endYear: strategies.endYear,
};

/** A step of a report's timeline (the caller adds who made it and anything else it needs). */
export const reportEventColumns = {
  at: reportEvents.at,
  action: reportEvents.action,
  fromStatus: reportEvents.fromStatus,
  toStatus: reportEvents.toStatus,
  comment: reportEvents.comment,
};

/** Joins a query over reports to their task, program and goal. */
export function withReportTask<T extends PgSelect>(query: T) {
  return query
    .innerJoin(tasks, eq(tasks.id, reports.taskId))
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId));
}

/** Joins a query over reports to their task, program, goal and open reporting year. */
export function withOpenYearTask<T extends PgSelect>(query: T) {
  return withReportTask(query).innerJoin(
    reportingYears,
    and(
      eq(reportingYears.strategyId, goals.strategyId),
      eq(reportingYears.year, reports.year),
      isNull(reportingYears.closedAt),
    ),
  );
}

export type StatusCounts = Partial<Record<ReportStatus, number>>;

/**
 * How many reports each year of each strategy has in each state: of every year, or only of the
 * open years of the strategies given. Returns the counts of one strategy's year (states without
 * reports left out).
 */
export async function countReportsByStatus(
  db: Db,
  onlyOpenYearsOf?: number[],
): Promise<(strategyId: number, year: number) => StatusCounts> {
  const query = db
    .select({
      strategyId: goals.strategyId,
      year: reports.year,
      status: reports.status,
      n: sql<number>`count(*)::int`,
    })
    .from(reports)
    .$dynamic();
  const rows = await (
    onlyOpenYearsOf
      ? withOpenYearTask(query).where(inArray(goals.strategyId, onlyOpenYearsOf))
      : withReportTask(query)
  ).groupBy(goals.strategyId, reports.year, reports.status);
  return (strategyId, year) =>
    Object.fromEntries(
      rows
        .filter((row) => row.strategyId === strategyId && row.year === year)
        .map((row) => [row.status, Number(row.n)]),
    ) as StatusCounts;
}

/**
 * A goal in a user's scope: one of the goals given (a goal owner's) or the goal of one of the
 * programs given (a coordinator's).
 */
export function goalInScope(db: Db, goalIds: number[], programIds: number[]) {
  return or(
    inArray(goals.id, [...goalIds, 0]),
    inArray(
      goals.id,
      db
        .select({ id: programs.goalId })
        .from(programs)
        .where(inArray(programs.id, [...programIds, 0])),
    ),
  );
}
