import { and, eq, isNull } from 'drizzle-orm';
import { postRoles } from '@/db/schema';
import type { Tx } from '@/db/client';
import { writeAudit } from '@/lib/audit';
import { type ScopedRole, roleTargets, targetColumnOf, targetIdOf } from '@/lib/auth/roles';
import { conflict } from '@/lib/errors';

export type { ScopedRole } from '@/lib/auth/roles';

function scopeCondition(scope: ScopedRole) {
  return and(eq(postRoles.role, scope.role), eq(targetColumnOf(scope.role), targetIdOf(scope)));
}

/**
 * Gives a scoped role (goal owner, coordinator, executor) to a post from now on: the post that held
 * it is ended (its row keeps the history), the new one starts. `postId` null only ends the current
 * one. Writes its audit row; call inside the caller's transaction. With `expected`, the post the
 * user saw holding the role: another one there now (changed meanwhile) is a conflict.
 */
export async function assignScopedRole(
  tx: Tx,
  scope: ScopedRole,
  postId: number | null,
  actorUserId: number | null,
  now: Date = new Date(),
  expected?: { postId: number | null },
): Promise<{ previousPostId: number | null; changed: boolean }> {
  const [current] = await tx
    .select({ id: postRoles.id, postId: postRoles.postId })
    .from(postRoles)
    .where(and(scopeCondition(scope), isNull(postRoles.validTo)));
  if (expected && (current?.postId ?? null) !== expected.postId) throw conflict();
  if ((current?.postId ?? null) === postId)
    return { previousPostId: current?.postId ?? null, changed: false };
  if (current) {
    // Guarded: a concurrent assignment that ended this row first makes this one a conflict.
    const ended = await tx
      .update(postRoles)
      .set({ validTo: now })
      .where(and(eq(postRoles.id, current.id), isNull(postRoles.validTo)))
      .returning({ id: postRoles.id });
    if (ended.length === 0) throw conflict();
  }
  if (postId !== null) {
    const { role, ...target } = scope;
    await tx.insert(postRoles).values({ postId, role, ...target, validFrom: now });
  }
  await writeAudit(tx, {
    actorUserId,
    entity: roleTargets[scope.role].entity,
    entityId: targetIdOf(scope),
    action: `assign_${scope.role}`,
    before: { postId: current?.postId ?? null },
    after: { postId },
  });
  return { previousPostId: current?.postId ?? null, changed: true };
}
