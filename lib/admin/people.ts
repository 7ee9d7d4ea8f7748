import 'server-only';
import { writeAudit as audit } from '@/lib/audit';
import { and, asc, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import {
  departments,
  goals,
  postHolders,
  postRoles,
  posts,
  programs,
  strategies,
  tasks,
  userSessions,
  users,
  type RoleKind,
} from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { currentPeriod, requireAdmin } from '@/lib/auth/permissions';
import type { SignInMethod } from './people-schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';
import { type ScopedRole, assignScopedRole } from '@/lib/strategy/assignments';
import { warsawMidnight } from './dates';
import {
  archiveDepartmentSchema,
  archivePostSchema,
  createDepartmentSchema,
  createPostSchema,
  createUserSchema,
  endPostRoleSchema,
  fieldErrorsOf,
  grantPostRoleSchema,
  recordIdSchema,
  resetPasswordSchema,
  setPostHolderSchema,
  setUserActiveSchema,
  updateDepartmentSchema,
  updatePostSchema,
  updateUserSchema,
} from './people-schema';

/*
 * The strategy office's people: users, departments, posts, who holds a post and what it answers
 * for. Every exported function takes (db, user, input), refuses without a valid user, lets only a
 * current administrator through (re-read from the database), validates the input with the form's
 * schema, and writes in a transaction with its audit row. Edits carry the version the admin saw; a
 * different one in the WHERE means someone changed the record meanwhile (conflict). Nothing is ever
 * deleted: users are deactivated, departments and posts archived, holdings and roles ended.
 */

// ---------------------------------------------------------------------------------------------
// Helpers

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** An id from a URL or a button: anything else is a record that does not exist. */
function parseRecordId(input: unknown): number {
  const parsed = recordIdSchema.safeParse(input);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** A period's end must come after its start (a check in the database): never the same instant. */
function endAfter(validFrom: Date, now: Date): Date {
  return now.getTime() > validFrom.getTime() ? now : new Date(validFrom.getTime() + 1);
}

/** A unique index refused the row (PostgreSQL 23505), possibly wrapped by the driver or Drizzle. */
function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (candidate.code === '23505') {
      const name = candidate.constraint_name ?? candidate.constraint;
      return constraint === undefined || name === undefined || name === constraint;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** A department that may be chosen: it exists and is not archived (or is the one already set). */
async function assertDepartmentChoosable(db: Tx, departmentId: number | null, current: number | null = null) {
  if (departmentId === null || departmentId === current) return;
  const [row] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.id, departmentId), isNull(departments.archivedAt)));
  if (!row) throw invalid({ departmentId: ['unknownDepartment'] });
}

/** The caller would lose their last administrator role with this post: they could not undo it. */
function onlyAdminPostOf(user: CurrentUser, postId: number): boolean {
  const adminPosts = new Set(user.roles.filter((grant) => grant.role === 'admin').map((g) => g.postId));
  return adminPosts.has(postId) && adminPosts.size === 1;
}

/** Revokes every open session of a user (except `keep`): their browser is refused at the next request. */
async function revokeSessionsOf(tx: Tx, userId: number, now: Date, keep?: string): Promise<number> {
  const revoked = await tx
    .update(userSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        keep ? ne(userSessions.id, keep) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return revoked.length;
}

/** After a guarded UPDATE found nothing: the record is missing (not found) or changed (conflict). */
async function missingOrChanged(exists: Promise<unknown[]>): Promise<never> {
  throw (await exists).length ? conflict() : notFound();
}

// ---------------------------------------------------------------------------------------------
// Users

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
  const id = parseRecordId(input);
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
      isCurrent: holding.validFrom <= now && (holding.validTo === null || holding.validTo > now),
    })),
  };
}

