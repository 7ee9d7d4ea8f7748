'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/lib/actions/run';
import { createUser, resetPassword, setUserActive, updateUser } from '@/lib/admin/people/users';
import { isDirectoryConfigured } from '@/lib/auth/directory';

/*
 * The strategy office's actions on user accounts. Thin on purpose: the data layer checks the
 * session, the administrator role and the input, and writes the audit row.
 */

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
