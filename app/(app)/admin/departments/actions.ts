'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/lib/actions/run';
import { archiveDepartment, createDepartment, updateDepartment } from '@/lib/admin/people/departments';

/* The strategy office's actions on departments; the data layer checks and audits everything. */

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
