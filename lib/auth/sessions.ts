import { and, eq, gt, isNull, lt, lte, or, type Placeholder, sql } from 'drizzle-orm';
import { preparedOnce } from '@/db/prepared';
import type { Db } from '@/db/client';
import { postHolders, postRoles, posts, userSessions, users, type RoleKind } from '@/db/schema';
import { type DirectoryConfig, verifyDirectoryPassword } from './directory';
import { LOGIN_THROTTLED } from './login-schema';
import { claimLoginAttempt, clearLoginAttempts, sleep } from './login-throttle';
import { getDummyHash, verifyPassword } from './password';

export interface SessionLimits {
  idleMinutes: number;
  maxHours: number;
}

export interface RoleGrant {
  role: RoleKind;
  postId: number;
  postName: string;
  goalId: number | null;
  programId: number | null;
  taskId: number | null;
}

/** The signed-in user as every page and action sees it: read from the database on each request. */
export interface CurrentUser {
  id: number;
  login: string;
  displayName: string;
  sessionId: string;
  roles: RoleGrant[];
}

/** A login refused by the throttle (lib/auth/login-throttle.ts): too many failures, try later. */
export class LoginThrottledError extends Error {
  override name = 'LoginThrottledError';
  constructor(readonly lockedUntil: Date) {
    super(LOGIN_THROTTLED);
  }
}

export interface SignInOptions {
  /** The clock, for tests. */
  now?: Date;
  /** How the throttle's delay is waited out (before answering); tests pass their own. */
  wait?: (ms: number) => Promise<void>;
  /** The office's directory, for accounts without a password of their own (none: they cannot sign in). */
  directory?: DirectoryConfig | null;
}

/**
 * Checks a login and password; on success records a new server-side session and returns its id.
 * An account with a password hash is checked against it; one without (a directory account) is
 * checked by the office's directory when one is configured, and cannot sign in otherwise.
 * Unknown logins are verified against a dummy hash so that they take as long as wrong passwords,
 * and they are throttled and locked exactly like real ones. A locked login throws
 * LoginThrottledError without its password being checked.
 */
export async function signInWithPassword(
  db: Db,
  input: { login: string; password: string },
  limits: SessionLimits,
  options: SignInOptions = {},
): Promise<{ userId: number; sessionId: string; displayName: string } | null> {
  const now = options.now ?? new Date();
  const claim = await claimLoginAttempt(db, input.login, now);
  if (claim.kind === 'locked') throw new LoginThrottledError(claim.lockedUntil);
  // The wait comes before the check, so that a guesser gets no answer sooner than the delay.
  await (options.wait ?? sleep)(claim.delayMs);

  const [user] = await db
    .select({
      id: users.id,
      login: users.login,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      isActive: users.isActive,
    })
    .from(users)
    .where(sql`lower(${users.login}) = lower(${input.login})`)
    .limit(1);
  const valid =
    user && user.passwordHash === null && options.directory
      ? // An account without a password of its own: the directory decides, asked with the stored
        // sign-in name (not the text typed, which only matched it case-insensitively).
        user.isActive &&
        (await verifyDirectoryPassword(options.directory, user.login, input.password)) === 'valid'
      : await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !valid || !user.isActive) return null;
  // Only a correct password of an active account clears the failures.
  await clearLoginAttempts(db, input.login);
  await forgetEndedSessions(db, now);
  const [session] = await db
    .insert(userSessions)
    .values({ userId: user.id, expiresAt: new Date(now.getTime() + limits.maxHours * 3_600_000) })
    .returning({ id: userSessions.id });
  if (!session) return null;
  return { userId: user.id, sessionId: session.id, displayName: user.displayName };
}

/**
 * The user behind a session id, or null when the session is unknown, revoked, past its idle or
 * absolute limit, or the user is deactivated. Also returns the posts' current roles.
 */
