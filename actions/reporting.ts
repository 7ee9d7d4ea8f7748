'use server';

import { revalidatePath } from 'next/cache';
import { runCommand } from '@/actions/run';
import { openReportingYear } from '@/lib/reports/years';

/** The strategy office opens a year for reporting or moves its deadline. */
export async function openReportingYearAction(input: unknown) {
  const result = await runCommand((db, user) => openReportingYear(db, user, input));
  if (result.status === 'success') revalidatePath('/', 'layout');
  return result;
}
