import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { goals, programs, strategies, tasks } from '@/db/schema';
import { assertCan, requireSignedIn } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';

/*
 * Where a program or a task sits in the strategy, and who may manage it: the checks every editing
 * function of lib/strategy makes before it reads or writes.
 */

export interface ProgramScope {
  programId: number;
  goalId: number;
  strategyId: number;
  startYear: number;
  endYear: number;
}

async function programScope(db: Tx, programId: number): Promise<ProgramScope> {
  assertId(programId);
  const [row] = await db
    .select({
      programId: programs.id,
      goalId: goals.id,
      strategyId: strategies.id,
      startYear: strategies.startYear,
      endYear: strategies.endYear,
    })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(eq(programs.id, programId));
  if (!row) throw notFound();
  return row;
}

async function taskScope(db: Tx, taskId: number) {
  assertId(taskId);
  const [task] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw notFound();
  return { task, scope: await programScope(db, task.programId) };
}

/**
 * The signed-in user who may manage this program's tasks. Deny by default: only this program's
 * coordinator, its goal's owner or the strategy office.
 */
function assertCanManage(user: CurrentUser, scope: ProgramScope): CurrentUser {
  return assertCan(user, { action: 'program.manage', programId: scope.programId, goalId: scope.goalId });
}

/**
 * The signed-in user and the program they may manage: `unauthenticated`, `notFound` or `forbidden`
 * otherwise, checked in that order.
 */
export async function manageProgram(db: Tx, userOrNull: CurrentUser | null, programId: number) {
  const user = requireSignedIn(userOrNull);
  const scope = await programScope(db, programId);
  return { user: assertCanManage(user, scope), scope };
}

/** The signed-in user and the task they may manage, with its program's scope (as manageProgram). */
export async function manageTask(db: Tx, userOrNull: CurrentUser | null, taskId: number) {
  const user = requireSignedIn(userOrNull);
  const { task, scope } = await taskScope(db, taskId);
  return { user: assertCanManage(user, scope), task, scope };
}
