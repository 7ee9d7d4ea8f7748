import 'server-only';
import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, reportingYears, reports, strategies, tasks, type ReportStatus } from '@/db/schema';
import { warsawToday } from '@/lib/admin/dates';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';
import { isYearInSpan } from '@/lib/strategy/span';
import { executorText } from '@/lib/strategy/labels';
import { loadRoleHolders } from '@/lib/strategy/role-holders';
import {
  countReportsByStatus,
  strategySpanColumns,
  withOpenYearTask,
  withReportTask,
} from './report-queries';
import { REPORT_STATUSES, isLate } from './rules';

/*
 * The strategy office's view of a reporting year: the reports of a year by state (the lists behind
 * the status table's counts) and the home page's overview of the years open for reporting. Only a
 * current administrator (re-checked in the database) reads them.
 */

/** A report with its task's numbers and title: a row of the office's lists. */
const reportRowColumns = {
  taskId: tasks.id,
  goalNumber: goals.number,
  programNumber: programs.number,
  taskNumber: tasks.number,
  taskTitle: tasks.title,
  status: reports.status,
};

export interface YearReportRow {
  taskId: number;
  goalNumber: number;
  programNumber: number;
  taskNumber: number;
  taskTitle: string;
  executor: string | null;
  status: ReportStatus;
  late: boolean;
  updatedAt: Date;
}

export interface YearReportList {
  strategy: { id: number; name: string };
  year: number;
  deadline: string | null;
  filter: { status: ReportStatus | null; late: boolean };
  rows: YearReportRow[];
}

/** The reports of one year of a strategy, all or those in one state, or the late ones. */
export async function listYearReports(
  db: Db,
  userOrNull: CurrentUser | null,
  strategyId: number,
  year: number,
  rawFilter: { status?: string | undefined; late?: string | undefined } = {},
): Promise<YearReportList> {
  await requireAdmin(db, userOrNull);
  assertId(strategyId);
  const [strategy] = await db
    .select(strategySpanColumns)
    .from(strategies)
    .where(eq(strategies.id, strategyId));
  if (!strategy || !isYearInSpan(strategy, year)) throw notFound();
  const status = REPORT_STATUSES.find((candidate) => candidate === rawFilter.status) ?? null;
  const late = rawFilter.late === '1';
  const [reportingYear] = await db
    .select({ deadline: reportingYears.deadline })
    .from(reportingYears)
    .where(and(eq(reportingYears.strategyId, strategyId), eq(reportingYears.year, year)));
  const deadline = reportingYear?.deadline ?? null;
  const rows = await withReportTask(
    db
      .select({ ...reportRowColumns, updatedAt: reports.updatedAt })
      .from(reports)
      .$dynamic(),
  )
    .where(
      and(
        eq(goals.strategyId, strategyId),
        eq(reports.year, year),
        status ? eq(reports.status, status) : undefined,
        late ? inArray(reports.status, ['draft', 'returned']) : undefined,
      ),
    )
    .orderBy(asc(goals.number), asc(programs.number), asc(tasks.number));
  const holders = await loadRoleHolders(db, { taskIds: rows.map((row) => row.taskId) });
  const out = rows
    .map((row) => {
      const post = holders.executors.get(row.taskId);
      return {
        ...row,
        executor: post ? executorText(post) : null,
        late: deadline !== null && isLate(row.status, deadline),
      };
    })
    .filter((row) => !late || row.late);
  return {
    strategy: { id: strategy.id, name: strategy.name },
    year,
    deadline,
    filter: { status, late },
    rows: out,
  };
}

export interface OfficeYear {
  strategyId: number;
  strategyName: string;
  year: number;
  deadline: string;
  counts: Partial<Record<ReportStatus, number>>;
  total: number;
  lateCount: number;
  /** The first late reports (the full list is one link away). */
  late: {
    taskId: number;
    goalNumber: number;
    programNumber: number;
    taskNumber: number;
    taskTitle: string;
    status: ReportStatus;
  }[];
}

/** How many late reports the office's home lists (the full list is one link away). */
export const LATE_SHOWN = 10;

/** The office's home page: every year open for reporting, its reports by state and the late ones. */
export async function getOfficeOverview(
  db: Db,
  userOrNull: CurrentUser | null,
  today: Date = new Date(),
): Promise<OfficeYear[]> {
  await requireAdmin(db, userOrNull);
  const openYears = await db
    .select({
      strategyId: strategies.id,
      strategyName: strategies.name,
      year: reportingYears.year,
      deadline: reportingYears.deadline,
    })
    .from(reportingYears)
    .innerJoin(strategies, eq(strategies.id, reportingYears.strategyId))
    .where(and(isNull(reportingYears.closedAt), isNull(strategies.archivedAt)))
    .orderBy(asc(strategies.id), asc(reportingYears.year));
  if (openYears.length === 0) return [];
  const strategyIds = [...new Set(openYears.map((row) => row.strategyId))];
  const [countsOf, lateRows] = await Promise.all([
    countReportsByStatus(db, strategyIds),
    withOpenYearTask(
      db
        .select({ strategyId: goals.strategyId, year: reports.year, ...reportRowColumns })
        .from(reports)
        .$dynamic(),
    )
      .where(
        and(
          inArray(goals.strategyId, strategyIds),
          inArray(reports.status, ['draft', 'returned']),
          lt(reportingYears.deadline, warsawToday(today)),
        ),
      )
      .orderBy(asc(reports.year), asc(goals.number), asc(programs.number), asc(tasks.number)),
  ]);
  return openYears.map((open) => {
    const of = (row: { strategyId: number; year: number }) =>
      row.strategyId === open.strategyId && row.year === open.year;
    const yearCounts = countsOf(open.strategyId, open.year);
    const late = lateRows.filter(of);
    return {
      ...open,
      counts: yearCounts,
      total: Object.values(yearCounts).reduce((sum, n) => sum + (n ?? 0), 0),
      lateCount: late.length,
      late: late.slice(0, LATE_SHOWN).map((row) => ({
        taskId: row.taskId,
        goalNumber: row.goalNumber,
        programNumber: row.programNumber,
        taskNumber: row.taskNumber,
        taskTitle: row.taskTitle,
        status: row.status,
      })),
    };
  });
}
