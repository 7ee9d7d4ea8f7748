import 'server-only';
import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { commentMentions, commentReads, comments, goals, programs, reports, tasks } from '@/db/schema';
import { ownedScope, requireSignedIn } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';

/*
 * The inbox's "new comments": per thread (a task card's or a report's), the comments by others the
 * user has not seen (newer than the last one they saw), on their own items — the tasks they
 * execute, the programs they coordinate, the goals they own — and wherever they were mentioned.
 */

export interface UnreadComments {
  /** Null: the task card's own thread. */
  reportId: number | null;
  taskId: number;
  taskNumber: number;
  taskTitle: string;
  programNumber: number;
  goalNumber: number;
  /** The report's year; null on the task card. */
  year: number | null;
  unread: number;
  mentioned: boolean;
}

export async function listUnreadComments(db: Db, userOrNull: CurrentUser | null): Promise<UnreadComments[]> {
  const user = requireSignedIn(userOrNull);
  const { taskIds, programIds, goalIds } = ownedScope(user);
  const mentionedHere = sql`exists (select 1 from ${commentMentions} where ${commentMentions.commentId} = ${comments.id} and ${commentMentions.userId} = ${user.id})`;
  const mine = or(
    taskIds.length ? inArray(comments.taskId, taskIds) : undefined,
    programIds.length ? inArray(tasks.programId, programIds) : undefined,
    goalIds.length ? inArray(programs.goalId, goalIds) : undefined,
    mentionedHere,
  );
  const rows = await db
    .select({
      reportId: reports.id,
      taskId: tasks.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      programNumber: programs.number,
      goalNumber: goals.number,
      year: reports.year,
      unread: sql<number>`count(*)::int`,
      mentioned: sql<boolean>`bool_or(${mentionedHere})`,
    })
    .from(comments)
    .innerJoin(tasks, eq(tasks.id, comments.taskId))
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .leftJoin(reports, eq(reports.id, comments.reportId))
    .leftJoin(
      commentReads,
      and(
        eq(commentReads.userId, user.id),
        eq(commentReads.taskId, comments.taskId),
        sql`${commentReads.reportId} is not distinct from ${comments.reportId}`,
      ),
    )
    .where(
      and(
        ne(comments.authorUserId, user.id),
        isNull(comments.removedAt),
        isNull(tasks.archivedAt),
        gt(comments.id, sql`coalesce(${commentReads.lastReadCommentId}, 0)`),
        mine,
      ),
    )
    .groupBy(reports.id, tasks.id, programs.number, goals.number)
    // The task cards' threads first, then the reports' by year.
    .orderBy(sql`${reports.year} asc nulls first`, asc(programs.number), asc(tasks.number));
  return rows.map((row) => ({ ...row, unread: Number(row.unread), mentioned: Boolean(row.mentioned) }));
}
