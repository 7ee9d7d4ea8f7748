import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { users } from './organisation';
import { reports } from './reporting';
import { tasks } from './strategy';

/*
 * The conversation on a task and on each of its yearly reports: comments (never deleted; a removal
 * leaves "comment removed"), who each comment mentions, how far each user has read, and the
 * evidence attached. A thread is a task's (`reportId` null: the task card's own) or one report's;
 * every row carries its task, and a report's rows its report too, the pair checked against
 * `reports` by a foreign key. The files' bytes live here too, in 32 KB chunks: several app
 * instances share one PostgreSQL and the backup (pg_dump, or PGlite's dumpDataDir) already carries
 * it, so no second store is needed.
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
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    /** The report whose thread it is in; null on the task card's own thread. */
    reportId: integer(),
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
    foreignKey({ columns: [t.reportId, t.taskId], foreignColumns: [reports.id, reports.taskId] }),
    index().on(t.reportId, t.id),
    index().on(t.taskId, t.id),
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

/**
 * The newest comment of a thread (a report's, or the task card's: `reportId` null) a user has
 * seen: anything newer by someone else is unread. One row per user and thread (nulls not distinct).
 */
export const commentReads = pgTable(
  'comment_reads',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    reportId: integer(),
    lastReadCommentId: integer().notNull(),
  },
  (t) => [
    unique('comment_reads_thread_unique').on(t.userId, t.taskId, t.reportId).nullsNotDistinct(),
    foreignKey({ columns: [t.reportId, t.taskId], foreignColumns: [reports.id, reports.taskId] }),
    index().on(t.reportId),
    index().on(t.taskId),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    /** The report it is evidence for; null on the task card. */
    reportId: integer(),
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
    foreignKey({ columns: [t.reportId, t.taskId], foreignColumns: [reports.id, reports.taskId] }),
    index().on(t.reportId),
    index().on(t.taskId),
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
