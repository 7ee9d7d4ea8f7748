import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq, gte, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { attachmentChunks, attachments, reports, tasks, users } from '@/db/schema';
import { isAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { writeAudit } from '@/lib/audit';
import { attachmentSettingsOf } from '@/lib/env';
import { forbidden, invalid, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { type DiscussionThread, type ThreadYear, inThread, loadDiscussion } from './access';
import { checkFileName } from './file-names';
import { sniffType } from './file-types';
import { attachmentRefSchema } from './schema';

/*
 * Evidence attached to a task card or to a yearly report (`year` null: the task card), stored in
 * PostgreSQL: a row per file (name, the type read
 * from its content, size, SHA-256) and its bytes in CHUNK_BYTES rows. An upload streams: the
 * request body is read a piece at a time and written chunk by chunk inside one transaction, so a
 * refusal at any point (too big, not what its name says, the report approved meanwhile) leaves
 * nothing stored, and the server never holds more than one chunk of it. A download reads one chunk
 * row at a time. An approved report's files are locked with it; a withdrawal unlocks them. The
 * task's limit counts its card's files and all its reports' together.
 */

/**
 * 32 KB a chunk row, one row a statement both ways. The drivers carry a bytea as hex text (twice
 * its size) inside one protocol message per statement: at one 32 KB row that message stays a small
 * object the young generation collects at once; several rows a statement make it a large object,
 * kept until a full collection. Measured on the running server (tests/reliability/
 * attachments-memory.test.ts): a 20 MB download read 8 rows a statement grew it by 9–29 MB, one
 * row a statement by 1–2 MB; on PGlite the next 20 MB upload written 8 rows a statement grew it by
 * 69–75 MB, one row a statement by 27–32 MB.
 */
export const CHUNK_BYTES = 32 * 1024;

export function attachmentLimits() {
  const env = attachmentSettingsOf();
  return {
    fileBytes: env.ATTACHMENT_MAX_FILE_MB * 1024 * 1024,
    taskBytes: env.ATTACHMENT_MAX_TASK_MB * 1024 * 1024,
  };
}

const refuse = (reason: string) => invalid({ file: [reason] });

export interface AttachmentView {
  id: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  uploadedBy: string;
  createdAt: Date;
  canRemove: boolean;
}

export async function listAttachments(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
): Promise<{ files: AttachmentView[]; locked: boolean; canAttach: boolean }> {
  return attachmentsOf(db, await loadDiscussion(db, userOrNull, taskId, year, 'read'));
}

/** A thread's files, for a user already let in (loadDiscussion). */
export async function attachmentsOf(
  db: Db,
  thread: DiscussionThread,
): Promise<{ files: AttachmentView[]; locked: boolean; canAttach: boolean }> {
  const { user, locked, canDiscuss } = thread;
  const rows = await db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      mediaType: attachments.mediaType,
      sizeBytes: attachments.sizeBytes,
      uploadedBy: users.displayName,
      uploadedById: attachments.uploadedBy,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .innerJoin(users, eq(users.id, attachments.uploadedBy))
    .where(and(inThread(attachments, thread), isNull(attachments.removedAt)))
    .orderBy(asc(attachments.id));
  return {
    locked,
    canAttach: canDiscuss && !locked,
    files: rows.map(({ uploadedById, ...row }) => ({
      ...row,
      canRemove: canDiscuss && !locked && (uploadedById === user.id || isAdmin(user)),
    })),
  };
}

/**
 * Stores one uploaded file from its byte stream. The user, the task or report and the name are checked
 * before a byte is read; the type from the first chunk; the size as it arrives.
 */
export async function storeAttachment(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  file: { name: string; declaredBytes: number | null; body: AsyncIterable<Uint8Array> },
): Promise<{ attachmentId: number; sizeBytes: number; sha256: string }> {
  const limits = attachmentLimits();
  const thread = await loadDiscussion(db, userOrNull, taskId, year, 'discuss');
  const { user, reportId, context } = thread;
  if (thread.locked) throw refuse('locked');
  const nameCheck = checkFileName(file.name);
  if (nameCheck !== 'ok') throw refuse(nameCheck);
  if (file.declaredBytes !== null && file.declaredBytes > limits.fileBytes) throw refuse('tooLarge');

  return db.transaction(async (tx) => {
    // Placeholders until the whole file has arrived (the row's checks hold throughout).
    const [row] = await tx
      .insert(attachments)
      .values({
        taskId: thread.taskId,
        reportId,
        uploadedBy: user.id,
        fileName: file.name,
        mediaType: 'application/octet-stream',
        sizeBytes: 1,
        sha256: '0'.repeat(64),
      })
      .returning({ id: attachments.id });
    const attachmentId = row!.id;
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let filled = 0;
    let seq = 0;
    let total = 0;
    let mediaType: string | null = null;
    let text: TextDecoder | null = null;

    const flush = async (final: boolean) => {
      if (filled === 0) return;
      const bytes = Buffer.from(chunk.subarray(0, filled));
      if (mediaType === null) {
        const sniffed = await sniffType(bytes, file.name);
        if (!sniffed.ok) throw refuse(sniffed.reason);
        mediaType = sniffed.mediaType;
        if (sniffed.text) text = new TextDecoder('utf-8', { fatal: true });
      }
      if (text) checkText(text, bytes, final);
      await tx.insert(attachmentChunks).values({ attachmentId, seq, data: bytes });
      seq += 1;
      filled = 0;
    };

    for await (const piece of file.body) {
      total += piece.byteLength;
      if (total > limits.fileBytes) throw refuse('tooLarge');
      hash.update(piece);
      let offset = 0;
      while (offset < piece.byteLength) {
        const take = Math.min(CHUNK_BYTES - filled, piece.byteLength - offset);
        chunk.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === CHUNK_BYTES) await flush(false);
      }
    }
    if (total === 0) throw refuse('empty');
    await flush(true);
    if (text) checkText(text, new Uint8Array(0), true);

    // The task's card and reports together stay within the limit: the task row is locked so that
    // two uploads at once cannot both squeeze under it (and an archived task takes no more).
    const [task] = await tx
      .select({ archivedAt: tasks.archivedAt })
      .from(tasks)
      .where(eq(tasks.id, context.taskId))
      .for('update');
    if (!task || task.archivedAt !== null) throw notFound();
    const [used] = await tx
      .select({ bytes: sql<string>`coalesce(sum(${attachments.sizeBytes}), 0)` })
      .from(attachments)
      .where(
        and(
          eq(attachments.taskId, context.taskId),
          isNull(attachments.removedAt),
          ne(attachments.id, attachmentId),
        ),
      );
    if (Number(used?.bytes ?? 0) + total > limits.taskBytes) throw refuse('taskFull');
    // Approved while the file was arriving: locked with the report.
    if (reportId !== null) {
      const [report] = await tx
        .select({ status: reports.status })
        .from(reports)
        .where(eq(reports.id, reportId))
        .for('share');
      if (report?.status === 'approved') throw refuse('locked');
    }

    const sha256 = hash.digest('hex');
    await tx
      .update(attachments)
      .set({ sizeBytes: total, sha256, mediaType: mediaType! })
      .where(eq(attachments.id, attachmentId));
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'attachment',
      entityId: attachmentId,
      action: 'create',
      before: null,
      after: { taskId: thread.taskId, reportId, fileName: file.name, mediaType, sizeBytes: total, sha256 },
    });
    return { attachmentId, sizeBytes: total, sha256 };
  });
}

