import 'server-only';
import { and, asc, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { commentMentions, commentReads, comments, postHolders, posts, users } from '@/db/schema';
import { currentPeriod, isAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { writeAudit } from '@/lib/audit';
import { conflict, forbidden, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { type DiscussionThread, type ThreadYear, inThread, loadDiscussion } from './access';
import { recordMentions } from './mentions';
import { COMMENT_EDIT_MINUTES, commentRefSchema, commentSchema, editCommentSchema } from './schema';

/*
 * The comments of a task card or of a yearly report (`year` null: the task card): a thread, newest
 * last. Anyone who may discuss the report posts (also
 * on an approved report: the discussion goes on, the data stays as approved); the author edits for
 * COMMENT_EDIT_MINUTES; a removal (by the author or the office) keeps the row and shows "comment
 * removed". Every write is one guarded statement in a transaction with its audit row.
 */

export interface CommentView {
  id: number;
  author: string;
  /** The author's posts when they wrote it. */
  authorPost: string;
  authorUserId: number;
  /** Null once removed: the thread shows "comment removed" in its place. */
  body: string | null;
  createdAt: Date;
  editedAt: Date | null;
  removed: boolean;
  /** The signed-in user may still edit it (its author, within the window). */
  canEdit: boolean;
  canRemove: boolean;
}

const editWindow = sql.raw(`interval '${COMMENT_EDIT_MINUTES} minutes'`);

export async function listComments(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
): Promise<CommentView[]> {
  return commentsOf(db, await loadDiscussion(db, userOrNull, taskId, year, 'read'));
}

/** A thread's comments, for a user already let in (loadDiscussion). */
export async function commentsOf(db: Db, thread: DiscussionThread): Promise<CommentView[]> {
  const { user, canDiscuss } = thread;
  const rows = await db
    .select({
      id: comments.id,
      author: users.displayName,
      authorPost: comments.authorPost,
      authorUserId: comments.authorUserId,
      body: comments.body,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      removedAt: comments.removedAt,
      editable: sql<boolean>`${comments.createdAt} > now() - ${editWindow}`,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorUserId))
    .where(inThread(comments, thread))
    .orderBy(asc(comments.id));
  return rows.map((row) => {
    const removed = row.removedAt !== null;
    const mine = row.authorUserId === user.id;
    return {
      id: row.id,
      author: row.author,
      authorPost: row.authorPost,
      authorUserId: row.authorUserId,
      body: removed ? null : row.body,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      removed,
      canEdit: canDiscuss && mine && !removed && row.editable,
      canRemove: canDiscuss && !removed && (mine || isAdmin(user)),
    };
  });
}

export async function addComment(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  input: unknown,
): Promise<{ commentId: number; mentioned: number[] }> {
  return db.transaction(async (tx) => {
    const thread = await loadDiscussion(tx, userOrNull, taskId, year, 'discuss');
    const { user, reportId, context } = thread;
    const { body } = parseInput(commentSchema, input);
    const authorPost = await postsOf(tx, user.id);
    const [created] = await tx
      .insert(comments)
      .values({ taskId: thread.taskId, reportId, authorUserId: user.id, authorPost, body })
      .returning({ id: comments.id });
    const commentId = created!.id;
    const mentioned = await recordMentions(
      tx,
      { id: commentId, body, authorUserId: user.id, authorPost: authorPost || user.displayName },
      { context, year },
    );
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'comment',
      entityId: commentId,
      action: 'create',
      before: null,
      after: { taskId: thread.taskId, reportId, body, mentioned },
    });
    await markRead(tx, user.id, thread, commentId);
    return { commentId, mentioned };
  });
}

export async function editComment(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  input: unknown,
): Promise<{ commentId: number }> {
  return db.transaction(async (tx) => {
    const thread = await loadDiscussion(tx, userOrNull, taskId, year, 'discuss');
    const { user, context } = thread;
    const { commentId, body } = parseInput(editCommentSchema, input);
    const [before] = await tx
      .select({ body: comments.body, authorUserId: comments.authorUserId, authorPost: comments.authorPost })
      .from(comments)
      .where(and(eq(comments.id, commentId), inThread(comments, thread)))
      .for('update');
    if (!before) throw notFound();
    if (before.authorUserId !== user.id) throw forbidden();
    // Only its author, only while it is not removed, only within the window: all in the WHERE.
    const [updated] = await tx
      .update(comments)
      .set({ body, editedAt: new Date() })
      .where(
        and(
          eq(comments.id, commentId),
          eq(comments.authorUserId, user.id),
          isNull(comments.removedAt),
          gt(comments.createdAt, sql`now() - ${editWindow}`),
        ),
      )
      .returning({ id: comments.id });
    if (!updated) throw conflict();
    const mentioned = await recordMentions(
      tx,
      { id: commentId, body, authorUserId: user.id, authorPost: before.authorPost || user.displayName },
      { context, year },
    );
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'comment',
      entityId: commentId,
      action: 'update',
      before: { body: before.body },
      after: { body, mentioned },
    });
    return { commentId };
  });
}

