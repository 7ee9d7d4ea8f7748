import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { goals, programs, strategies, tasks, type RoleKind } from '@/db/schema';
import { type ScopedRole, type ScopedRoleKind, roleTargets, scopedRole } from '@/lib/auth/roles';

/*
 * What a post's role is about: nothing (admin), or a goal, a program or a task, named with the
 * strategy documents' numbering. Shared by the post screens (their roles) and the role commands
 * (what a role may be given for).
 */

/** What a role is about: nothing (admin), a goal, a program or a task, with its numbering. */
export type RoleTarget =
  | { kind: 'admin' }
  | { kind: 'goal_owner'; id: number; goalNumber: number; title: string }
  | { kind: 'coordinator'; id: number; goalNumber: number; programNumber: number; title: string }
  | {
      kind: 'executor';
      id: number;
      goalNumber: number;
      programNumber: number;
      taskNumber: number;
      title: string;
    };

/** Every goal, program and task (archived too), to name the scope of a role in its history. */
export async function loadScopes(db: Tx) {
  const goalRows = await db
    .select({
      id: goals.id,
      strategy: strategies.name,
      goalNumber: goals.number,
      title: goals.title,
      archived: sql<boolean>`(${goals.archivedAt} is not null or ${strategies.archivedAt} is not null)`,
    })
    .from(goals)
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .orderBy(asc(strategies.id), asc(goals.number));
  const programRows = await db
    .select({
      id: programs.id,
      goalId: programs.goalId,
      goalNumber: goals.number,
      programNumber: programs.number,
      title: programs.title,
      archived: sql<boolean>`(${programs.archivedAt} is not null or ${goals.archivedAt} is not null)`,
    })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .orderBy(asc(goals.strategyId), asc(goals.number), asc(programs.number));
  const taskRows = await db
    .select({
      id: tasks.id,
      goalNumber: goals.number,
      programNumber: programs.number,
      taskNumber: tasks.number,
      title: tasks.title,
      archived: sql<boolean>`(${tasks.archivedAt} is not null or ${programs.archivedAt} is not null or ${goals.archivedAt} is not null)`,
    })
    .from(tasks)
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .orderBy(asc(goals.strategyId), asc(goals.number), asc(programs.number), asc(tasks.number));
  return {
    goals: new Map(goalRows.map((row) => [row.id, row])),
    programs: new Map(programRows.map((row) => [row.id, row])),
    tasks: new Map(taskRows.map((row) => [row.id, row])),
  };
}

export type Scopes = Awaited<ReturnType<typeof loadScopes>>;

/** A role row as the screens name it: its kind, and the numbering and title of its goal, program or task. */
export function targetOf(
  scopes: Scopes,
  role: { role: RoleKind; goalId: number | null; programId: number | null; taskId: number | null },
): RoleTarget {
  if (role.role === 'goal_owner' && role.goalId) {
    const goal = scopes.goals.get(role.goalId);
    return {
      kind: 'goal_owner',
      id: role.goalId,
      goalNumber: goal?.goalNumber ?? 0,
      title: goal?.title ?? '',
    };
  }
  if (role.role === 'coordinator' && role.programId) {
    const program = scopes.programs.get(role.programId);
    return {
      kind: 'coordinator',
      id: role.programId,
      goalNumber: program?.goalNumber ?? 0,
      programNumber: program?.programNumber ?? 0,
      title: program?.title ?? '',
    };
  }
  if (role.role === 'executor' && role.taskId) {
    const task = scopes.tasks.get(role.taskId);
    return {
      kind: 'executor',
      id: role.taskId,
      goalNumber: task?.goalNumber ?? 0,
      programNumber: task?.programNumber ?? 0,
      taskNumber: task?.taskNumber ?? 0,
      title: task?.title ?? '',
    };
  }
  return { kind: 'admin' };
}

/** The goal, program or task a scoped role is about, archived or not; undefined if there is none. */
export function scopeRecord(scopes: Scopes, scope: ScopedRole): { archived: boolean } | undefined {
  switch (scope.role) {
    case 'goal_owner':
      return scopes.goals.get(scope.goalId);
    case 'coordinator':
      return scopes.programs.get(scope.programId);
    case 'executor':
      return scopes.tasks.get(scope.taskId);
  }
}

/** A `post_roles` row's scoped role: its kind with the id in the column of that kind. */
export function scopeOf(
  kind: ScopedRoleKind,
  row: { goalId: number | null; programId: number | null; taskId: number | null },
): ScopedRole {
  return scopedRole(kind, row[roleTargets[kind].key]!);
}