/** A text file's bytes must be UTF-8 with no NUL (CSV and .txt carry no magic bytes to check). */
function checkText(decoder: TextDecoder, bytes: Uint8Array, final: boolean) {
  let decoded: string;
  try {
    decoded = decoder.decode(bytes, { stream: !final });
  } catch {
    throw refuse('notText');
  }
  if (decoded.includes('\u0000')) throw refuse('notText');
}

/** A file to download: its stored name and type, and its bytes read one chunk row at a time. */
export async function openAttachment(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  attachmentId: number,
): Promise<{
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  body: ReadableStream<Uint8Array>;
}> {
  const thread = await loadDiscussion(db, userOrNull, taskId, year, 'read');
  const [row] = await db
    .select({
      fileName: attachments.fileName,
      mediaType: attachments.mediaType,
      sizeBytes: attachments.sizeBytes,
      sha256: attachments.sha256,
    })
    .from(attachments)
    .where(
      and(eq(attachments.id, attachmentId), inThread(attachments, thread), isNull(attachments.removedAt)),
    );
  if (!row) throw notFound();
  let seq = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const rows = await readChunks(db, attachmentId, seq, 1);
        if (rows.length === 0) {
          controller.close();
          return;
        }
        seq += rows.length;
        for (const row of rows) controller.enqueue(new Uint8Array(row.data));
      },
    },
    { highWaterMark: 1 },
  );
  return { ...row, body };
}

/** The next `count` chunk rows of a file from `seq` on, in order. */
function readChunks(db: Tx, attachmentId: number, seq: number, count: number) {
  return db
    .select({ data: attachmentChunks.data })
    .from(attachmentChunks)
    .where(
      and(
        eq(attachmentChunks.attachmentId, attachmentId),
        gte(attachmentChunks.seq, seq),
        lt(attachmentChunks.seq, seq + count),
      ),
    )
    .orderBy(asc(attachmentChunks.seq));
}

/** Removes a file (its uploader or the office), unless its report is approved; the bytes go too. */
export async function removeAttachment(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
  input: unknown,
): Promise<{ attachmentId: number }> {
  return db.transaction(async (tx) => {
    const thread = await loadDiscussion(tx, userOrNull, taskId, year, 'discuss');
    const { user, reportId } = thread;
    const { attachmentId } = parseInput(attachmentRefSchema, input);
    const [row] = await tx
      .select({
        fileName: attachments.fileName,
        sizeBytes: attachments.sizeBytes,
        sha256: attachments.sha256,
        uploadedBy: attachments.uploadedBy,
      })
      .from(attachments)
      .where(
        and(eq(attachments.id, attachmentId), inThread(attachments, thread), isNull(attachments.removedAt)),
      );
    if (!row) throw notFound();
    if (row.uploadedBy !== user.id && !isAdmin(user)) throw forbidden();
    // Locked with an approved report: the state is checked in the same statement as the write (a
    // task card's files have no report to lock them).
    const [removed] = await tx
      .update(attachments)
      .set({ removedAt: new Date(), removedBy: user.id })
      .where(
        and(
          eq(attachments.id, attachmentId),
          isNull(attachments.removedAt),
          reportId === null
            ? undefined
            : sql`exists (select 1 from ${reports} where ${reports.id} = ${reportId} and ${reports.status} <> 'approved')`,
        ),
      )
      .returning({ id: attachments.id });
    if (!removed) throw refuse('locked');
    await tx.delete(attachmentChunks).where(eq(attachmentChunks.attachmentId, attachmentId));
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'attachment',
      entityId: attachmentId,
      action: 'remove',
      before: {
        taskId: thread.taskId,
        reportId,
        fileName: row.fileName,
        sizeBytes: row.sizeBytes,
        sha256: row.sha256,
      },
      after: { removed: true },
    });
    return { attachmentId };
  });
}
