'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/lib/actions/run';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { endPostRole, grantPostRole } from '@/lib/admin/people/post-roles';
import { archivePost, createPost, updatePost } from '@/lib/admin/people/posts';

/*
 * The strategy office's actions on posts: the post itself, who holds it, what it answers for.
 * The data layer checks the session, the administrator role, the input and the post's version.
 */

export async function createPostAction(input: unknown) {
  const result = await runCommand((db, user) => createPost(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function updatePostAction(input: unknown) {
  const result = await runCommand((db, user) => updatePost(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function archivePostAction(input: unknown) {
  const result = await runCommand((db, user) => archivePost(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function setPostHolderAction(input: unknown) {
  const result = await runCommand((db, user) => setPostHolder(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function grantPostRoleAction(input: unknown) {
  const result = await runCommand((db, user) => grantPostRole(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function endPostRoleAction(input: unknown) {
  const result = await runCommand((db, user) => endPostRole(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
