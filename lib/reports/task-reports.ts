import { and, eq, inArray, isNull } from 'drizzle-orm';
import { goals, programs, reportingYears, reports, tasks } from '@/db/schema';
import type { Tx } from '@/db/client';

/**
 * Gives tasks their draft report for every year of their strategy that is open for reporting — the
 * one rule for every way a task comes to exist ("Dodaj zadanie", the card import, the seed, the city
 * generator), as opening a year gives one to every task already there. Existing reports are kept
 * (on conflict do nothing). Returns how many reports were added.
 */
export async function addOpenYearReports(tx: Tx, taskIds: readonly number[]): Promise<number> {
  if (taskIds.length === 0) return 0;
  const pairs = await tx
    .select({ taskId: tasks.id, year: reportingYears.year })
    .from(tasks)
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .innerJoin(
      reportingYears,
      and(eq(reportingYears.strategyId, goals.strategyId), isNull(reportingYears.closedAt)),
    )
    .where(and(inArray(tasks.id, [...taskIds]), isNull(tasks.archivedAt)));
  if (pairs.length === 0) return 0;
  const added = await tx.insert(reports).values(pairs).onConflictDoNothing().returning({ id: reports.id });
  return added.length;
}
