'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { assignExecutor } from '@/lib/strategy/executor';
import { createTask } from '@/lib/strategy/new-task';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { saveWeights } from '@/lib/strategy/weights';
import { parseArgs, requiredId } from '@/lib/validation';

/* A program's tasks: a new task, the tasks' weights, a task's card and its executor. */

export async function createTaskAction(programId: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id] = parseArgs([requiredId], [programId]);
    return createTask(db, user, id, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function saveWeightsAction(programId: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id] = parseArgs([requiredId], [programId]);
    return saveWeights(db, user, id, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function saveTaskCardAction(taskId: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id] = parseArgs([requiredId], [taskId]);
    return saveTaskCard(db, user, id, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

export async function assignExecutorAction(taskId: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id] = parseArgs([requiredId], [taskId]);
    return assignExecutor(db, user, id, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