export async function createUser(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parse(createUserSchema, input);
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
      await audit(tx, {
        actorUserId: user.id,
        entity: 'user',
        entityId: created.id,
        action: 'create',
        before: null,
        after: { ...profile, isActive: true, signIn: data.signIn },
      });
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
  const data = parse(updateUserSchema, input);
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
    await audit(tx, {
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
  const data = parse(setUserActiveSchema, input);
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
    await audit(tx, {
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
  const data = parse(resetPasswordSchema, input);
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
    await audit(tx, {
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

// ---------------------------------------------------------------------------------------------
// Departments

export interface DepartmentListItem {
  id: number;
  name: string;
  abbreviation: string | null;
  archivedAt: Date | null;
  version: number;
  users: number;
  posts: number;
}

export async function listDepartments(db: Db, userOrNull: CurrentUser | null): Promise<DepartmentListItem[]> {
  await requireAdmin(db, userOrNull);
  const rows = await db
    .select({
      id: departments.id,
      name: departments.name,
      abbreviation: departments.abbreviation,
      archivedAt: departments.archivedAt,
      version: departments.version,
    })
    .from(departments)
    .orderBy(sql`${departments.archivedAt} is not null`, asc(departments.name), asc(departments.id));
  const userCounts = await db
    .select({ departmentId: users.departmentId, n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.isActive, true))
    .groupBy(users.departmentId);
  const postCounts = await db
    .select({ departmentId: posts.departmentId, n: sql<number>`count(*)::int` })
    .from(posts)
    .where(isNull(posts.archivedAt))
    .groupBy(posts.departmentId);
  const count = (list: { departmentId: number | null; n: number }[], id: number) =>
    Number(list.find((entry) => entry.departmentId === id)?.n ?? 0);
  return rows.map((row) => ({ ...row, users: count(userCounts, row.id), posts: count(postCounts, row.id) }));
}

/** A second department of the same name would be ambiguous in every select. */
async function assertDepartmentNameFree(db: Tx, name: string, exceptId?: number) {
  const [same] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(
      and(
        sql`lower(${departments.name}) = lower(${name})`,
        isNull(departments.archivedAt),
        exceptId ? ne(departments.id, exceptId) : undefined,
      ),
    );
  if (same) throw invalid({ name: ['nameTaken'] });
}

export async function createDepartment(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parse(createDepartmentSchema, input);
  return db.transaction(async (tx) => {
    await assertDepartmentNameFree(tx, data.name);
    const after = { name: data.name, abbreviation: data.abbreviation || null };
    const [created] = await tx.insert(departments).values(after).returning({ id: departments.id });
    if (!created) throw new Error('department not created');
    await audit(tx, {
      actorUserId: user.id,
      entity: 'department',
      entityId: created.id,
      action: 'create',
      before: null,
      after,
    });
    return created;
  });
}

export async function updateDepartment(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parse(updateDepartmentSchema, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: departments.name, abbreviation: departments.abbreviation })
      .from(departments)
      .where(eq(departments.id, data.id));
    if (!before) throw notFound();
    await assertDepartmentNameFree(tx, data.name, data.id);
    const after = { name: data.name, abbreviation: data.abbreviation || null };
    const [updated] = await tx
      .update(departments)
      .set({ ...after, version: sql`${departments.version} + 1` })
      .where(and(eq(departments.id, data.id), eq(departments.version, data.version)))
      .returning({ id: departments.id, version: departments.version });
    if (!updated) throw conflict();
    await audit(tx, {
      actorUserId: user.id,
      entity: 'department',
      entityId: data.id,
      action: 'update',
      before,
      after,
    });
    return updated;
  });
}

/** Archived departments stay on the records that name them; they are no longer offered in forms. */
export async function archiveDepartment(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parse(archiveDepartmentSchema, input);
  return db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx
      .update(departments)
      .set({ archivedAt: now, version: sql`${departments.version} + 1` })
      .where(
        and(
          eq(departments.id, data.id),
          eq(departments.version, data.version),
          isNull(departments.archivedAt),
        ),
      )
      .returning({ id: departments.id, version: departments.version });
    if (!updated)
      await missingOrChanged(
        tx.select({ id: departments.id }).from(departments).where(eq(departments.id, data.id)),
      );
    await audit(tx, {
      actorUserId: user.id,
      entity: 'department',
      entityId: data.id,
      action: 'archive',
      before: { archivedAt: null },
      after: { archivedAt: now.toISOString() },
    });
    return updated!;
  });
}

// ---------------------------------------------------------------------------------------------
// Posts: roles and what they answer for

/** What a role is about: nothing (admin), a goal, a program or a task, with its numbering. */
export type RoleTarget =
  | { kind: 'admin' }
  | { kind: 'goal_owner'; id: number; goalNumber: number; title: string }
  | { kind: 'coordinator'; id: number; goalNumber: number; programNumber: number; title: string }
  | {
      kind: 'executor';
      id: number;
      goalNumber: number;
      programNumber: number;
      taskNumber: number;
      title: string;
    };

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

/** Every goal, program and task (archived too), to name the scope of a role in its history. */
async function loadScopes(db: Tx) {
  const goalRows = await db
    .select({
      id: goals.id,
      strategy: strategies.name,
      goalNumber: goals.number,
      title: goals.title,
      archived: sql<boolean>`(${goals.archivedAt} is not null or ${strategies.archivedAt} is not null)`,
    })
    .from(goals)
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .orderBy(asc(strategies.id), asc(goals.number));
  const programRows = await db
    .select({
      id: programs.id,
      goalId: programs.goalId,
      goalNumber: goals.number,
      programNumber: programs.number,
      title: programs.title,
      archived: sql<boolean>`(${programs.archivedAt} is not null or ${goals.archivedAt} is not null)`,
    })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .orderBy(asc(goals.strategyId), asc(goals.number), asc(programs.number));
  const taskRows = await db
    .select({
      id: tasks.id,
      goalNumber: goals.number,
      programNumber: programs.number,
      taskNumber: tasks.number,
      title: tasks.title,
      archived: sql<boolean>`(${tasks.archivedAt} is not null or ${programs.archivedAt} is not null or ${goals.archivedAt} is not null)`,
    })
    .from(tasks)
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .orderBy(asc(goals.strategyId), asc(goals.number), asc(programs.number), asc(tasks.number));
  return {
    goals: new Map(goalRows.map((row) => [row.id, row])),
    programs: new Map(programRows.map((row) => [row.id, row])),
    tasks: new Map(taskRows.map((row) => [row.id, row])),
  };
}

type Scopes = Awaited<ReturnType<typeof loadScopes>>;

function targetOf(
  scopes: Scopes,
  role: { role: RoleKind; goalId: number | null; programId: number | null; taskId: number | null },
): RoleTarget {
  if (role.role === 'goal_owner' && role.goalId) {
    const goal = scopes.goals.get(role.goalId);
    return {
      kind: 'goal_owner',
      id: role.goalId,
      goalNumber: goal?.goalNumber ?? 0,
      title: goal?.title ?? '',
    };
  }
  if (role.role === 'coordinator' && role.programId) {
    const program = scopes.programs.get(role.programId);
    return {
      kind: 'coordinator',
      id: role.programId,
      goalNumber: program?.goalNumber ?? 0,
      programNumber: program?.programNumber ?? 0,
      title: program?.title ?? '',
    };
  }
  if (role.role === 'executor' && role.taskId) {
    const task = scopes.tasks.get(role.taskId);
    return {
      kind: 'executor',
      id: role.taskId,
      goalNumber: task?.goalNumber ?? 0,
      programNumber: task?.programNumber ?? 0,
      taskNumber: task?.taskNumber ?? 0,
      title: task?.title ?? '',
    };
  }
  return { kind: 'admin' };
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
  const holder = (role: RoleKind, id: number) =>
    current.find(
      (row) =>
        row.role === role &&
        (role === 'goal_owner' ? row.goalId : role === 'coordinator' ? row.programId : row.taskId) === id,
    )?.postName ?? null;
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

// ---------------------------------------------------------------------------------------------
// Posts

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
  const id = parseRecordId(input);
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
  const isCurrent = (period: { validFrom: Date; validTo: Date | null }) =>
    period.validFrom <= now && (period.validTo === null || period.validTo > now);
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
    holders: holderRows.map((holder) => ({ ...holder, isCurrent: isCurrent(holder) })),
    roles: roleRows.map((role) => ({
      id: role.id,
      target: targetOf(scopes, role),
      validFrom: role.validFrom,
      validTo: role.validTo,
      isCurrent: isCurrent(role),
    })),
  };
}

export async function createPost(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parse(createPostSchema, input);
  return db.transaction(async (tx) => {
    await assertDepartmentChoosable(tx, data.departmentId);
    const after = { name: data.name, function: data.function || null, departmentId: data.departmentId };
    const [created] = await tx.insert(posts).values(after).returning({ id: posts.id });
    if (!created) throw new Error('post not created');
    await audit(tx, {
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
  const data = parse(updatePostSchema, input);
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
    await audit(tx, {
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
 * The guarded step every change of a post's holder or roles starts with: the post must be the
 * version the admin saw and not archived. Two admins changing the same post: one gets a conflict.
 */
async function claimPost(tx: Tx, postId: number, version: number) {
  const [claimed] = await tx
    .update(posts)
    .set({ version: sql`${posts.version} + 1` })
    .where(and(eq(posts.id, postId), eq(posts.version, version), isNull(posts.archivedAt)))
    .returning({ id: posts.id, version: posts.version });
  if (claimed) return claimed;
  const [post] = await tx
    .select({ archivedAt: posts.archivedAt, version: posts.version })
    .from(posts)
    .where(eq(posts.id, postId));
  if (!post) throw notFound();
  if (post.archivedAt && post.version === version) throw invalid({ _form: ['postArchived'] });
  throw conflict();
}

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
  const data = parse(setPostHolderSchema, input);
  const from = warsawMidnight(data.from);
  if (data.userId !== null) {
    const [holder] = await db
      .select({ isActive: users.isActive })
      .from(users)
      .where(eq(users.id, data.userId));
    if (!holder) throw invalid({ userId: ['unknownUser'] });
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
    await audit(tx, {
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

/** The moment a role starting now may start: after the start of the row it replaces. */
async function scopeStart(tx: Tx, scope: ScopedRole, now: Date): Promise<Date> {
  const column =
    scope.role === 'goal_owner'
      ? postRoles.goalId
      : scope.role === 'coordinator'
        ? postRoles.programId
        : postRoles.taskId;
  const scopeId =
    scope.role === 'goal_owner'
      ? scope.goalId
      : scope.role === 'coordinator'
        ? scope.programId
        : scope.taskId;
  const [current] = await tx
    .select({ validFrom: postRoles.validFrom })
    .from(postRoles)
    .where(and(eq(postRoles.role, scope.role), eq(column, scopeId), isNull(postRoles.validTo)));
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
  const data = parse(grantPostRoleSchema, input);
  return db.transaction(async (tx) => {
    const claimed = await claimPost(tx, data.postId, data.version);
    const now = new Date();
    if (data.role === 'admin') {
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
      await audit(tx, {
        actorUserId: user.id,
        entity: 'post',
        entityId: data.postId,
        action: 'grant_admin',
        before: null,
        after: { roleId: granted?.id ?? null, validFrom: now.toISOString() },
      });
      return { postId: data.postId, version: claimed.version };
    }

    const targetId = data.targetId!;
    const scopes = await loadScopes(tx);
    const target =
      data.role === 'goal_owner'
        ? scopes.goals.get(targetId)
        : data.role === 'coordinator'
          ? scopes.programs.get(targetId)
          : scopes.tasks.get(targetId);
    if (!target || target.archived) throw invalid({ targetId: ['unknownTarget'] });
    const scope: ScopedRole =
      data.role === 'goal_owner'
        ? { role: 'goal_owner', goalId: targetId }
        : data.role === 'coordinator'
          ? { role: 'coordinator', programId: targetId }
          : { role: 'executor', taskId: targetId };
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
  const data = parse(endPostRoleSchema, input);
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
      await audit(tx, {
        actorUserId: user.id,
        entity: 'post',
        entityId: data.postId,
        action: 'end_admin',
        before: { roleId: role.id, validTo: null },
        after: { roleId: role.id, validTo: now.toISOString() },
      });
    } else {
      const scope: ScopedRole =
        role.role === 'goal_owner'
          ? { role: 'goal_owner', goalId: role.goalId! }
          : role.role === 'coordinator'
            ? { role: 'coordinator', programId: role.programId! }
            : { role: 'executor', taskId: role.taskId! };
      await assignScopedRole(tx, scope, null, user.id, now);
    }
    return { postId: data.postId, version: claimed.version };
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
  const data = parse(archivePostSchema, input);
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
        const scope: ScopedRole =
          role.role === 'goal_owner'
            ? { role: 'goal_owner', goalId: role.goalId! }
            : role.role === 'coordinator'
              ? { role: 'coordinator', programId: role.programId! }
              : { role: 'executor', taskId: role.taskId! };
        await assignScopedRole(tx, scope, null, user.id, end);
      }
    }
    await audit(tx, {
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

/** The departments a form may offer (not archived), for the selects of the user and post forms. */
export async function listDepartmentChoices(
  db: Db,
  userOrNull: CurrentUser | null,
): Promise<{ id: number; name: string; abbreviation: string | null }[]> {
  await requireAdmin(db, userOrNull);
  return db
    .select({ id: departments.id, name: departments.name, abbreviation: departments.abbreviation })
    .from(departments)
    .where(isNull(departments.archivedAt))
    .orderBy(asc(departments.name));
}
