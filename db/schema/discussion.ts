import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { users } from './organisation';
import { reports } from './reporting';

/*
 * The conversation on a yearly report: comments (never deleted; a removal leaves "comment removed"),
 * who each comment mentions, how far each user has read, and the evidence attached. The files'
 * bytes live here too, in 32 KB chunks: several app instances share one PostgreSQL and the backup
 * (pg_dump, or PGlite's dumpDataDir) already carries it, so no second store is needed.
 */

/** Raw bytes (PostgreSQL `bytea`), read and written as Node Buffers. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const comments = pgTable(
  'comments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer()
      .notNull()
      .references(() => reports.id),
    authorUserId: integer()
      .notNull()
      .references(() => users.id),
    /** The author's posts when they wrote it ("Naczelnik Wydziału …"): posts change hands later. */
    authorPost: text().notNull().default(''),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp({ withTimezone: true }),
    /** Removed: the body is kept for the audit log only; the thread shows "comment removed". */
    removedAt: timestamp({ withTimezone: true }),
    removedBy: integer().references(() => users.id),
  },
  (t) => [
    index().on(t.reportId, t.id),
    index().on(t.authorUserId),
    check('comments_body_length', sql`char_length(${t.body}) between 1 and 5000`),
  ],
);

/** Who a comment mentions (`@login`): the inbox shows them, and the notifications will mail them. */
export const commentMentions = pgTable(
  'comment_mentions',
  {
    commentId: integer()
      .notNull()
      .references(() => comments.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] }), index().on(t.userId)],
);

/** The newest comment of a report a user has seen: anything newer by someone else is unread. */
export const commentReads = pgTable(
  'comment_reads',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    reportId: integer()
      .notNull()
      .references(() => reports.id),
    lastReadCommentId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.reportId] }), index().on(t.reportId)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer()
      .notNull()
      .references(() => reports.id),
    uploadedBy: integer()
      .notNull()
      .references(() => users.id),
    fileName: text().notNull(),
    /** The type read from the content (file-type), sent back as the download's Content-Type. */
    mediaType: text().notNull(),
    sizeBytes: bigint({ mode: 'number' }).notNull(),
    /** Hex SHA-256 of the whole file: the backup drill and a download can check the bytes. */
    sha256: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp({ withTimezone: true }),
    removedBy: integer().references(() => users.id),
  },
  (t) => [
    index().on(t.reportId),
    check('attachments_size_positive', sql`${t.sizeBytes} > 0`),
    check('attachments_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** A file's bytes in order, 32 KB a row, so that a download streams them a few rows at a time. */
export const attachmentChunks = pgTable(
  'attachment_chunks',
  {
    attachmentId: integer()
      .notNull()
      .references(() => attachments.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    data: bytea().notNull(),
  },
  (t) => [primaryKey({ columns: [t.attachmentId, t.seq] })],
);
