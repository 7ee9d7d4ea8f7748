import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, strategies } from '@/db/schema';
import { isAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { forbidden, unauthenticated } from '@/lib/errors';
import { defaultReportYear } from './default-year';
import { goalInScope, strategySpanColumns } from './report-queries';
import { type IndicatorSeries, listIndicatorSeries } from './indicator-values';
import { type YearlyReport, getYearlyReport } from './yearly';

export type DashboardScope = 'strategy' | 'goals' | 'programs' | 'goalsAndPrograms';

export interface Dashboard {
  strategy: { id: number; name: string; startYear: number; endYear: number };
  year: number;
  scope: DashboardScope;
  report: YearlyReport;
  /** The programs shown, each with its goal, in the order of the report. */
  programs: {
    program: YearlyReport['goals'][number]['programs'][number];
    goal: YearlyReport['goals'][number];
  }[];
  chosenProgramId: number | null;
  series: IndicatorSeries[];
}

/**
 * The dashboard's data: the strategy office sees the whole strategy, a goal owner their goals, a
 * coordinator their programs (both when one person is both). The scope comes from the user's posts
 * as read from the database for this request, never from the address; nobody else gets anything.
 * The year is the one asked for when it lies in the strategy's span, else the default year.
 */
export async function getDashboard(
  db: Db,
  userOrNull: CurrentUser | null,
  params: { year?: string | undefined; program?: string | undefined } = {},
): Promise<Dashboard | null> {
  if (!userOrNull) throw unauthenticated();
  const user = userOrNull;
  const admin = isAdmin(user);
  const ownedGoalIds = user.roles.flatMap((grant) =>
    grant.role === 'goal_owner' && grant.goalId ? [grant.goalId] : [],
  );
  const coordinatedIds = user.roles.flatMap((grant) =>
    grant.role === 'coordinator' && grant.programId ? [grant.programId] : [],
  );
  if (!admin && ownedGoalIds.length === 0 && coordinatedIds.length === 0) throw forbidden();

  // The office: the first active strategy; the others: the strategy of their first goal or program.
  const [strategy] = admin
    ? await db
        .select(strategySpanColumns)
        .from(strategies)
        .where(isNull(strategies.archivedAt))
        .orderBy(asc(strategies.id))
        .limit(1)
    : await db
        .select(strategySpanColumns)
        .from(goals)
        .innerJoin(strategies, eq(strategies.id, goals.strategyId))
        .where(and(isNull(strategies.archivedAt), goalInScope(db, ownedGoalIds, coordinatedIds)))
        .orderBy(asc(strategies.id))
        .limit(1);
  if (!strategy) return null;

  const requested = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : null;
  const year =
    requested !== null && requested >= strategy.startYear && requested <= strategy.endYear
      ? requested
      : await defaultReportYear(db, strategy);
  const report = await getYearlyReport(
    db,
    user,
    strategy.id,
    year,
    admin ? {} : { goalIds: ownedGoalIds, programIds: coordinatedIds },
  );
  const shown = report.goals.flatMap((goal) => goal.programs.map((program) => ({ program, goal })));
  const chosen = shown.find(({ program }) => String(program.id) === params.program) ?? shown[0];
  const series = chosen ? await listIndicatorSeries(db, user, chosen.program.id) : [];
  return {
    strategy,
    year,
    scope: admin
      ? 'strategy'
      : ownedGoalIds.length > 0
        ? coordinatedIds.length > 0
          ? 'goalsAndPrograms'
          : 'goals'
        : 'programs',
    report,
    programs: shown,
    chosenProgramId: chosen?.program.id ?? null,
    series,
  };
}
