import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { commentMentions, postHolders, users } from '@/db/schema';
import { currentPeriod } from '@/lib/auth/permissions';
import { enqueueForUsers } from '@/lib/mail/outbox';
import type { TaskContext } from '@/lib/reports/report-context';
import type { ThreadYear } from './access';

/** `@login` in a comment: a login is letters, digits, dots, dashes and underscores. */
const MENTION = /(?<![\p{L}\p{N}._@-])@([\p{L}\p{N}._-]{1,64})/gu;

/** The logins a comment's text mentions, lower-cased, each once (a trailing dot ends a sentence). */
export function mentionedLogins(body: string): string[] {
  const logins = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    const login = match[1]!.replace(/\.+$/, '').toLowerCase();
    if (login) logins.add(login);
  }
  return [...logins];
}

/** The longest part of a comment a mention's e-mail quotes; the link leads to the whole thread. */
const EXCERPT_LENGTH = 300;

function excerptOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

/**
 * THE place where a comment's mentions are recorded (called in the comment's transaction, after a
 * post and after an edit): the active users it names, except its author. Each newly mentioned user
 * who holds a post (and so may read the task and its reports) is notified in the same transaction (the `mention`
 * kind of lib/mail: at once, in the daily digest or not at all, as they chose); an edit that names
 * the same people again tells nobody twice. It returns who was newly mentioned.
 */
export async function recordMentions(
  tx: Tx,
  comment: { id: number; body: string; authorUserId: number; authorPost: string },
  thread: { context: TaskContext; year: ThreadYear },
): Promise<number[]> {
  const logins = mentionedLogins(comment.body);
  if (logins.length === 0) return [];
  const named = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(sql`lower(${users.login})`, logins), eq(users.isActive, true)));
  const ids = named.map((row) => row.id).filter((id) => id !== comment.authorUserId);
  if (ids.length === 0) return [];
  const added = (
    await tx
      .insert(commentMentions)
      .values(ids.map((userId) => ({ commentId: comment.id, userId })))
      .onConflictDoNothing()
      .returning({ userId: commentMentions.userId })
  ).map((row) => row.userId);
  if (added.length === 0) return [];
  const readers = await tx
    .selectDistinct({ userId: postHolders.userId })
    .from(postHolders)
    .where(and(inArray(postHolders.userId, added), ...currentPeriod(postHolders, new Date())));
  const { context, year } = thread;
  const task = `${context.taskNumber}. ${context.taskTitle}`;
  await enqueueForUsers(
    tx,
    readers.map((row) => row.userId),
    {
      kind: 'mention',
      params: {
        author: comment.authorPost,
        item: year === null ? task : `${task} (${year})`,
        excerpt: excerptOf(comment.body),
      },
      path: year === null ? `/tasks/${context.taskId}#comments` : `/tasks/${context.taskId}/reports/${year}`,
      dedupeKey: `mention:${comment.id}`,
    },
    { except: comment.authorUserId },
  );
  return added;
}
