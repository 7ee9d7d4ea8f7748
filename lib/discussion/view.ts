import 'server-only';
import type { Db } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/sessions';
import { loadDiscussionReport } from './access';
import { type AttachmentView, attachmentLimits, listAttachments } from './attachments';
import { type CommentView, listComments } from './comments';

export interface DiscussionView {
  comments: CommentView[];
  files: AttachmentView[];
  canDiscuss: boolean;
  canAttach: boolean;
  approved: boolean;
  limits: { fileMb: number; taskMb: number };
}

/** What the report screen shows of its discussion (a report not created yet has none). */
export async function getDiscussionView(
  db: Db,
  user: CurrentUser | null,
  taskId: number,
  year: number,
): Promise<DiscussionView> {
  const { canDiscuss, status } = await loadDiscussionReport(db, user, taskId, year, 'read');
  const [comments, attachments] = await Promise.all([
    listComments(db, user, taskId, year),
    listAttachments(db, user, taskId, year),
  ]);
  const limits = attachmentLimits();
  return {
    comments,
    files: attachments.files,
    canDiscuss,
    canAttach: attachments.canAttach,
    approved: status === 'approved',
    limits: { fileMb: limits.fileBytes / 1024 / 1024, taskMb: limits.taskBytes / 1024 / 1024 },
  };
}