export async function loadSessionUser(
  db: Db,
  sessionId: string,
  limits: SessionLimits,
  now: Date = new Date(),
): Promise<CurrentUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const idleSince = new Date(now.getTime() - limits.idleMinutes * 60_000);
  // One round trip on every request: the session and its user, with the current roles joined on
  // (no role: one row with null role columns). Built once (db/prepared.ts): it runs on every request.
  // Placeholders skip the columns' encoders: the times go in as drizzle would write them.
  const rows = await preparedOnce(db, 'session_user', (db) => {
    const grants = currentGrants(db, sql.placeholder('now'));
    return db
      .select({
        id: users.id,
        login: users.login,
        displayName: users.displayName,
        lastSeenAt: userSessions.lastSeenAt,
        ...grantColumns(grants),
      })
      .from(userSessions)
      .innerJoin(users, eq(users.id, userSessions.userId))
      .leftJoin(grants, eq(grants.userId, users.id))
      .where(
        and(
          eq(userSessions.id, sql.placeholder('sessionId')),
          isNull(userSessions.revokedAt),
          gt(userSessions.expiresAt, sql.placeholder('now')),
          gt(userSessions.lastSeenAt, sql.placeholder('idleSince')),
          eq(users.isActive, true),
        ),
      );
  }).execute({ sessionId, now: now.toISOString(), idleSince: idleSince.toISOString() });
  const row = rows[0];
  if (!row) return null;

  // Keep the idle clock running, at most one write a minute per session.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .update(userSessions)
      .set({ lastSeenAt: now })
      .where(
        and(eq(userSessions.id, sessionId), lt(userSessions.lastSeenAt, new Date(now.getTime() - 60_000))),
      );
  }

  const roles = rows.flatMap(({ role, postId, postName, goalId, programId, taskId }): RoleGrant[] =>
    role !== null && postId !== null && postName !== null
      ? [{ role, postId, postName, goalId, programId, taskId }]
      : [],
  );
  return { id: row.id, login: row.login, displayName: row.displayName, sessionId, roles };
}

/**
 * How long a session's row is kept after the session's absolute end (a revoked or idle session ends
 * earlier, so it is kept at least as long): for looking into a security incident, not more. A row
 * says when someone used the system, which is personal data (RODO: keep only what is needed).
 */
export const ENDED_SESSION_RETENTION_DAYS = 30;

/** Deletes the rows of sessions whose absolute end is past the retention. Runs at every sign-in. */
export async function forgetEndedSessions(db: Db, now: Date): Promise<void> {
  await db
    .delete(userSessions)
    .where(lt(userSessions.expiresAt, new Date(now.getTime() - ENDED_SESSION_RETENTION_DAYS * 86_400_000)));
}

/** Logging out: the session id in the cookie stops working on every app instance at once. */
export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return;
  await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/** The roles of posts held now, by user: both the holding and the role must be current. */
function currentGrants(db: Db, now: Date | Placeholder) {
  return currentGrantsQuery(db, now).as('grants');
}

/** A role grant's columns, as a RoleGrant, from the current grants. */
function grantColumns(grants: ReturnType<typeof currentGrants>) {
  return {
    role: grants.role,
    postId: grants.postId,
    postName: grants.postName,
    goalId: grants.goalId,
    programId: grants.programId,
    taskId: grants.taskId,
  };
}

function currentGrantsQuery(db: Db, now: Date | Placeholder) {
  return db
    .select({
      userId: postHolders.userId,
      role: postRoles.role,
      postId: posts.id,
      postName: posts.name,
      goalId: postRoles.goalId,
      programId: postRoles.programId,
      taskId: postRoles.taskId,
    })
    .from(postHolders)
    .innerJoin(posts, eq(posts.id, postHolders.postId))
    .innerJoin(postRoles, eq(postRoles.postId, posts.id))
    .where(
      and(
        lte(postHolders.validFrom, now),
        or(isNull(postHolders.validTo), gt(postHolders.validTo, now)),
        lte(postRoles.validFrom, now),
        or(isNull(postRoles.validTo), gt(postRoles.validTo, now)),
        isNull(posts.archivedAt),
      ),
    );
}

/** The roles of the posts a user holds now. */
export async function loadUserRoles(db: Db, userId: number, now: Date = new Date()): Promise<RoleGrant[]> {
  const grants = currentGrants(db, now);
  return db.select(grantColumns(grants)).from(grants).where(eq(grants.userId, userId));
}
