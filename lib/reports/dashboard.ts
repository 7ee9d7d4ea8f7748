import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, strategies } from '@/db/schema';
import { assertCan, can, ownedScope } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { parseYear } from '@/lib/ids';
import { isYearInSpan } from '@/lib/strategy/span';
import { defaultReportYear } from './default-year';
import { goalInScope, strategySpanColumns } from './report-queries';
import { isLate } from './rules';
import { type IndicatorSeries, listIndicatorSeries } from './indicator-values';
import { type YearlyReport, getYearlyReport } from './yearly';

export type DashboardScope = 'strategy' | 'goals' | 'programs' | 'goalsAndPrograms';

type DashboardGoal = YearlyReport['goals'][number];
type DashboardProgram = DashboardGoal['programs'][number];

export interface Dashboard {
  strategy: { id: number; name: string; startYear: number; endYear: number };
  year: number;
  scope: DashboardScope;
  report: YearlyReport;
  /** The programs shown, each with its goal, in the order of the report. */
  programs: { program: DashboardProgram; goal: DashboardGoal }[];
  /** How many of the programs shown are behind schedule. */
  behindCount: number;
  /** The reports to follow up: the late ones first, then those waiting for a decision. */
  reportsToFollow: {
    task: DashboardProgram['tasks'][number];
    program: DashboardProgram;
    goal: DashboardGoal;
    late: boolean;
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
  const user = assertCan(userOrNull, { action: 'dashboard.read' });
  const admin = can(user, { action: 'office' });
  const { goalIds: ownedGoalIds, programIds: coordinatedIds } = ownedScope(user);

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

  const requested = parseYear(params.year ?? '');
  const year =
    requested !== null && isYearInSpan(strategy, requested)
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
  const tasks = shown.flatMap(({ program, goal }) => program.tasks.map((task) => ({ task, program, goal })));
  // Late (still to be filled in after the deadline) and waiting for a decision exclude each other.
  const late = tasks.filter(
    ({ task }) => task.reportStatus && report.deadline && isLate(task.reportStatus, report.deadline),
  );
  const waiting = tasks.filter(
    ({ task }) => task.reportStatus === 'submitted' || task.reportStatus === 'accepted',
  );
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
    behindCount: shown.filter(({ program }) => program.status === 'behind').length,
    reportsToFollow: [
      ...late.map((entry) => ({ ...entry, late: true })),
      ...waiting.map((entry) => ({ ...entry, late: false })),
    ],
    chosenProgramId: chosen?.program.id ?? null,
    series,
  };
}
