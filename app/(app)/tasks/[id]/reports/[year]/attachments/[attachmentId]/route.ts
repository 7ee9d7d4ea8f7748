import { downloadAttachment } from '@/server/attachment-download';

/** Downloading one evidence file of a yearly report (server/attachment-download.ts). */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; year: string; attachmentId: string }> },
) {
  const { id, year, attachmentId } = await params;
  return downloadAttachment(id, year, attachmentId);
}
