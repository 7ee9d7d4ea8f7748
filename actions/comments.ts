'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { removeAttachment } from '@/lib/discussion/attachments';
import { addComment, editComment, markCommentsRead, removeComment } from '@/lib/discussion/comments';
import { parseArgs, requiredId, threadYearArg } from '@/lib/validation';

/*
 * The discussion of a task card (`year` null) or of a yearly report: post, edit and remove a comment, mark the thread read, remove an
 * attachment (uploads and downloads are route handlers that stream). The data layer checks the
 * session, the user's posts and the record.
 */

export async function addCommentAction(taskId: number, year: number | null, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, threadYearArg], [taskId, year]);
    const { commentId } = await addComment(db, user, id, reportYear, input);
    return { commentId };
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function editCommentAction(taskId: number, year: number | null, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, threadYearArg], [taskId, year]);
    return editComment(db, user, id, reportYear, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function removeCommentAction(taskId: number, year: number | null, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, threadYearArg], [taskId, year]);
    return removeComment(db, user, id, reportYear, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function markCommentsReadAction(taskId: number, year: number | null, input: unknown) {
  return runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, threadYearArg], [taskId, year]);
    return markCommentsRead(db, user, id, reportYear, input);
  });
}

export async function removeAttachmentAction(taskId: number, year: number | null, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, threadYearArg], [taskId, year]);
    return removeAttachment(db, user, id, reportYear, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
