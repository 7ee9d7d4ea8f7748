import 'server-only';
import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditLog, postRoles, posts, reportEvents, reports, users } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { reportEventColumns } from '@/lib/reports/report-queries';
import { reportEventKey } from '@/lib/reports/rules';

/* A task's history: its executors over time, the changes of its card and its reports' steps. */

const HISTORY_LIMIT = 50;

/** One line of a task's history: a change of its card, or a step of one of its yearly reports. */
export interface TaskHistoryEntry {
  at: Date;
  kind: 'card' | 'report';
  /** The audit action of a card change; the timeline key (`reportEvent.*`) of a report's step. */
  action: string;
  actor: string | null;
  year: number | null;
  comment: string;
}

export async function getTaskHistory(db: Db, user: CurrentUser | null, taskId: number) {
  assertCan(user, { action: 'strategy.read' });
  const executors = await db
    .select({ postName: posts.name, validFrom: postRoles.validFrom, validTo: postRoles.validTo })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .where(and(eq(postRoles.role, 'executor'), eq(postRoles.taskId, taskId)))
    .orderBy(desc(postRoles.validFrom));
  const cardChanges = await db
    .select({ at: auditLog.at, action: auditLog.action, actor: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.entity, 'task'), eq(auditLog.entityId, String(taskId))))
    .orderBy(desc(auditLog.at))
    .limit(HISTORY_LIMIT);
  // The reports' steps from their timelines (not the drafts' saves): submitted, recalled, accepted,
  // returned and withdrawn with the comment, approved.
  const reportSteps = await db
    .select({ ...reportEventColumns, year: reports.year, actor: users.displayName })
    .from(reportEvents)
    .innerJoin(reports, eq(reports.id, reportEvents.reportId))
    .leftJoin(users, eq(users.id, reportEvents.actorUserId))
    .where(
      and(
        eq(reports.taskId, taskId),
        or(
          inArray(reportEvents.action, ['submit', 'accept', 'return', 'approve', 'withdraw_approval']),
          and(
            eq(reportEvents.action, 'save'),
            eq(reportEvents.toStatus, 'draft'),
            inArray(reportEvents.fromStatus, ['submitted', 'accepted']),
          ),
        ),
      ),
    )
    .orderBy(desc(reportEvents.at), desc(reportEvents.id))
    .limit(HISTORY_LIMIT);
  const changes: TaskHistoryEntry[] = [
    ...cardChanges.map((row) => ({ ...row, kind: 'card' as const, year: null, comment: '' })),
    ...reportSteps.map((row) => ({
      at: row.at,
      kind: 'report' as const,
      action: reportEventKey(row),
      actor: row.actor,
      year: row.year,
      // A return's or a withdrawal's comment is the reviewer's; a submission's note is the app's.
      comment: row.action === 'return' || row.action === 'withdraw_approval' ? row.comment : '',
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, HISTORY_LIMIT);
  return { executors, changes };
}
