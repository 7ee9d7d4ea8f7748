import crypto from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { passwordTokens, users } from '@/db/schema';
import { revokeSessionsOf } from '@/lib/admin/people/shared';
import { writeAudit } from '@/lib/audit';
import { invalid } from '@/lib/errors';
import { enqueueNotification } from '@/lib/mail/outbox';
import { parseInput } from '@/lib/validation';
import { claimLoginAttempt, sleep } from './login-throttle';
import { hashPassword } from './password';
import { forgotPasswordSchema, setPasswordSchema } from './password-link-schema';

/*
 * One-time links to set a password: for a new password account (from the office) and "forgot
 * password" on the sign-in page. The token travels only in the mail; the database keeps its SHA-256,
 * so a copy of the database holds no usable link. A link works once, until it expires.
 */

export const PASSWORD_LINK_HOURS = { reset: 1, setup: 72 } as const;
export type PasswordLinkPurpose = keyof typeof PASSWORD_LINK_HOURS;

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** A new link for a user, written in the caller's transaction with its mail. */
export async function issuePasswordLink(
  tx: Tx,
  user: { id: number; login: string },
  purpose: PasswordLinkPurpose,
  now: Date = new Date(),
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const hours = PASSWORD_LINK_HOURS[purpose];
  await tx.insert(passwordTokens).values({
    userId: user.id,
    tokenHash: hashToken(token),
    purpose,
    expiresAt: new Date(now.getTime() + hours * 3_600_000),
    createdAt: now,
  });
  await enqueueNotification(tx, {
    kind: purpose === 'reset' ? 'password_reset' : 'account_created',
    recipientUserId: user.id,
    params: { login: user.login, hours },
    path: `/login/set-password?token=${token}`,
  });
  return token;
}

/**
 * "Forgot password": the same answer whether or not the login exists, is a password account or has
 * an address (the caller shows one sentence either way). Throttled like sign-in, on its own counter
 * per login text (`reset:` before it), so that nobody floods a person's mailbox or probes logins.
 */
export async function requestPasswordReset(
  db: Db,
  input: unknown,
  options: { now?: Date; wait?: (ms: number) => Promise<void> } = {},
): Promise<{ throttled: boolean }> {
  const { login } = parseInput(forgotPasswordSchema, input);
  const now = options.now ?? new Date();
  const claim = await claimLoginAttempt(db, `reset:${login}`, now);
  if (claim.kind === 'locked') return { throttled: true };
  await (options.wait ?? sleep)(claim.delayMs);
  const [user] = await db
    .select({ id: users.id, login: users.login })
    .from(users)
    .where(
      and(
        sql`lower(${users.login}) = lower(${login})`,
        eq(users.isActive, true),
        isNotNull(users.passwordHash),
        isNotNull(users.email),
      ),
    );
  if (user) await db.transaction((tx) => issuePasswordLink(tx, user, 'reset', now));
  return { throttled: false };
}

export type PasswordLinkState = 'valid' | 'used' | 'expired' | 'unknown';

/** What the set-password page says about a link before showing its form. */
export async function checkPasswordLink(
  db: Db,
  token: unknown,
  now: Date = new Date(),
): Promise<PasswordLinkState> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return 'unknown';
  const [row] = await db
    .select({ usedAt: passwordTokens.usedAt, expiresAt: passwordTokens.expiresAt })
    .from(passwordTokens)
    .where(eq(passwordTokens.tokenHash, hashToken(token)));
  if (!row) return 'unknown';
  if (row.usedAt) return 'used';
  return row.expiresAt <= now ? 'expired' : 'valid';
}

/**
 * Sets the password through a link: one guarded write takes the link (unused, not expired) in the
 * transaction that sets the password, ends the account's sessions and writes the audit row. Two
 * uses at once: exactly one finds the link unused. A used, expired or altered link is `tokenInvalid`.
 */
export async function setPasswordWithLink(
  db: Db,
  input: unknown,
  now: Date = new Date(),
): Promise<{ login: string }> {
  const data = parseInput(setPasswordSchema, input);
  const state = await checkPasswordLink(db, data.token, now);
  if (state !== 'valid') throw invalid({ token: [`token_${state}`] });
  // Hashing is slow on purpose: before the transaction.
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .update(passwordTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordTokens.tokenHash, hashToken(data.token)),
          isNull(passwordTokens.usedAt),
          gt(passwordTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordTokens.userId, purpose: passwordTokens.purpose });
    if (!taken) throw invalid({ token: ['token_used'] });
    // Only a password account that is still active: the office may have moved it meanwhile.
    const [user] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(and(eq(users.id, taken.userId), eq(users.isActive, true), isNotNull(users.passwordHash)))
      .returning({ id: users.id, login: users.login });
    if (!user) throw invalid({ token: ['token_unknown'] });
    const revokedSessions = await revokeSessionsOf(tx, user.id, now);
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'user',
      entityId: user.id,
      action: taken.purpose === 'reset' ? 'reset_password_by_link' : 'set_password_by_link',
      before: null,
      after: { revokedSessions },
    });
    return { login: user.login };
  });
}
