import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { reports, type ReportStatus } from '@/db/schema';
import { assertCan, can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { type TaskContext, loadTaskContext } from '@/lib/reports/report-context';
import { isYearInSpan } from '@/lib/strategy/span';

/*
 * Who may take part in a report's discussion, decided once for comments and attachments alike:
 * reading it (and downloading its files) is reading the report — every user with a post, as the
 * report page (lib/reports/view.ts); writing in it is `report.discuss` (lib/auth/permissions.ts).
 * Deny by default: the user is checked before the report is looked at.
 */

export interface DiscussionReport {
  user: CurrentUser;
  context: TaskContext;
  reportId: number;
  status: ReportStatus;
  /** The user may comment and attach (shown on the screen; every write checks again). */
  canDiscuss: boolean;
}

export async function loadDiscussionReport(
  db: Tx,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
  need: 'read' | 'discuss',
): Promise<DiscussionReport> {
  const reader = assertCan(userOrNull, { action: 'strategy.read' });
  const context = await loadTaskContext(db, taskId);
  const discuss = {
    action: 'report.discuss',
    taskId: context.taskId,
    programId: context.programId,
    goalId: context.goalId,
  } as const;
  const user = need === 'discuss' ? assertCan(reader, discuss) : reader;
  if (!isYearInSpan(context, year)) throw notFound();
  const [report] = await db
    .select({ id: reports.id, status: reports.status })
    .from(reports)
    .where(and(eq(reports.taskId, context.taskId), eq(reports.year, year)));
  // A report not created yet has no discussion: its first save creates it.
  if (!report) throw notFound();
  return {
    user,
    context,
    reportId: report.id,
    status: report.status,
    canDiscuss: can(user, discuss),
  };
}
