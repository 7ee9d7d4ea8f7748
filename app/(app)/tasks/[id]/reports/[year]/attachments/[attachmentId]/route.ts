import { getDb } from '@/lib/db';
import { openAttachment } from '@/lib/discussion/attachments';
import { notFound } from '@/lib/errors';
import { parseId } from '@/lib/ids';
import { attachment, handleDownload } from '@/server/route-guard';

/**
 * Downloading one evidence file of a yearly report: only for those who may read the report
 * (lib/discussion/access.ts), streamed a chunk row at a time, as an attachment (never shown in the
 * page: its stored type, nosniff) under its stored name.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; year: string; attachmentId: string }> },
) {
  const raw = await params;
  return handleDownload(async (user) => {
    const taskId = parseId(raw.id);
    const attachmentId = parseId(raw.attachmentId);
    const year = /^\d{4}$/.test(raw.year) ? Number(raw.year) : null;
    if (taskId === null || attachmentId === null || year === null) throw notFound();
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
