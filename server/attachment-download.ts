import 'server-only';
import { getDb } from '@/lib/db';
import { openAttachment } from '@/lib/discussion/attachments';
import { notFound } from '@/lib/errors';
import { parseId, parseYear } from '@/lib/ids';
import { attachment, handleDownload } from '@/server/route-guard';

/**
 * Downloading one evidence file of a task card or a yearly report: only for those who may read the
 * task and its reports (lib/discussion/access.ts), streamed a chunk row at a time, as an attachment
 * (never shown in the page: its stored type, nosniff, a sandboxing CSP) under its stored name.
 */
export function downloadAttachment(rawTaskId: string, rawYear: string | null, rawAttachmentId: string) {
  return handleDownload(async (user) => {
    const taskId = parseId(rawTaskId);
    const attachmentId = parseId(rawAttachmentId);
    const year = rawYear === null ? null : (parseYear(rawYear) ?? undefined);
    if (taskId === null || attachmentId === null || year === undefined) throw notFound();
    const file = await openAttachment(await getDb(), user, taskId, year, attachmentId);
    return new Response(file.body, {
      headers: {
        'Content-Type': file.mediaType,
        'Content-Length': String(file.sizeBytes),
        'Content-Disposition': attachment(file.fileName),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
        ETag: `"${file.sha256}"`,
      },
    });
  });
}
