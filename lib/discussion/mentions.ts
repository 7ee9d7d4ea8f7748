import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { commentMentions, users } from '@/db/schema';

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

/**
 * THE place where a comment's mentions are recorded (called in the comment's transaction, after a
 * post and after an edit): the active users it names, except its author. It returns who was newly
 * mentioned, so that the e-mail notifications, when they arrive, are sent from here and only here.
 */
export async function recordMentions(
  tx: Tx,
  comment: { id: number; body: string; authorUserId: number },
): Promise<number[]> {
  const logins = mentionedLogins(comment.body);
  if (logins.length === 0) return [];
  const named = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(sql`lower(${users.login})`, logins), eq(users.isActive, true)));
  const ids = named.map((row) => row.id).filter((id) => id !== comment.authorUserId);
  if (ids.length === 0) return [];
  const added = await tx
    .insert(commentMentions)
    .values(ids.map((userId) => ({ commentId: comment.id, userId })))
    .onConflictDoNothing()
    .returning({ userId: commentMentions.userId });
  return added.map((row) => row.userId);
}
