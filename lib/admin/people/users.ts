import 'server-only';
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, postHolders, posts, userSessions, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { issuePasswordLink } from '@/lib/auth/password-links';
import { hashPassword } from '@/lib/auth/password';
import { currentPeriod, requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';
import { parseInput } from '@/lib/validation';
import {
  type SignInMethod,
  createUserSchema,
  resetPasswordSchema,
  setUserActiveSchema,
  updateUserSchema,
} from '@/lib/admin/people-schema';
import {
  assertDepartmentChoosable,
  isCurrentAt,
  isUniqueViolation,
  missingOrChanged,
  revokeSessionsOf,
} from './shared';

/*
 * The strategy office's user accounts: the list, one account with its holdings and sessions,
 * creating and editing an account, deactivating it, and how it signs in. Every exported function
 * takes (db, user, input), lets only a current administrator through (re-read from the database),
 * validates the input with the form's schema, and writes in a transaction with its audit row.
 * Edits carry the version the admin saw; a different one in the WHERE means someone changed the
 * record meanwhile (conflict). Accounts are never deleted, only deactivated.
 */

/** How the account signs in, read off whether it has a password of its own (never the hash itself). */
const signInMethod = sql<SignInMethod>`case when ${users.passwordHash} is null then 'directory' else 'password' end`;

export interface UserListItem {
  id: number;
  login: string;
  displayName: string;
  email: string | null;
  department: string | null;
  isActive: boolean;
  signIn: SignInMethod;
  posts: { id: number; name: string }[];
}

export async function listUsers(db: Db, userOrNull: CurrentUser | null): Promise<UserListItem[]> {
  await requireAdmin(db, userOrNull);
  const now = new Date();
  const rows = await db
    .select({
      id: users.id,
      login: users.login,
      displayName: users.displayName,
      email: users.email,
      department: departments.name,
      isActive: users.isActive,
      signIn: signInMethod,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .orderBy(desc(users.isActive), asc(users.displayName), asc(users.id));
  const holdings = await db
    .select({ userId: postHolders.userId, id: posts.id, name: posts.name })
    .from(postHolders)
    .innerJoin(posts, eq(posts.id, postHolders.postId))
    .where(and(isNull(posts.archivedAt), ...currentPeriod(postHolders, now)))
    .orderBy(asc(posts.name));
  return rows.map((row) => ({
    ...row,
    posts: holdings.filter((holding) => holding.userId === row.id).map(({ id, name }) => ({ id, name })),
  }));
}

export interface UserDetail {
  id: number;
  login: string;
  displayName: string;
  email: string | null;
  departmentId: number | null;
  department: string | null;
  isActive: boolean;
  signIn: SignInMethod;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  openSessions: number;
  holdings: {
    postId: number;
    postName: string;
    validFrom: Date;
    validTo: Date | null;
    isCurrent: boolean;
  }[];
}

export async function getUser(db: Db, userOrNull: CurrentUser | null, input: unknown): Promise<UserDetail> {
  await requireAdmin(db, userOrNull);
  const id = assertId(input);
  const now = new Date();
  const [row] = await db
    .select({
      id: users.id,
      login: users.login,
      displayName: users.displayName,
      email: users.email,
      departmentId: users.departmentId,
      department: departments.name,
      isActive: users.isActive,
      signIn: signInMethod,
      version: users.version,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, id));
  if (!row) throw notFound();
  const holdings = await db
    .select({
      postId: posts.id,
      postName: posts.name,
      validFrom: postHolders.validFrom,
      validTo: postHolders.validTo,
    })
    .from(postHolders)
    .innerJoin(posts, eq(posts.id, postHolders.postId))
    .where(eq(postHolders.userId, id))
    .orderBy(desc(postHolders.validFrom), desc(postHolders.id));
  const [sessions] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userSessions)
    .where(and(eq(userSessions.userId, id), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, now)));
  return {
    ...row,
    openSessions: Number(sessions?.n ?? 0),
    holdings: holdings.map((holding) => ({
      ...holding,
      isCurrent: isCurrentAt(holding, now),
    })),
  };
}

export async function createUser(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(createUserSchema, input);
  await assertDepartmentChoosable(db, data.departmentId);
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.login}) = lower(${data.login})`);
  if (taken) throw invalid({ login: ['loginTaken'] });
  // Hashing is slow on purpose: outside the transaction. A directory account keeps no password.
  const passwordHash = data.signIn === 'password' ? await hashPassword(data.password) : null;
  try {
    return await db.transaction(async (tx) => {
      const profile = {
        login: data.login,
        displayName: data.displayName,
        email: data.email || null,
        departmentId: data.departmentId,
      };
      const [created] = await tx
        .insert(users)
        .values({ ...profile, passwordHash })
        .returning({ id: users.id });
      if (!created) throw new Error('user not created');
      // The password (or its hash) never goes into the audit log.
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'user',
        entityId: created.id,
        action: 'create',
        before: null,
        after: { ...profile, isActive: true, signIn: data.signIn },
      });
      // A password account with an address gets a one-time link to set its own password.
      if (data.signIn === 'password' && profile.email)
        await issuePasswordLink(tx, { id: created.id, login: data.login }, 'setup');
      return created;
    });
  } catch (error) {
    // Two admins creating the same login at once: the unique index decides.
    if (isUniqueViolation(error, 'users_login_unique')) throw invalid({ login: ['loginTaken'] });
    throw error;
  }
}

export async function updateUser(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(updateUserSchema, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        displayName: users.displayName,
        email: users.email,
        departmentId: users.departmentId,
        version: users.version,
      })
      .from(users)
      .where(eq(users.id, data.id));
    if (!before) throw notFound();
    await assertDepartmentChoosable(tx, data.departmentId, before.departmentId);
    const after = {
      displayName: data.displayName,
      email: data.email || null,
      departmentId: data.departmentId,
    };
    const [updated] = await tx
      .update(users)
      .set({ ...after, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(and(eq(users.id, data.id), eq(users.version, data.version)))
      .returning({ id: users.id, version: users.version });
    if (!updated) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'user',
      entityId: data.id,
      action: 'update',
      before: { displayName: before.displayName, email: before.email, departmentId: before.departmentId },
      after,
    });
    return updated;
  });
}

/**
 * Deactivates or reactivates an account. Deactivating revokes all the user's sessions in the same
 * transaction: an open browser is refused at its next request. Nobody deactivates themselves.
 */
export async function setUserActive(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number; isActive: boolean; revokedSessions: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(setUserActiveSchema, input);
  if (data.id === user.id && !data.active) throw invalid({ active: ['cannotDeactivateSelf'] });
  return db.transaction(async (tx) => {
    const now = new Date();
    // The expected state and version in the WHERE: a second click or a stale page changes nothing.
    const [updated] = await tx
      .update(users)
      .set({ isActive: data.active, version: sql`${users.version} + 1`, updatedAt: now })
      .where(and(eq(users.id, data.id), eq(users.version, data.version), eq(users.isActive, !data.active)))
      .returning({ id: users.id, version: users.version, isActive: users.isActive });
    if (!updated)
      await missingOrChanged(tx.select({ id: users.id }).from(users).where(eq(users.id, data.id)));
    const revokedSessions = data.active ? 0 : await revokeSessionsOf(tx, data.id, now);
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'user',
      entityId: data.id,
      action: data.active ? 'reactivate' : 'deactivate',
      before: { isActive: !data.active },
      after: { isActive: data.active, revokedSessions },
    });
    return { ...updated!, revokedSessions };
  });
}

/**
 * The admin sets how an account signs in: a new password of its own (for someone who forgot theirs,
 * or an account moving off the directory), or the directory (the password it had is removed). Every
 * session of the user ends (whoever knew the old password is out); only the admin's own current
 * session survives when they change their own sign-in. Nobody moves their own account to a
 * directory that is not configured (`directoryConfigured`, from the environment): they could not
 * sign in again.
 */
export async function resetPassword(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
  { directoryConfigured = false }: { directoryConfigured?: boolean } = {},
): Promise<{ id: number; revokedSessions: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(resetPasswordSchema, input);
  if (data.id === user.id && data.signIn === 'directory' && !directoryConfigured)
    throw invalid({ signIn: ['selfWithoutDirectory'] });
  const [exists] = await db
    .select({ id: users.id, signIn: signInMethod })
    .from(users)
    .where(eq(users.id, data.id));
  if (!exists) throw notFound();
  const passwordHash = data.signIn === 'password' ? await hashPassword(data.password) : null;
  return db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(eq(users.id, data.id))
      .returning({ id: users.id });
    if (!updated) throw notFound();
    const keep = data.id === user.id ? user.sessionId || undefined : undefined;
    const revokedSessions = await revokeSessionsOf(tx, data.id, now, keep);
    // The password (or its hash) never goes into the audit log: only how the account signs in.
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'user',
      entityId: data.id,
      action: data.signIn === 'password' ? 'reset_password' : 'use_directory',
      before: { signIn: exists.signIn },
      after: { signIn: data.signIn, revokedSessions },
    });
    return { id: data.id, revokedSessions };
  });
}
