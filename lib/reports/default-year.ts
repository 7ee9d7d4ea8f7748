import 'server-only';
import { and, desc, eq, isNull, max } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, reportingYears, reports, tasks } from '@/db/schema';
import { assessmentYear } from '@/lib/progress';

/**
 * The year a screen shows when the user chose none — the dashboard, the strategy page's link to the
 * council report, the office's overview: the year open for reporting (the latest, if several are
 * open), else the latest year with reports, else the last ended year of the span, else its first.
 * One function, so that no screen says "nothing is late" about 2013 while 2012's drafts are late.
 */
export async function defaultReportYear(
  db: Db,
  strategy: { id: number; startYear: number; endYear: number },
  today: Date = new Date(),
): Promise<number> {
  const inSpan = (year: number | null | undefined) =>
    typeof year === 'number' && year >= strategy.startYear && year <= strategy.endYear ? year : null;
  const [open] = await db
    .select({ year: reportingYears.year })
    .from(reportingYears)
    .where(and(eq(reportingYears.strategyId, strategy.id), isNull(reportingYears.closedAt)))
    .orderBy(desc(reportingYears.year))
    .limit(1);
  const openYear = inSpan(open?.year);
  if (openYear !== null) return openYear;
  const [latest] = await db
    .select({ year: max(reports.year) })
    .from(reports)
    .innerJoin(tasks, eq(tasks.id, reports.taskId))
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .where(eq(goals.strategyId, strategy.id));
  return inSpan(latest?.year) ?? assessmentYear(strategy, today) ?? strategy.startYear;
}
