import 'server-only';
import { type Column, type SQL, and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { reports, type ReportStatus } from '@/db/schema';
import { assertCan, can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { type TaskContext, loadTaskContext } from '@/lib/reports/report-context';
import { isYearInSpan } from '@/lib/strategy/span';

/*
 * Who may take part in a discussion — the task card's own thread (`year` null) or a yearly
 * report's — decided once for comments and attachments alike: reading it (and downloading its
 * files) is reading the task and its reports — every user with a post, as the task card and the
 * report page (lib/strategy/task-card.ts, lib/reports/view.ts); writing in it is `report.discuss`
 * (lib/auth/permissions.ts) for the task: its executor, its program's coordinator, its goal's
 * owner and the office. Deny by default: the user is checked before the task is looked at.
 */

/** Which thread: the task card's (`year` null) or the report of `year`. */
export type ThreadYear = number | null;

export interface DiscussionThread {
  user: CurrentUser;
  context: TaskContext;
  taskId: number;
  /** Null on the task card's thread. */
  reportId: number | null;
  /** The report's state; null on the task card. */
  status: ReportStatus | null;
  /** An approved report's files are locked with it (a withdrawal unlocks them). */
  locked: boolean;
  /** The user may comment and attach (shown on the screen; every write checks again). */
  canDiscuss: boolean;
}

export async function loadDiscussion(
  db: Tx,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  need: 'read' | 'discuss',
): Promise<DiscussionThread> {
  const reader = assertCan(userOrNull, { action: 'strategy.read' });
  const context = await loadTaskContext(db, taskId);
  const discuss = {
    action: 'report.discuss',
    taskId: context.taskId,
    programId: context.programId,
    goalId: context.goalId,
  } as const;
  const user = need === 'discuss' ? assertCan(reader, discuss) : reader;
  const thread = { user, context, taskId: context.taskId, canDiscuss: can(user, discuss) };
  if (year === null) return { ...thread, reportId: null, status: null, locked: false };
  if (!isYearInSpan(context, year)) throw notFound();
  const [report] = await db
    .select({ id: reports.id, status: reports.status })
    .from(reports)
    .where(and(eq(reports.taskId, context.taskId), eq(reports.year, year)));
  // A report not created yet has no discussion: its first save creates it.
  if (!report) throw notFound();
  return { ...thread, reportId: report.id, status: report.status, locked: report.status === 'approved' };
}

/**
 * The rows of one thread, for a table with `taskId` and `reportId` columns: the report's, or the
 * task card's own (its report null).
 */
export function inThread(
  table: { taskId: Column; reportId: Column },
  thread: Pick<DiscussionThread, 'taskId' | 'reportId'>,
): SQL {
  return and(
    eq(table.taskId, thread.taskId),
    thread.reportId === null ? isNull(table.reportId) : eq(table.reportId, thread.reportId),
  )!;
}
