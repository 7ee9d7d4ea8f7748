import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { goals, programs, strategies, tasks } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import type { CardRefusal, PreviewBase } from './types';

/*
 * Where a card goes (its strategy, goal, program and task, matched by strategy name and numbers),
 * and whether this user may put it there.
 */

export interface Located {
  strategyId: number | null;
  goalId: number | null;
  programId: number | null;
  taskId: number | null;
  taskVersion: number | null;
}

/** `lock`: inside the confirm's transaction, the task's row stays locked until it ends. */
export async function locateCard(db: Tx, card: ImportCardInput, lock = false): Promise<Located> {
  const out: Located = { strategyId: null, goalId: null, programId: null, taskId: null, taskVersion: null };
  const [strategy] = await db
    .select({ id: strategies.id })
    .from(strategies)
    .where(and(eq(strategies.name, card.strategyName.trim()), isNull(strategies.archivedAt)))
    .orderBy(asc(strategies.id))
    .limit(1);
  if (!strategy) return out;
  out.strategyId = strategy.id;
  const [goal] = await db
    .select({ id: goals.id })
    .from(goals)
    .where(and(eq(goals.strategyId, strategy.id), eq(goals.number, card.goal.number)));
  if (!goal) return out;
  out.goalId = goal.id;
  const [program] = await db
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.goalId, goal.id), eq(programs.number, card.program.number)));
  if (!program) return out;
  out.programId = program.id;
  const query = db
    .select({ id: tasks.id, version: tasks.version })
    .from(tasks)
    .where(and(eq(tasks.programId, program.id), eq(tasks.number, card.task.number)));
  const [task] = lock ? await query.for('update') : await query;
  out.taskId = task?.id ?? null;
  out.taskVersion = task?.version ?? null;
  return out;
}

export function refusalOf(user: CurrentUser, located: Located): CardRefusal | null {
  // A coordinator adds or updates tasks of their own programs only; creating programs (and goals,
  // strategies) is the strategy office's job.
  if (located.programId === null)
    return can(user, { action: 'cards.import.newProgram' }) ? null : 'newProgram';
  return can(user, { action: 'cards.import.program', programId: located.programId })
    ? null
    : 'notYourProgram';
}

/**
 * Whether the task a card goes to is no longer the one its preview compared it with: edited (in
 * the card editor, by another import), created or removed since.
 */
export function changedSincePreview(located: Located, base: PreviewBase | null): boolean {
  if (base === null) return located.taskId !== null;
  return located.taskId !== base.taskId || located.taskVersion !== base.version;
}