export async function removeComment(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  input: unknown,
): Promise<{ commentId: number }> {
  return db.transaction(async (tx) => {
    const thread = await loadDiscussion(tx, userOrNull, taskId, year, 'discuss');
    const { user, reportId } = thread;
    const { commentId } = parseInput(commentRefSchema, input);
    const [row] = await tx
      .select({ body: comments.body, authorUserId: comments.authorUserId })
      .from(comments)
      .where(and(eq(comments.id, commentId), inThread(comments, thread)));
    if (!row) throw notFound();
    // Its author or the strategy office (moderation); nobody else.
    if (row.authorUserId !== user.id && !isAdmin(user)) throw forbidden();
    const [removed] = await tx
      .update(comments)
      .set({ removedAt: new Date(), removedBy: user.id })
      .where(and(eq(comments.id, commentId), isNull(comments.removedAt)))
      .returning({ id: comments.id });
    if (!removed) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'comment',
      entityId: commentId,
      action: 'remove',
      before: { taskId: thread.taskId, reportId, body: row.body },
      after: { removed: true },
    });
    return { commentId };
  });
}

/**
 * The user has seen the thread up to the comment given (the newest their screen showed):
 * a comment posted after their page was rendered stays unread.
 */
export async function markCommentsRead(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  input: unknown,
): Promise<null> {
  const thread = await loadDiscussion(db, userOrNull, taskId, year, 'read');
  const { commentId } = parseInput(commentRefSchema, input);
  const [seen] = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(inThread(comments, thread), lte(comments.id, commentId)))
    .orderBy(desc(comments.id))
    .limit(1);
  if (seen) await markRead(db, thread.user.id, thread, seen.id);
  return null;
}

/** The names of the posts a user holds now, as the thread shows them beside their name. */
async function postsOf(tx: Tx, userId: number): Promise<string> {
  const rows = await tx
    .select({ name: posts.name })
    .from(postHolders)
    .innerJoin(posts, eq(posts.id, postHolders.postId))
    .where(and(eq(postHolders.userId, userId), ...currentPeriod(postHolders, new Date())))
    .orderBy(asc(posts.name));
  return rows.map((row) => row.name).join('; ');
}

async function markRead(
  tx: Tx,
  userId: number,
  thread: Pick<DiscussionThread, 'taskId' | 'reportId'>,
  commentId: number,
) {
  // Never backwards: of two tabs, the one that saw more wins. One row per user and thread (the
  // unique constraint treats the task card's null report as one value).
  await tx
    .insert(commentReads)
    .values({ userId, taskId: thread.taskId, reportId: thread.reportId, lastReadCommentId: commentId })
    .onConflictDoUpdate({
      target: [commentReads.userId, commentReads.taskId, commentReads.reportId],
      set: {
        lastReadCommentId: sql`greatest(${commentReads.lastReadCommentId}, excluded.last_read_comment_id)`,
      },
    });
}

/** Who a comment mentions (for tests and the notifications to come). */
export async function listMentions(db: Tx, commentId: number): Promise<number[]> {
  const rows = await db
    .select({ userId: commentMentions.userId })
    .from(commentMentions)
    .where(eq(commentMentions.commentId, commentId));
  return rows.map((row) => row.userId);
}
