import 'server-only';
import { and, count, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type MailStatus, mailOutbox, mailSettings, users } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { writeAudit } from '@/lib/audit';
import { conflict } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { mailSettingsSchema, resendMailSchema } from './schema';

/*
 * The strategy office's outgoing mail: the outbox by state (queued, sent, failed with the error,
 * kept in full when no mail server is configured), resending a failed mail, the users who get no
 * mail for want of an address, and the digest hour. Only a current administrator, re-checked in
 * the database. Mails hold personal data (names, comments): nobody else reads them.
 */

export const OUTBOX_PAGE = 100;
const SHOWN_STATUSES: MailStatus[] = ['queued', 'failed', 'kept', 'sent', 'held'];

export async function getOutgoingMail(
  db: Db,
  userOrNull: CurrentUser | null,
  filter: { status?: string } = {},
) {
  await requireAdmin(db, userOrNull);
  const status = SHOWN_STATUSES.find((value) => value === filter.status);
  const rows = await db
    .select({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      toAddress: mailOutbox.toAddress,
      recipient: users.displayName,
      subject: mailOutbox.subject,
      textBody: mailOutbox.textBody,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
      nextAttemptAt: mailOutbox.nextAttemptAt,
    })
    .from(mailOutbox)
    .leftJoin(users, eq(users.id, mailOutbox.recipientUserId))
    .where(status ? eq(mailOutbox.status, status) : undefined)
    .orderBy(desc(mailOutbox.id))
    .limit(OUTBOX_PAGE);
  const counts = await db
    .select({ status: mailOutbox.status, count: count() })
    .from(mailOutbox)
    .groupBy(mailOutbox.status);
  const withoutAddress = await db
    .select({ id: users.id, login: users.login, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.isActive, true), or(isNull(users.email), eq(users.email, ''))))
    .orderBy(users.displayName);
  const [settings] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  return {
    status: status ?? null,
    rows,
    counts: Object.fromEntries(counts.map((row) => [row.status, row.count])) as Partial<
      Record<MailStatus, number>
    >,
    withoutAddress,
    settings: { digestHour: settings?.digestHour ?? 7, version: settings?.version ?? 1 },
    smtpConfigured: Boolean(process.env.SMTP_URL?.trim()),
  };
}

/**
 * Queues a failed mail again, for a fresh set of tries: one guarded write (only a mail still
 * failed) with its audit row.
 */
export async function resendMail(db: Db, userOrNull: CurrentUser | null, input: unknown) {
  const { id } = parseInput(resendMailSchema, input);
  return db.transaction(async (tx) => {
    const user = await requireAdmin(tx, userOrNull);
    const [row] = await tx
      .update(mailOutbox)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, claimToken: null })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'failed')))
      .returning({ id: mailOutbox.id, lastError: mailOutbox.lastError });
    if (!row) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'mail',
      entityId: id,
      action: 'resend',
      before: { status: 'failed', lastError: row.lastError },
      after: { status: 'queued' },
    });
    return { id };
  });
}

/** The hour (Warsaw) of the daily digest: one guarded write (the version the office saw) and its audit row. */
export async function saveMailSettings(db: Db, userOrNull: CurrentUser | null, input: unknown) {
  const data = parseInput(mailSettingsSchema, input);
  return db.transaction(async (tx) => {
    const user = await requireAdmin(tx, userOrNull);
    const [before] = await tx.select().from(mailSettings).where(eq(mailSettings.id, 1));
    const [row] = await tx
      .update(mailSettings)
      .set({ digestHour: data.digestHour, version: sql`${mailSettings.version} + 1`, updatedAt: new Date() })
      .where(and(eq(mailSettings.id, 1), eq(mailSettings.version, data.version)))
      .returning({ version: mailSettings.version, digestHour: mailSettings.digestHour });
    if (!row) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'mail_settings',
      entityId: 1,
      action: 'update',
      before: { digestHour: before?.digestHour },
      after: { digestHour: row.digestHour },
    });
    return row;
  });
}
