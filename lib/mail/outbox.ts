import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  type MailKind,
  type NotificationMode,
  mailOutbox,
  notificationPreferences,
  users,
} from '@/db/schema';
import { type MailParams, absoluteLink, mailLocale, renderMail } from './templates';

/** Mails nobody may turn off: the one-time password links. */
export const SECURITY_KINDS: readonly MailKind[] = ['account_created', 'password_reset'];

export interface Notification {
  kind: Exclude<MailKind, 'digest'>;
  recipientUserId: number;
  /** The values of the kind's message (task, year, comment …), as the recipient reads them. */
  params: MailParams;
  /** The screen the mail links to, e.g. `/tasks/12/reports/2026`. */
  path: string;
  /** Once per key, whatever the number of instances or runs (a reminder: its report and kind). */
  dedupeKey?: string;
}

export type EnqueueOutcome = 'queued' | 'held' | 'off' | 'no_address' | 'duplicate';

/**
 * THE API of notifications: call it inside the transaction of the event that causes the mail, so
 * there is no mail without the event and no event without its mail (a rollback takes both). The
 * mail is written in the recipient's language as they chose it, as they want it (at once, into
 * their daily digest, or not at all; security mails always at once); a recipient without an e-mail
 * address gets none (the office's mail screen lists them). The sender (sender.ts) delivers it.
 */
export async function enqueueNotification(tx: Tx, notification: Notification): Promise<EnqueueOutcome> {
  const [recipient] = await tx
    .select({
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      isActive: users.isActive,
      mode: notificationPreferences.mode,
    })
    .from(users)
    .leftJoin(
      notificationPreferences,
      and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, notification.kind)),
    )
    .where(eq(users.id, notification.recipientUserId));
  if (!recipient || !recipient.isActive) return 'off';
  if (!recipient.email) return 'no_address';
  const isSecurity = SECURITY_KINDS.includes(notification.kind);
  const mode: NotificationMode = isSecurity ? 'immediate' : (recipient.mode ?? 'immediate');
  if (mode === 'off') return 'off';
  const locale = mailLocale(recipient.locale);
  const mail = renderMail(notification.kind, locale, {
    name: recipient.displayName,
    params: notification.params,
    link: absoluteLink(notification.path),
  });
  const inserted = await tx
    .insert(mailOutbox)
    .values({
      kind: notification.kind,
      recipientUserId: notification.recipientUserId,
      toAddress: recipient.email,
      locale,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      status: mode === 'digest' ? 'held' : 'queued',
      dedupeKey: notification.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: mailOutbox.id });
  if (inserted.length === 0) return 'duplicate';
  return mode === 'digest' ? 'held' : 'queued';
}

/** Notifies each of several users (each in their own language); the actor is never told of their own act. */
export async function enqueueForUsers(
  tx: Tx,
  userIds: Iterable<number>,
  notification: Omit<Notification, 'recipientUserId'>,
  options: { except?: number | null } = {},
): Promise<void> {
  for (const userId of new Set(userIds)) {
    if (userId === options.except) continue;
    await enqueueNotification(tx, {
      ...notification,
      recipientUserId: userId,
      ...(notification.dedupeKey ? { dedupeKey: `${notification.dedupeKey}:${userId}` } : {}),
    });
  }
}
