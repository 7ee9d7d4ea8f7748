import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { departments, postRoles, posts } from '@/db/schema';
import { type ScopedRole, type ScopedRoleKind, targetColumnOf, targetIdOf } from '@/lib/auth/roles';
import { assignScopedRole } from '@/lib/strategy/assignments';
import { type ImportMessage, importMessage, sameMessage } from './messages';
import type { ImportableCard } from './types';

/*
 * The import's roles: the goal owner, coordinator and executor a card names, matched to posts (owner
 * and coordinator by the post's name, the executor by its department and function, or the post's
 * name). A role is given only where nobody holds it yet; what cannot be matched is reported.
 */

/** The posts a card's goal owner or coordinator may be: those of that name. */
export async function postsNamed(tx: Tx, name: string): Promise<number[]> {
  if (!name.trim()) return [];
  const rows = await tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.name, name.trim()), isNull(posts.archivedAt)));
  return rows.map((row) => row.id);
}

/** The executor as the card names it: "department – function", else as written. */
export function executorTextOf(card: ImportableCard): string {
  const { department, function: role } = card.task.executor;
  return department && role
    ? `${department} – ${role}`
    : (card.task.executorText?.replace(/\s+/g, ' ').trim() ?? '');
}

/** The posts the card's executor may be: the one chosen in the preview, else those matching its text. */
export async function executorPosts(tx: Tx, card: ImportableCard): Promise<number[]> {
  if (card.task.executorPostId) {
    const rows = await tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.id, card.task.executorPostId), isNull(posts.archivedAt)));
    return rows.map((row) => row.id);
  }
  const { department, function: role } = card.task.executor;
  if (department && role) {
    const rows = await tx
      .select({ id: posts.id })
      .from(posts)
      .innerJoin(departments, eq(departments.id, posts.departmentId))
      .where(
        and(
          eq(departments.name, department),
          eq(posts.function, role),
          isNull(posts.archivedAt),
          isNull(departments.archivedAt),
        ),
      );
    if (rows.length > 0) return rows.map((row) => row.id);
  }
  const written = card.task.executorText?.replace(/\s+/g, ' ').trim() ?? '';
  return postsNamed(tx, written || [department, role].filter(Boolean).join(' – '));
}

/** The post that is the task's executor now, if any. */
export async function currentExecutorPost(tx: Tx, taskId: number): Promise<number | null> {
  return (await currentHolder(tx, { role: 'executor', taskId }))?.postId ?? null;
}

async function currentHolder(tx: Tx, scope: ScopedRole): Promise<{ postId: number; name: string } | null> {
  const [row] = await tx
    .select({ postId: postRoles.postId, name: posts.name })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .where(
      and(
        eq(postRoles.role, scope.role),
        eq(targetColumnOf(scope.role), targetIdOf(scope)),
        isNull(postRoles.validTo),
      ),
    );
  return row ?? null;
}

/** Gives the role to the one matching post when nobody holds it; otherwise reports why not. */
export async function giveRole(
  tx: Tx,
  scope: ScopedRole,
  candidates: number[],
  context: {
    /** The role as the card names it: "Cel I: szef celu „…”" (the `role` select of the messages). */
    who: { role: ScopedRoleKind; code: string; name: string };
    actorUserId: number | null;
    now: Date;
    unassigned: ImportMessage[];
    note: (message: ImportMessage) => void;
  },
) {
  const holder = await currentHolder(tx, scope);
  if (holder) {
    if (!candidates.includes(holder.postId)) {
      context.note(importMessage('commit.roleHeld', { ...context.who, holder: holder.name }));
    }
    return;
  }
  if (candidates.length === 1) {
    await assignScopedRole(tx, scope, candidates[0] as number, context.actorUserId, context.now);
    return;
  }
  const message =
    candidates.length === 0
      ? importMessage('commit.roleNoPost', context.who)
      : importMessage('commit.roleManyPosts', { ...context.who, count: candidates.length });
  if (!context.unassigned.some((have) => sameMessage(have, message))) context.unassigned.push(message);
}
