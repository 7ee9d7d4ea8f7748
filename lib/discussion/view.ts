import 'server-only';
import type { Db } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/sessions';
import { type ThreadYear, loadDiscussion } from './access';
import { type AttachmentView, attachmentLimits, attachmentsOf } from './attachments';
import { type CommentView, commentsOf } from './comments';

export interface DiscussionView {
  comments: CommentView[];
  files: AttachmentView[];
  canDiscuss: boolean;
  canAttach: boolean;
  approved: boolean;
  limits: { fileMb: number; taskMb: number };
}

/**
 * What the task card (`year` null) or the report screen shows of its discussion (a report not
 * created yet has none).
 */
export async function getDiscussionView(
  db: Db,
  user: CurrentUser | null,
  taskId: number,
  year: ThreadYear,
): Promise<DiscussionView> {
  const thread = await loadDiscussion(db, user, taskId, year, 'read');
  const { canDiscuss, status } = thread;
  const [comments, attachments] = await Promise.all([commentsOf(db, thread), attachmentsOf(db, thread)]);
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
