import 'server-only';
import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, strategies } from '@/db/schema';
import { assertCan, can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';
import { assessmentYear } from '@/lib/progress';
import { defaultReportYear } from '@/lib/reports/default-year';
import { type StrategyHeader, loadGoalTree, strategyColumns } from './goal-tree';

/*
 * The strategy's read views: the list of strategies, a strategy's goals, a goal, a program. Each
 * function takes (db, user, id), checks that the user may read the strategy (deny by default:
 * without a current post nobody reads it), then loads the record.
 */

export async function listStrategies(db: Db, user: CurrentUser): Promise<StrategyHeader[]> {
  if (!can(user, { action: 'strategy.read' })) return [];
  return db
    .select(strategyColumns)
    .from(strategies)
    .where(isNull(strategies.archivedAt))
    .orderBy(asc(strategies.startYear), asc(strategies.id));
}

export async function getStrategyView(db: Db, user: CurrentUser | null, strategyId: number) {
  assertCan(user, { action: 'strategy.read' });
  assertId(strategyId);
  const [strategy] = await db.select(strategyColumns).from(strategies).where(eq(strategies.id, strategyId));
  if (!strategy) throw notFound();
  const [goalTree, reportYear] = await Promise.all([
    loadGoalTree(db, { strategyId }, strategy),
    defaultReportYear(db, strategy),
  ]);
  return { strategy, goals: goalTree, asOfYear: assessmentYear(strategy), reportYear };
}

export async function getGoalView(db: Db, user: CurrentUser | null, goalId: number) {
  assertCan(user, { action: 'strategy.read' });
  assertId(goalId);
  const view = await loadGoalView(db, goalId);
  if (!view) throw notFound();
  return view;
}

/** A goal with its programs and tasks (no reader: the signed-in and the public views both call it). */
export async function loadGoalView(db: Db, goalId: number) {
  const [row] = await db
    .select({ strategy: strategyColumns, goalId: goals.id })
    .from(goals)
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(eq(goals.id, goalId));
  if (!row) return null;
  const [goal] = await loadGoalTree(db, { goalIds: [goalId] }, row.strategy);
  if (!goal) return null;
  return { strategy: row.strategy, goal, asOfYear: assessmentYear(row.strategy) };
}

export async function getProgramView(db: Db, user: CurrentUser | null, programId: number) {
  assertCan(user, { action: 'strategy.read' });
  assertId(programId);
  const view = await loadProgramView(db, programId);
  if (!view) throw notFound();
  return view;
}

/** A program with its tasks and its goal (no reader: the signed-in and the public views both call it). */
export async function loadProgramView(db: Db, programId: number) {
  const [row] = await db
    .select({ strategy: strategyColumns, goalId: programs.goalId })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(eq(programs.id, programId));
  if (!row) return null;
  const [goal] = await loadGoalTree(db, { goalIds: [row.goalId] }, row.strategy, {
    goalIds: [],
    programIds: [programId],
    taskIds: [],
  });
  const program = goal?.programs.find((candidate) => candidate.id === programId);
  if (!goal || !program) return null;
  return { strategy: row.strategy, goal, program, asOfYear: assessmentYear(row.strategy) };
}
