import 'server-only';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, postHolders, postRoles, posts, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { currentPeriod, requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';
import { assignScopedRole } from '@/lib/strategy/assignments';
import { parseInput } from '@/lib/validation';
import { archivePostSchema, createPostSchema, updatePostSchema } from '@/lib/admin/people-schema';
import { type RoleTarget, loadScopes, scopeOf, targetOf } from './role-targets';
import {
  assertDepartmentChoosable,
  endAfter,
  isCurrentAt,
  missingOrChanged,
  onlyAdminPostOf,
} from './shared';

/*
 * The city office's posts (stanowiska): the list with each post's holder and roles, one post with
 * its history, creating, editing and archiving one. Who holds a post is post-holders.ts; what it
 * answers for is post-roles.ts. Admin only (re-read from the database), each change in a
 * transaction with its audit row; posts are archived, never deleted.
 */

export interface PostListItem {
  id: number;
  name: string;
  function: string | null;
  department: string | null;
  archivedAt: Date | null;
  holder: { userId: number; displayName: string; isActive: boolean } | null;
  roles: { id: number; target: RoleTarget }[];
}

export async function listPosts(db: Db, userOrNull: CurrentUser | null): Promise<PostListItem[]> {
  await requireAdmin(db, userOrNull);
  const now = new Date();
  const rows = await db
    .select({
      id: posts.id,
      name: posts.name,
      function: posts.function,
      department: departments.name,
      archivedAt: posts.archivedAt,
    })
    .from(posts)
    .leftJoin(departments, eq(departments.id, posts.departmentId))
    .orderBy(sql`${posts.archivedAt} is not null`, asc(posts.name), asc(posts.id));
  const holders = await db
    .select({
      postId: postHolders.postId,
      userId: users.id,
      displayName: users.displayName,
      isActive: users.isActive,
    })
    .from(postHolders)
    .innerJoin(users, eq(users.id, postHolders.userId))
    .where(and(...currentPeriod(postHolders, now)));
  const roles = await db
    .select({
      id: postRoles.id,
      postId: postRoles.postId,
      role: postRoles.role,
      goalId: postRoles.goalId,
      programId: postRoles.programId,
      taskId: postRoles.taskId,
    })
    .from(postRoles)
    .where(and(...currentPeriod(postRoles, now)))
    .orderBy(asc(postRoles.role), asc(postRoles.id));
  const scopes = await loadScopes(db);
  return rows.map((row) => {
    const holder = holders.find((entry) => entry.postId === row.id);
    return {
      ...row,
      holder: holder
        ? { userId: holder.userId, displayName: holder.displayName, isActive: holder.isActive }
        : null,
      roles: roles
        .filter((role) => role.postId === row.id)
        .map((role) => ({ id: role.id, target: targetOf(scopes, role) })),
    };
  });
}

export interface PostDetail {
  id: number;
  name: string;
  function: string | null;
  departmentId: number | null;
  department: string | null;
  archivedAt: Date | null;
  version: number;
  holders: {
    id: number;
    userId: number;
    displayName: string;
    login: string;
    isActive: boolean;
    validFrom: Date;
    validTo: Date | null;
    isCurrent: boolean;
  }[];
  roles: {
    id: number;
    target: RoleTarget;
    validFrom: Date;
    validTo: Date | null;
    isCurrent: boolean;
  }[];
}

export async function getPost(db: Db, userOrNull: CurrentUser | null, input: unknown): Promise<PostDetail> {
  await requireAdmin(db, userOrNull);
  const id = assertId(input);
  const now = new Date();
  const [row] = await db
    .select({
      id: posts.id,
      name: posts.name,
      function: posts.function,
      departmentId: posts.departmentId,
      department: departments.name,
      archivedAt: posts.archivedAt,
      version: posts.version,
    })
    .from(posts)
    .leftJoin(departments, eq(departments.id, posts.departmentId))
    .where(eq(posts.id, id));
  if (!row) throw notFound();
  const holderRows = await db
    .select({
      id: postHolders.id,
      userId: users.id,
      displayName: users.displayName,
      login: users.login,
      isActive: users.isActive,
      validFrom: postHolders.validFrom,
      validTo: postHolders.validTo,
    })
    .from(postHolders)
    .innerJoin(users, eq(users.id, postHolders.userId))
    .where(eq(postHolders.postId, id))
    .orderBy(desc(postHolders.validFrom), desc(postHolders.id));
  const roleRows = await db
    .select({
      id: postRoles.id,
      role: postRoles.role,
      goalId: postRoles.goalId,
      programId: postRoles.programId,
      taskId: postRoles.taskId,
      validFrom: postRoles.validFrom,
      validTo: postRoles.validTo,
    })
    .from(postRoles)
    .where(eq(postRoles.postId, id))
    .orderBy(desc(postRoles.validFrom), desc(postRoles.id));
  const scopes = await loadScopes(db);
  return {
    ...row,
    holders: holderRows.map((holder) => ({ ...holder, isCurrent: isCurrentAt(holder, now) })),
    roles: roleRows.map((role) => ({
      id: role.id,
      target: targetOf(scopes, role),
      validFrom: role.validFrom,
      validTo: role.validTo,
      isCurrent: isCurrentAt(role, now),
    })),
  };
}

export async function createPost(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(createPostSchema, input);
  return db.transaction(async (tx) => {
    await assertDepartmentChoosable(tx, data.departmentId);
    const after = { name: data.name, function: data.function || null, departmentId: data.departmentId };
    const [created] = await tx.insert(posts).values(after).returning({ id: posts.id });
    if (!created) throw new Error('post not created');
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'post',
      entityId: created.id,
      action: 'create',
      before: null,
      after,
    });
    return created;
  });
}

