import 'server-only';
import { eq, inArray, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, strategies, tasks } from '@/db/schema';
import { can, ownedScope, requireSignedIn } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { type StrategyHeader, loadGoalTree, strategyColumns } from './goal-tree';
import { listStrategies } from './views';

/** The home page: what the user owns, coordinates and executes, with progress. */
export async function getHome(db: Db, userOrNull: CurrentUser | null) {
  const user = requireSignedIn(userOrNull);
  const { goalIds, programIds, taskIds } = ownedScope(user);
  const strategyList = await listStrategies(db, user);

  // Every goal that contains something of the user's, loaded as one tree per strategy.
  const scopeRows =
    programIds.length || taskIds.length
      ? await db
          .selectDistinct({ goalId: programs.goalId })
          .from(programs)
          .leftJoin(tasks, eq(tasks.programId, programs.id))
          .where(
            or(
              programIds.length ? inArray(programs.id, programIds) : undefined,
              taskIds.length ? inArray(tasks.id, taskIds) : undefined,
            ),
          )
      : [];
  const allGoalIds = [...new Set([...goalIds, ...scopeRows.map((row) => row.goalId)])];
  const goalStrategy = allGoalIds.length
    ? await db
        .select({ goalId: goals.id, strategy: strategyColumns })
        .from(goals)
        .innerJoin(strategies, eq(strategies.id, goals.strategyId))
        .where(inArray(goals.id, allGoalIds))
    : [];
  const byStrategy = new Map<number, { strategy: StrategyHeader; goalIds: number[] }>();
  for (const row of goalStrategy) {
    const entry = byStrategy.get(row.strategy.id) ?? { strategy: row.strategy, goalIds: [] };
    entry.goalIds.push(row.goalId);
    byStrategy.set(row.strategy.id, entry);
  }
  const trees = (
    await Promise.all(
      [...byStrategy.values()].map(async ({ strategy, goalIds: ids }) =>
        (await loadGoalTree(db, { goalIds: ids }, strategy, { goalIds, programIds, taskIds })).map(
          (goal) => ({ goal, strategy }),
        ),
      ),
    )
  ).flat();

  const ownedGoals = trees.filter(({ goal }) => goalIds.includes(goal.id));
  const coordinated = trees.flatMap(({ goal, strategy }) =>
    goal.programs
      .filter((program) => programIds.includes(program.id))
      .map((program) => ({ program, goal, strategy })),
  );
  const executed = trees.flatMap(({ goal, strategy }) =>
    goal.programs.flatMap((program) =>
      program.tasks
        .filter((task) => taskIds.includes(task.id))
        .map((task) => ({ task, program, goal, strategy })),
    ),
  );
  return {
    strategies: strategyList,
    ownedGoals,
    coordinated,
    executed,
    isAdmin: can(user, { action: 'office' }),
  };
}
