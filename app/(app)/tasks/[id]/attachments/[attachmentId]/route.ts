import { downloadAttachment } from '@/server/attachment-download';

/** Downloading one evidence file of a task card (server/attachment-download.ts). */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string; attachmentId: string }> },
) {
  const { id, attachmentId } = await params;
  return downloadAttachment(id, null, attachmentId);
}
