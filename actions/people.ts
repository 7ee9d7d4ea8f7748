'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { archiveDepartment, createDepartment, updateDepartment } from '@/lib/admin/people/departments';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { endPostRole, grantPostRole } from '@/lib/admin/people/post-roles';
import { archivePost, createPost, updatePost } from '@/lib/admin/people/posts';
import { createUser, resetPassword, setUserActive, updateUser } from '@/lib/admin/people/users';
import { isDirectoryConfigured } from '@/lib/auth/directory';

/*
 * The strategy office's actions on people: user accounts, departments, posts (the post itself, who
 * holds it, what it answers for). Thin on purpose: the data layer checks the session, the
 * administrator role, the input and the record's version, and writes the audit row.
 */

// User accounts.

export async function createUserAction(input: unknown) {
  const result = await runCommand((db, user) => createUser(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function updateUserAction(input: unknown) {
  const result = await runCommand((db, user) => updateUser(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function setUserActiveAction(input: unknown) {
  const result = await runCommand((db, user) => setUserActive(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function resetPasswordAction(input: unknown) {
  const directoryConfigured = isDirectoryConfigured();
  const result = await runCommand((db, user) => resetPassword(db, user, input, { directoryConfigured }));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

// Departments.

export async function createDepartmentAction(input: unknown) {
  const result = await runCommand((db, user) => createDepartment(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function updateDepartmentAction(input: unknown) {
  const result = await runCommand((db, user) => updateDepartment(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function archiveDepartmentAction(input: unknown) {
  const result = await runCommand((db, user) => archiveDepartment(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

// Posts.

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