export async function updatePost(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(updatePostSchema, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: posts.name, function: posts.function, departmentId: posts.departmentId })
      .from(posts)
      .where(eq(posts.id, data.id));
    if (!before) throw notFound();
    await assertDepartmentChoosable(tx, data.departmentId, before.departmentId);
    const after = { name: data.name, function: data.function || null, departmentId: data.departmentId };
    const [updated] = await tx
      .update(posts)
      .set({ ...after, version: sql`${posts.version} + 1` })
      .where(and(eq(posts.id, data.id), eq(posts.version, data.version)))
      .returning({ id: posts.id, version: posts.version });
    if (!updated) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'post',
      entityId: data.id,
      action: 'update',
      before,
      after,
    });
    return updated;
  });
}

/**
 * Archives a post (posts are never deleted): its holding and its roles end now, so its goal,
 * program or task can be given to another post. Nobody archives the post that makes them admin.
 */
export async function archivePost(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(archivePostSchema, input);
  if (onlyAdminPostOf(user, data.id)) throw invalid({ _form: ['ownAdmin'] });
  return db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx
      .update(posts)
      .set({ archivedAt: now, version: sql`${posts.version} + 1` })
      .where(and(eq(posts.id, data.id), eq(posts.version, data.version), isNull(posts.archivedAt)))
      .returning({ id: posts.id, version: posts.version });
    if (!updated)
      await missingOrChanged(tx.select({ id: posts.id }).from(posts).where(eq(posts.id, data.id)));
    const openHoldings = await tx
      .select()
      .from(postHolders)
      .where(and(eq(postHolders.postId, data.id), isNull(postHolders.validTo)));
    for (const holding of openHoldings) {
      await tx
        .update(postHolders)
        .set({ validTo: endAfter(holding.validFrom, now) })
        .where(eq(postHolders.id, holding.id));
    }
    const openRoles = await tx
      .select()
      .from(postRoles)
      .where(and(eq(postRoles.postId, data.id), isNull(postRoles.validTo)));
    for (const role of openRoles) {
      const end = endAfter(role.validFrom, now);
      if (role.role === 'admin') {
        await tx.update(postRoles).set({ validTo: end }).where(eq(postRoles.id, role.id));
      } else {
        await assignScopedRole(tx, scopeOf(role.role, role), null, user.id, end);
      }
    }
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'post',
      entityId: data.id,
      action: 'archive',
      before: {
        archivedAt: null,
        holders: openHoldings.map((holding) => holding.userId),
        roles: openRoles.map((role) => role.id),
      },
      after: { archivedAt: now.toISOString() },
    });
    return updated!;
  });
}
