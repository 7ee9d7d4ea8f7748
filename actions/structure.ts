'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { saveGoal, saveProgram, saveStrategy } from '@/lib/admin/structure';
import { savePublication } from '@/lib/admin/publication';

export async function saveStrategyAction(input: unknown) {
  const result = await runCommand((db, user) => saveStrategy(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function saveGoalAction(input: unknown) {
  const result = await runCommand((db, user) => saveGoal(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function saveProgramAction(input: unknown) {
  const result = await runCommand((db, user) => saveProgram(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function savePublicationAction(input: unknown) {
  const result = await runCommand((db, user) => savePublication(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
