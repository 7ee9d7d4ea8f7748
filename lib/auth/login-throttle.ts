import { eq, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { loginAttempts } from '@/db/schema';

/** The whole policy against guessing passwords, in one place. */
export const LOGIN_THROTTLE = {
  /** Failures count together while they fall within this window from the first one. */
  windowMinutes: 15,
  /** After this many failures in the window, every further try waits before it is answered. */
  delayAfterFailures: 3,
  /** The first wait; each further failure doubles it, up to maxDelayMs. */
  baseDelayMs: 1_000,
  maxDelayMs: 5_000,
  /** This many failures in the window lock the login… */
  lockAfterFailures: 10,
  /** …for this long: tries are refused without looking at the password. */
  lockMinutes: 15,
} as const;

export type AttemptClaim =
  | { kind: 'locked'; lockedUntil: Date }
  /** `attempt` is the number of this try in the window (1 for the first); wait `delayMs` before answering. */
  | { kind: 'allowed'; attempt: number; delayMs: number };

/** The key of a login: the text as typed, trimmed and lower-cased (as `users.login` is compared). */
export function loginKey(login: string): string {
  return login.trim().toLowerCase();
}

/** The wait before answering try number `attempt` of a window (the earlier ones all failed). */
export function delayForAttempt(attempt: number): number {
  const previousFailures = attempt - 1;
  if (previousFailures < LOGIN_THROTTLE.delayAfterFailures) return 0;
  const doublings = previousFailures - LOGIN_THROTTLE.delayAfterFailures;
  return Math.min(LOGIN_THROTTLE.maxDelayMs, LOGIN_THROTTLE.baseDelayMs * 2 ** doublings);
}

/**
 * Claims one try for a login before its password is checked: the try is counted as a failure at
 * once (a success clears it afterwards). One INSERT … ON CONFLICT DO UPDATE that only proceeds while
 * the login is not locked, so that instances racing on the same login can never check more than
 * `lockAfterFailures` passwords in a window: the try that reaches the limit sets the lock itself.
 * Unknown logins get a row like real ones — the answers must not tell them apart.
 */
export async function claimLoginAttempt(db: Db, login: string, now: Date): Promise<AttemptClaim> {
  const key = loginKey(login);
  await forgetStaleAttempts(db, now);
  const lockEnd = new Date(now.getTime() + LOGIN_THROTTLE.lockMinutes * 60_000);
  // Raw timestamps go in as ISO text with a cast: both drivers read them the same way.
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
  const windowStart = at(new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * 60_000));
  // A window that has run out (or a lock that has passed, which always outlasts it) starts afresh.
  const expired = sql`${loginAttempts.firstFailureAt} <= ${windowStart}`;
  const nextFailures = sql`case when ${expired} then 1 else ${loginAttempts.failures} + 1 end`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ login: key, failures: 1, firstFailureAt: now, lockedUntil: null, updatedAt: now })
    .onConflictDoUpdate({
      target: loginAttempts.login,
      set: {
        failures: nextFailures,
        firstFailureAt: sql`case when ${expired} then ${at(now)} else ${loginAttempts.firstFailureAt} end`,
        lockedUntil: sql`case when ${nextFailures} >= ${LOGIN_THROTTLE.lockAfterFailures} then ${at(lockEnd)} else null end`,
        updatedAt: now,
      },
      // While locked nothing changes and nothing comes back: the try is refused.
      setWhere: sql`${loginAttempts.lockedUntil} is null or ${loginAttempts.lockedUntil} <= ${at(now)}`,
    })
    .returning({ failures: loginAttempts.failures });
  if (row) return { kind: 'allowed', attempt: row.failures, delayMs: delayForAttempt(row.failures) };

  const [lock] = await db
    .select({ lockedUntil: loginAttempts.lockedUntil })
    .from(loginAttempts)
    .where(eq(loginAttempts.login, key));
  return { kind: 'locked', lockedUntil: lock?.lockedUntil ?? lockEnd };
}

/**
 * Once a login's window has run out and its lock (if any) has passed, its row says nothing that a
 * missing row would not: the next try starts afresh either way. Such rows are deleted on every try,
 * so that someone typing thousands of made-up logins does not grow the table for ever. (A row's
 * `updatedAt` is its last counted failure, at or after the window's start and exactly at the lock's
 * start.)
 */
export async function forgetStaleAttempts(db: Db, now: Date): Promise<void> {
  const keepMinutes = Math.max(LOGIN_THROTTLE.windowMinutes, LOGIN_THROTTLE.lockMinutes);
  await db
    .delete(loginAttempts)
    .where(lte(loginAttempts.updatedAt, new Date(now.getTime() - keepMinutes * 60_000)));
}

/** A correct password: the login's failures are forgotten. */
export async function clearLoginAttempts(db: Db, login: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.login, loginKey(login)));
}

/** Waits for real; tests pass their own function instead. */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
