import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { postHolders, postRoles, posts, users } from '@/db/schema';
import { currentPeriod } from '@/lib/auth/permissions';
import type { ScopedRoleKind } from '@/lib/auth/roles';

/** Who is told: the active people who now hold the post that now holds a role (per target id). */
export async function holdersOfRole(
  tx: Tx,
  role: ScopedRoleKind,
  targetIds: number[],
  now: Date = new Date(),
): Promise<Map<number, number[]>> {
  const byTarget = new Map<number, number[]>();
  if (targetIds.length === 0) return byTarget;
  const column = {
    goal_owner: postRoles.goalId,
    coordinator: postRoles.programId,
    executor: postRoles.taskId,
  }[role];
  const rows = await tx
    .select({ targetId: column, userId: postHolders.userId })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .innerJoin(postHolders, eq(postHolders.postId, posts.id))
    .innerJoin(users, eq(users.id, postHolders.userId))
    .where(
      and(
        eq(postRoles.role, role),
        inArray(column, targetIds),
        eq(users.isActive, true),
        ...currentPeriod(postRoles, now),
        ...currentPeriod(postHolders, now),
      ),
    );
  for (const row of rows) {
    if (row.targetId === null) continue;
    byTarget.set(row.targetId, [...(byTarget.get(row.targetId) ?? []), row.userId]);
  }
  return byTarget;
}

/** The people holding a post now. */
export async function holdersOfPost(tx: Tx, postId: number, now: Date = new Date()): Promise<number[]> {
  const rows = await tx
    .select({ userId: postHolders.userId })
    .from(postHolders)
    .innerJoin(users, eq(users.id, postHolders.userId))
    .where(and(eq(postHolders.postId, postId), eq(users.isActive, true), ...currentPeriod(postHolders, now)));
  return rows.map((row) => row.userId);
}
