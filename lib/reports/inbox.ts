import 'server-only';
import { type SQL, and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  goals,
  programs,
  reportEvents,
  reportingYears,
  reports,
  tasks,
  users,
  type ReportStatus,
} from '@/db/schema';
import { ownedScope, requireSignedIn } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { withOpenYearTask } from './report-queries';
import { isLate } from './rules';

/*
 * The inbox: the reports of open years that wait for the user, and their count in every page's
 * header. What waits for whom comes from the user's posts, read from the database for this request.
 */

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
  const { taskIds: executed, programIds: coordinated, goalIds: owned } = ownedScope(user);
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
  const user = requireSignedIn(userOrNull);
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
  const user = requireSignedIn(userOrNull);
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
