import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { strategies } from '@/db/schema';
import { assessmentYear } from '@/lib/progress';

/**
 * The year a screen shows when the user chose none — the dashboard, the strategy page's link to the
 * council report: the year open for reporting (the latest, if several are open), else the latest
 * year with reports, else the last ended year of the span, else its first. One function, so that no
 * screen says "nothing is late" about 2013 while 2012's drafts are late. One statement whatever the
 * data (COALESCE looks for reports only when no year is open), so pages cost the same at any scale.
 */
export async function defaultReportYear(
  db: Db,
  strategy: { id: number; startYear: number; endYear: number },
  today: Date = new Date(),
): Promise<number> {
  const [row] = await db
    .select({
      // Written out with table names: inside a subquery drizzle leaves columns unqualified.
      year: sql<number | string | null>`coalesce(
        (select max(ry.year) from reporting_years ry
          where ry.strategy_id = ${strategy.id} and ry.closed_at is null),
        (select max(r.year) from reports r
          join tasks t on t.id = r.task_id
          join programs p on p.id = t.program_id
          join goals g on g.id = p.goal_id
          where g.strategy_id = ${strategy.id}))`,
    })
    .from(strategies)
    .where(eq(strategies.id, strategy.id));
  const year = row?.year === null || row?.year === undefined ? null : Number(row.year);
  if (year !== null && year >= strategy.startYear && year <= strategy.endYear) return year;
  return assessmentYear(strategy, today) ?? strategy.startYear;
}
