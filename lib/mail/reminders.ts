import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, reportingYears, reports, strategies, tasks } from '@/db/schema';
import { warsawToday } from '@/lib/admin/dates';
import { enqueueForUsers } from './outbox';
import { holdersOfRole } from './recipients';

/** Adds days to a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** How many days after the day after the deadline a late reminder still goes (a server down that day). */
const LATE_CATCH_UP_DAYS = 7;

/**
 * The deadline reminders of every open year, for the reports not yet submitted (draft or returned):
 * N days before the deadline (N set per year, `reporting_years.reminder_days`) and on the day after
 * it (Warsaw days). Each is one row per report, kind and recipient (`dedupe_key`, a unique index):
 * run it on any number of instances, any number of times, and each reminder goes once.
 */
export async function enqueueDueReminders(db: Db, now: Date = new Date()): Promise<number> {
  const today = warsawToday(now);
  const years = await db
    .select({
      strategyId: reportingYears.strategyId,
      year: reportingYears.year,
      deadline: reportingYears.deadline,
      reminderDays: reportingYears.reminderDays,
    })
    .from(reportingYears)
    .innerJoin(strategies, eq(strategies.id, reportingYears.strategyId))
    .where(and(isNull(reportingYears.closedAt), isNull(strategies.archivedAt)));
  let written = 0;
  for (const year of years) {
    const before =
      year.reminderDays > 0 && today >= addDays(year.deadline, -year.reminderDays) && today <= year.deadline;
    const after = today >= addDays(year.deadline, 1) && today <= addDays(year.deadline, LATE_CATCH_UP_DAYS);
    if (!before && !after) continue;
    const kind = before ? 'reminder_before' : 'reminder_after';
    const open = await db
      .select({ reportId: reports.id, taskId: tasks.id, number: tasks.number, title: tasks.title })
      .from(reports)
      .innerJoin(tasks, eq(tasks.id, reports.taskId))
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(
        and(
          eq(goals.strategyId, year.strategyId),
          eq(reports.year, year.year),
          inArray(reports.status, ['draft', 'returned']),
          isNull(tasks.archivedAt),
        ),
      );
    const executors = await holdersOfRole(
      db,
      'executor',
      open.map((report) => report.taskId),
    );
    for (const report of open) {
      const recipients = executors.get(report.taskId) ?? [];
      if (recipients.length === 0) continue;
      // Each report's reminders in a transaction of their own: a failure leaves the others written.
      await db.transaction((tx) =>
        enqueueForUsers(tx, recipients, {
          kind,
          params: { task: `${report.number}. ${report.title}`, year: year.year, deadline: year.deadline },
          path: `/tasks/${report.taskId}/reports/${year.year}`,
          dedupeKey: `${kind}:${report.reportId}`,
        }),
      );
      written += recipients.length;
    }
  }
  return written;
}
