'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/lib/actions/run';
import { assignExecutor, saveTaskCard } from '@/lib/strategy/manage';

export async function saveTaskCardAction(taskId: number, input: unknown) {
  const result = await runCommand((db, user) => saveTaskCard(db, user, taskId, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function assignExecutorAction(taskId: number, input: unknown) {
  const result = await runCommand((db, user) => assignExecutor(db, user, taskId, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
