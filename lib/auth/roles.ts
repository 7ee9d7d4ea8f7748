import { postRoles } from '@/db/schema';

/*
 * The roles that have a target, and the one mapping of each to its record: a goal owner's goal, a
 * coordinator's program, an executor's task (the `post_roles` column that holds it, and the audit
 * log's entity).
 */

export type ScopedRoleKind = 'goal_owner' | 'coordinator' | 'executor';

export type ScopedRole =
  | { role: 'goal_owner'; goalId: number }
  | { role: 'coordinator'; programId: number }
  | { role: 'executor'; taskId: number };

export const roleTargets = {
  goal_owner: { entity: 'goal', key: 'goalId' },
  coordinator: { entity: 'program', key: 'programId' },
  executor: { entity: 'task', key: 'taskId' },
} as const satisfies Record<ScopedRoleKind, { entity: string; key: keyof ScopedRole | string }>;

/** A role with its target: `scopedRole('coordinator', 7)` is `{ role: 'coordinator', programId: 7 }`. */
export function scopedRole(role: ScopedRoleKind, targetId: number): ScopedRole {
  return { role, [roleTargets[role].key]: targetId } as ScopedRole;
}

/** The id of a scoped role's target record. */
export function targetIdOf(scope: ScopedRole): number {
  switch (scope.role) {
    case 'goal_owner':
      return scope.goalId;
    case 'coordinator':
      return scope.programId;
    case 'executor':
      return scope.taskId;
  }
}

/** The `post_roles` column that holds a role's target. */
export function targetColumnOf(role: ScopedRoleKind) {
  return postRoles[roleTargets[role].key];
}
