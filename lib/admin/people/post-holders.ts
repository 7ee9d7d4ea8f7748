import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { postHolders, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { invalid, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { warsawMidnight } from '@/lib/admin/dates';
import { setPostHolderSchema } from '@/lib/admin/people-schema';
import { claimPost, onlyAdminPostOf } from './shared';

/*
 * Who holds a post, from a Warsaw day on: one holder at a time, each holding following the one
 * before (kept as history, never deleted). Admin only (re-read from the database); the change
 * claims the post's version first and is audited.
 */

/**
 * The post is held by a user from a day on; the previous holder's row ends that day (kept, never
 * deleted). Without a user: the current holding ends that day, with no successor.
 */
export async function setPostHolder(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ postId: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(setPostHolderSchema, input);
  const from = warsawMidnight(data.from);
  if (data.userId !== null) {
    const [holder] = await db
      .select({ isActive: users.isActive })
      .from(users)
      .where(eq(users.id, data.userId));
    if (!holder) throw notFound();
    if (!holder.isActive) throw invalid({ userId: ['userInactive'] });
  }
  return db.transaction(async (tx) => {
    const claimed = await claimPost(tx, data.postId, data.version);
    const history = await tx
      .select({
        id: postHolders.id,
        userId: postHolders.userId,
        validFrom: postHolders.validFrom,
        validTo: postHolders.validTo,
      })
      .from(postHolders)
      .where(eq(postHolders.postId, data.postId))
      .orderBy(desc(postHolders.validFrom));
    const open = history.find((row) => row.validTo === null) ?? null;
    if (data.userId === null && !open) throw invalid({ userId: ['noHolder'] });
    if (open && open.userId === data.userId) throw invalid({ userId: ['alreadyHolder'] });
    // Holdings follow one another: the new period starts after every earlier one began and ended.
    const latestStart = Math.max(0, ...history.map((row) => row.validFrom.getTime()));
    const latestEnd = Math.max(0, ...history.map((row) => row.validTo?.getTime() ?? 0));
    if (from.getTime() <= latestStart || from.getTime() < latestEnd)
      throw invalid({ from: ['fromBeforeCurrent'] });
    if (open && open.userId === user.id && onlyAdminPostOf(user, data.postId))
      throw invalid({ userId: ['ownAdmin'] });
    if (open) {
      await tx
        .update(postHolders)
        .set({ validTo: from })
        .where(and(eq(postHolders.id, open.id), isNull(postHolders.validTo)));
    }
    if (data.userId !== null) {
      await tx.insert(postHolders).values({ postId: data.postId, userId: data.userId, validFrom: from });
    }
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'post',
      entityId: data.postId,
      action: data.userId === null ? 'end_holding' : 'set_holder',
      before: open ? { userId: open.userId, validFrom: open.validFrom.toISOString() } : { userId: null },
      after: { userId: data.userId, from: from.toISOString() },
    });
    return { postId: data.postId, version: claimed.version };
  });
}
