import { uploadAttachment } from '@/app/api/attachments/upload';

/** Uploading one evidence file to a task card (app/api/attachments/upload.ts). */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ taskId: string }> },
): Promise<Response> {
  return uploadAttachment(request, (await params).taskId, null);
}
