import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, reportStageValues, reportingYears, reports } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { withReportTask } from './report-queries';
import { isLate } from './rules';

/** The reports of one task, per year, for its card: status, lateness, pending stage values. */
export async function listTaskReports(db: Db, user: CurrentUser | null, taskId: number) {
  assertCan(user, { action: 'strategy.read' });
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
