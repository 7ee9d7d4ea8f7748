import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './organisation';

/*
 * E-mail notifications (issue 22): the outbox written in the transaction of the event that causes
 * a mail, each user's choice per kind, the one-time password links, and the office's settings.
 */

/** What a mail is about. `password_reset` and `account_created` are security mails: never off. */
export const mailKind = pgEnum('mail_kind', [
  'year_opened',
  'reminder_before',
  'reminder_after',
  'report_submitted',
  'report_returned',
  'report_approved',
  'report_withdrawn',
  'task_assigned',
  'mention',
  'account_created',
  'password_reset',
  'digest',
]);

/**
 * queued → sent, or failed after the retry limit (the office may queue it again); `kept` when no
 * mail server is configured (shown in full on the office's screen); `held` for the user's daily
 * digest (the digest mail takes it: `digested`).
 */
export const mailStatus = pgEnum('mail_status', ['queued', 'sent', 'failed', 'kept', 'held', 'digested']);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: mailKind().notNull(),
    recipientUserId: integer().references(() => users.id),
    toAddress: text().notNull(),
    locale: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text().notNull(),
    status: mailStatus().notNull().default('queued'),
    attempts: integer().notNull().default(0),
    /** A queued mail is not sent before this (the backoff after a failed try). */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A sender's claim: another instance takes the row only after it has passed (a crashed sender). */
    lockedUntil: timestamp({ withTimezone: true }),
    claimToken: uuid(),
    lastError: text(),
    /** Once per key, whatever the number of instances or runs (reminders, digests). */
    dedupeKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_key').on(t.dedupeKey),
    index().on(t.status, t.nextAttemptAt),
    index().on(t.recipientUserId),
    check('mail_outbox_attempts', sql`${t.attempts} >= 0`),
  ],
);

export const notificationMode = pgEnum('notification_mode', ['immediate', 'digest', 'off']);

/** A user's choice per kind; a kind without a row is sent at once. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    kind: mailKind().notNull(),
    mode: notificationMode().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** A one-time link to set a password (a new account, or "forgot password"); only its hash is kept. */
export const passwordTokens = pgTable(
  'password_tokens',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the token, hex: the database never holds a usable link. */
    tokenHash: text().notNull(),
    purpose: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('password_tokens_hash').on(t.tokenHash),
    index().on(t.userId),
    index().on(t.expiresAt),
    check('password_tokens_purpose', sql`${t.purpose} in ('reset', 'setup')`),
  ],
);

/** The office's mail settings: one row (id 1). */
export const mailSettings = pgTable(
  'mail_settings',
  {
    id: integer().primaryKey().default(1),
    /** The hour (Warsaw time, 0–23) at which the daily digest goes out. */
    digestHour: integer().notNull().default(7),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('mail_settings_one_row', sql`${t.id} = 1`),
    check('mail_settings_digest_hour', sql`${t.digestHour} between 0 and 23`),
  ],
);

export type MailKind = (typeof mailKind.enumValues)[number];
export type MailStatus = (typeof mailStatus.enumValues)[number];
export type NotificationMode = (typeof notificationMode.enumValues)[number];
export type MailOutboxRow = typeof mailOutbox.$inferSelect;
