'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { decideReport } from '@/lib/reports/decide';
import { recallReport } from '@/lib/reports/recall';
import { saveReport } from '@/lib/reports/save';
import { parseArgs, requiredId, yearArg } from '@/lib/validation';

/** The executor saves a draft or submits. The data layer checks the session, posts and record. */
export async function saveReportAction(taskId: number, year: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, yearArg], [taskId, year]);
    return saveReport(db, user, id, reportYear, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

/** The coordinator or goal owner accepts, returns, approves or withdraws an approval. */
export async function decideReportAction(taskId: number, year: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, yearArg], [taskId, year]);
    return decideReport(db, user, id, reportYear, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}

/** The executor takes a submitted report back to draft, before anyone has acted on it. */
export async function recallReportAction(taskId: number, year: number, input: unknown) {
  const result = await runCommand(async (db, user) => {
    const [id, reportYear] = parseArgs([requiredId, yearArg], [taskId, year]);
    return recallReport(db, user, id, reportYear, input);
  });
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
