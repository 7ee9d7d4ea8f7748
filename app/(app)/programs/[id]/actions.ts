'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/lib/actions/run';
import { createTask, saveWeights } from '@/lib/strategy/manage';

export async function createTaskAction(programId: number, input: unknown) {
  const result = await runCommand((db, user) => createTask(db, user, programId, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function saveWeightsAction(programId: number, input: unknown) {
  const result = await runCommand((db, user) => saveWeights(db, user, programId, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
