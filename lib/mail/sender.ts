import crypto from 'node:crypto';
import { and, asc, eq, inArray, isNull, lte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailOutbox } from '@/db/schema';
import type { MailTransport } from './transport';

/** The sender's policy, in one place. */
export const SENDER = {
  /** Mails claimed per round. */
  batch: 20,
  /** How long a claim holds a mail from other senders (a sender that died lets it go after this). */
  leaseMs: 120_000,
  /** Tries before a mail is marked failed (the office may queue it again). */
  maxAttempts: 8,
  /** The wait after the first failed try; each further one doubles it, up to maxBackoffMs. */
  baseBackoffMs: 30_000,
  maxBackoffMs: 3_600_000,
};
export type SenderPolicy = typeof SENDER;

export function backoffMs(attempts: number, policy: SenderPolicy = SENDER): number {
  return Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
}

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Claims due mails for this sender: one UPDATE over rows picked with FOR UPDATE SKIP LOCKED, so
 * that senders of several instances running at once never claim the same row; the claim (a token
 * and a lease) is what the later writes check, so a sender whose lease ran out cannot mark a mail
 * another sender took over.
 */
async function claimDue(db: Db, now: Date, policy: SenderPolicy) {
  const claimToken = crypto.randomUUID();
  const due = db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.status, 'queued'),
        lte(mailOutbox.nextAttemptAt, at(now)),
        or(isNull(mailOutbox.lockedUntil), lt(mailOutbox.lockedUntil, at(now))),
      ),
    )
    .orderBy(asc(mailOutbox.id))
    .limit(policy.batch)
    .for('update', { skipLocked: true });
  const claimed = await db
    .update(mailOutbox)
    .set({
      claimToken,
      lockedUntil: new Date(now.getTime() + policy.leaseMs),
      attempts: sql`${mailOutbox.attempts} + 1`,
    })
    .where(inArray(mailOutbox.id, due))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

export interface SendRound {
  sent: number;
  kept: number;
  retried: number;
  failed: number;
}

/**
 * One round of the sender: claims due mails and delivers them. With no transport (no SMTP_URL)
 * each is `kept` for the office's screen. A failed try waits (backoff) and is tried again; after
 * maxAttempts the mail is `failed` with the server's error.
 */
export async function sendDueMails(
  db: Db,
  transport: MailTransport | null,
  options: { now?: () => Date; policy?: SenderPolicy } = {},
): Promise<SendRound> {
  const clock = options.now ?? (() => new Date());
  const policy = options.policy ?? SENDER;
  const round: SendRound = { sent: 0, kept: 0, retried: 0, failed: 0 };
  const mails = await claimDue(db, clock(), policy);
  for (const mail of mails) {
    const mine = and(eq(mailOutbox.id, mail.id), eq(mailOutbox.claimToken, mail.claimToken!));
    if (!transport) {
      await db.update(mailOutbox).set({ status: 'kept', lockedUntil: null }).where(mine);
      round.kept++;
      continue;
    }
    try {
      await transport.send({
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody,
      });
      await db
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: clock(), lockedUntil: null, lastError: null })
        .where(mine);
      round.sent++;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const givesUp = mail.attempts >= policy.maxAttempts;
      await db
        .update(mailOutbox)
        .set(
          givesUp
            ? { status: 'failed', lockedUntil: null, lastError: message }
            : {
                lockedUntil: null,
                lastError: message,
                nextAttemptAt: new Date(clock().getTime() + backoffMs(mail.attempts, policy)),
              },
        )
        .where(mine);
      if (givesUp) round.failed++;
      else round.retried++;
    }
  }
  return round;
}
