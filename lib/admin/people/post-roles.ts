import 'server-only';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { postRoles, posts } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { currentPeriod, requireAdmin } from '@/lib/auth/permissions';
import {
  type ScopedRole,
  type ScopedRoleKind,
  roleTargets,
  scopedRole,
  targetColumnOf,
  targetIdOf,
} from '@/lib/auth/roles';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';
import { assignScopedRole } from '@/lib/strategy/assignments';
import { parseInput } from '@/lib/validation';
import { endPostRoleSchema, grantPostRoleSchema } from '@/lib/admin/people-schema';
import { loadScopes, scopeOf, scopeRecord } from './role-targets';
import { claimPost, endAfter, onlyAdminPostOf } from './shared';

/*
 * What a post answers for: the administrator role, or a goal (its owner), a program (its
 * coordinator) or a task (its executor). Each goal, program and task is answered for by one post at
 * a time; giving it to a post ends the row of the post that had it (kept as history). Admin only
 * (re-read from the database); every change claims the post's version first and is audited.
 */

export interface RoleTargets {
  goals: { id: number; strategy: string; goalNumber: number; title: string; holder: string | null }[];
  programs: {
    id: number;
    goalNumber: number;
    programNumber: number;
    title: string;
    holder: string | null;
  }[];
  tasks: {
    id: number;
    goalNumber: number;
    programNumber: number;
    taskNumber: number;
    title: string;
    holder: string | null;
  }[];
}

/** The goals, programs and tasks a role can be given for, each with the post answering for it now. */
export async function listRoleTargets(db: Db, userOrNull: CurrentUser | null): Promise<RoleTargets> {
  await requireAdmin(db, userOrNull);
  const now = new Date();
  const scopes = await loadScopes(db);
  const current = await db
    .select({
      role: postRoles.role,
      goalId: postRoles.goalId,
      programId: postRoles.programId,
      taskId: postRoles.taskId,
      postName: posts.name,
    })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .where(and(ne(postRoles.role, 'admin'), ...currentPeriod(postRoles, now)));
  const holder = (role: ScopedRoleKind, id: number) =>
    current.find((row) => row.role === role && row[roleTargets[role].key] === id)?.postName ?? null;
  return {
    goals: [...scopes.goals.values()]
      .filter((goal) => !goal.archived)
      .map(({ id, strategy, goalNumber, title }) => ({
        id,
        strategy,
        goalNumber,
        title,
        holder: holder('goal_owner', id),
      })),
    programs: [...scopes.programs.values()]
      .filter((program) => !program.archived)
      .map(({ id, goalNumber, programNumber, title }) => ({
        id,
        goalNumber,
        programNumber,
        title,
        holder: holder('coordinator', id),
      })),
    tasks: [...scopes.tasks.values()]
      .filter((task) => !task.archived)
      .map(({ id, goalNumber, programNumber, taskNumber, title }) => ({
        id,
        goalNumber,
        programNumber,
        taskNumber,
        title,
        holder: holder('executor', id),
      })),
  };
}

/** The moment a role starting now may start: after the start of the row it replaces. */
async function scopeStart(tx: Tx, scope: ScopedRole, now: Date): Promise<Date> {
  const [current] = await tx
    .select({ validFrom: postRoles.validFrom })
    .from(postRoles)
    .where(
      and(
        eq(postRoles.role, scope.role),
        eq(targetColumnOf(scope.role), targetIdOf(scope)),
        isNull(postRoles.validTo),
      ),
    );
  return current ? endAfter(current.validFrom, now) : now;
}

/**
 * Gives the post a role from now on. Admin: a plain new row. Goal owner, coordinator, executor: the
 * post that answered for that goal, program or task stops (its row is ended, kept as history).
 */
export async function grantPostRole(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ postId: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(grantPostRoleSchema, input);
  return db.transaction(async (tx) => {
    // The goal, program or task first: one that does not exist is not found, whatever the post's version.
    const scope = data.role === 'admin' ? null : scopedRole(data.role, data.targetId!);
    if (scope) {
      const target = scopeRecord(await loadScopes(tx), scope);
      if (!target) throw notFound();
      if (target.archived) throw invalid({ targetId: ['unknownTarget'] });
    }
    const claimed = await claimPost(tx, data.postId, data.version);
    const now = new Date();
    if (!scope) {
      const [already] = await tx
        .select({ id: postRoles.id })
        .from(postRoles)
        .where(
          and(eq(postRoles.postId, data.postId), eq(postRoles.role, 'admin'), isNull(postRoles.validTo)),
        );
      if (already) throw invalid({ role: ['alreadyHasRole'] });
      const [granted] = await tx
        .insert(postRoles)
        .values({ postId: data.postId, role: 'admin', validFrom: now })
        .returning({ id: postRoles.id });
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'post',
        entityId: data.postId,
        action: 'grant_admin',
        before: null,
        after: { roleId: granted?.id ?? null, validFrom: now.toISOString() },
      });
      return { postId: data.postId, version: claimed.version };
    }

    // assignScopedRole ends the previous post's row and writes its own audit row.
    const result = await assignScopedRole(tx, scope, data.postId, user.id, await scopeStart(tx, scope, now));
    if (!result.changed) throw invalid({ targetId: ['alreadyHasRole'] });
    return { postId: data.postId, version: claimed.version };
  });
}

/** Ends one of the post's current roles now (the row stays, with its end). */
export async function endPostRole(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ postId: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(endPostRoleSchema, input);
  return db.transaction(async (tx) => {
    const claimed = await claimPost(tx, data.postId, data.version);
    const [role] = await tx
      .select()
      .from(postRoles)
      .where(and(eq(postRoles.id, data.roleId), eq(postRoles.postId, data.postId)));
    if (!role) throw notFound();
    // Ended meanwhile, e.g. the task given to another post: nothing left to end.
    if (role.validTo !== null) throw conflict();
    const now = endAfter(role.validFrom, new Date());
    if (role.role === 'admin') {
      if (onlyAdminPostOf(user, data.postId)) throw invalid({ roleId: ['ownAdmin'] });
      await tx
        .update(postRoles)
        .set({ validTo: now })
        .where(and(eq(postRoles.id, role.id), isNull(postRoles.validTo)));
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'post',
        entityId: data.postId,
        action: 'end_admin',
        before: { roleId: role.id, validTo: null },
        after: { roleId: role.id, validTo: now.toISOString() },
      });
    } else {
      await assignScopedRole(tx, scopeOf(role.role, role), null, user.id, now);
    }
    return { postId: data.postId, version: claimed.version };
  });
}
