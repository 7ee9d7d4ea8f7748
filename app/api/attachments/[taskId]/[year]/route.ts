import { uploadAttachment } from '@/app/api/attachments/upload';

/** Uploading one evidence file to a yearly report (app/api/attachments/upload.ts). */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ taskId: string; year: string }> },
): Promise<Response> {
  const { taskId, year } = await params;
  return uploadAttachment(request, taskId, year);
}
