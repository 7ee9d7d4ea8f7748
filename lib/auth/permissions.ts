import { unauthenticated } from '@/lib/errors';
import type { CurrentUser } from './sessions';

/**
 * The one permission map. `can` answers for what a screen shows; data-access functions call
 * `assertCan`-style checks with the specific record before they read or write.
 */
export function isAdmin(user: CurrentUser): boolean {
  return user.roles.some((grant) => grant.role === 'admin');
}

export function ownsGoal(user: CurrentUser, goalId: number): boolean {
  return user.roles.some((grant) => grant.role === 'goal_owner' && grant.goalId === goalId);
}

export function coordinatesProgram(user: CurrentUser, programId: number): boolean {
  return user.roles.some((grant) => grant.role === 'coordinator' && grant.programId === programId);
}

export function executesTask(user: CurrentUser, taskId: number): boolean {
  return user.roles.some((grant) => grant.role === 'executor' && grant.taskId === taskId);
}

/**
 * Reading the strategy: every user who currently holds a post (any role) reads all of it — the
 * strategy is the whole office's shared plan. A user with no post reads nothing (deny by default).
 */
export function canReadStrategy(user: CurrentUser): boolean {
  return user.roles.length > 0;
}

/**
 * Managing a program's tasks (cards, plans, weights, executors): its coordinator, the owner of its
 * goal, and the strategy office (admin).
 */
export function canManageProgram(user: CurrentUser, scope: { programId: number; goalId: number }): boolean {
  return isAdmin(user) || coordinatesProgram(user, scope.programId) || ownsGoal(user, scope.goalId);
}

/** Deny by default: no valid session, no access (the data layer's first check). */
export function requireSignedIn(user: CurrentUser | null): CurrentUser {
  if (!user) throw unauthenticated();
  return user;
}
