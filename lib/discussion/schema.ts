import { z } from 'zod';
import { requiredId, textField } from '@/lib/validation';

/*
 * The discussion's forms, one schema each, shared by the client's resolver and the server. Messages
 * are keys of `discussion.errors` in the message files.
 */

export const COMMENT_MAX_LENGTH = 5000;
/** How long the author may edit a comment after posting it. */
export const COMMENT_EDIT_MINUTES = 15;

export const commentSchema = z.object({
  body: textField(COMMENT_MAX_LENGTH, { required: true }),
});
export type CommentInput = z.input<typeof commentSchema>;

export const editCommentSchema = commentSchema.extend({ commentId: requiredId });

export const commentRefSchema = z.object({ commentId: requiredId });
export const attachmentRefSchema = z.object({ attachmentId: requiredId });
