import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { postHolders, postRoles, posts, users } from '@/db/schema';
import { forbidden, unauthenticated } from '@/lib/errors';
import type { CurrentUser } from './sessions';

/*
 * The one map of who may do what. `can` answers for what a screen shows; `assertCan` is the data
 * layer's check, called with the specific record before anything is read or written, and throws
 * `unauthenticated` (no session) or `forbidden`. Deny by default: an action not listed here is
 * refused. The user's roles come from their posts, read from the database for this request.
 *
 * What the workflow lets each role do with a yearly report in each state (submit, return, approve)
 * is the state machine's business (`lib/reports/rules.ts`), fed by the role predicates below.
 */

export type Permission =
  /** Read the whole strategy: every user who currently holds a post (it is the office's shared plan). */
  | { action: 'strategy.read' }
  /** The strategy office: structure, people and posts, reporting years, the audit log. */
  | { action: 'office' }
  /** A program's tasks (cards, plans, weights, executors): its coordinator, its goal's owner, the office. */
  | { action: 'program.manage'; programId: number; goalId: number }
  /** Fill in a task's yearly report: the task's executor. */
  | { action: 'report.fill'; taskId: number }
  /**
   * Decide on a task's yearly report (accept, return, approve, withdraw): its program's coordinator
   * or its goal's owner; which step is whose is the state machine's business (lib/reports/rules.ts).
   */
  | { action: 'report.decide'; programId: number; goalId: number }
  /**
   * Comment on a task's yearly report and attach evidence to it: the people of the report — its
   * executor, the program's coordinator, the goal's owner — and the strategy office. Reading the
   * discussion and downloading its files is reading the report (`strategy.read`).
   */
  | { action: 'report.discuss'; taskId: number; programId: number; goalId: number }
  /** The office's and the coordinators' card import screen. */
  | { action: 'cards.import' }
  /** Add or update a program's tasks from cards: the office, or that program's coordinator. */
  | { action: 'cards.import.program'; programId: number }
  /** Create the program (goal, strategy) an imported card needs: the office only. */
  | { action: 'cards.import.newProgram' }
  /** The dashboard of roll-ups: the office, goal owners and coordinators. */
  | { action: 'dashboard.read' };

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
 * The goals a user owns, the programs they coordinate and the tasks they execute: the scope of
 * their dashboard, their home page and their inbox.
 */
export function ownedScope(user: CurrentUser): {
  goalIds: number[];
  programIds: number[];
  taskIds: number[];
} {
  return {
    goalIds: user.roles.flatMap((grant) =>
      grant.role === 'goal_owner' && grant.goalId ? [grant.goalId] : [],
    ),
    programIds: user.roles.flatMap((grant) =>
      grant.role === 'coordinator' && grant.programId ? [grant.programId] : [],
    ),
    taskIds: user.roles.flatMap((grant) => (grant.role === 'executor' && grant.taskId ? [grant.taskId] : [])),
  };
}

/** Whether the user may do this; false without a session. */
export function can(user: CurrentUser | null, permission: Permission): boolean {
  if (!user) return false;
  switch (permission.action) {
    case 'strategy.read':
      return user.roles.length > 0;
    case 'office':
      return isAdmin(user);
    case 'program.manage':
      return (
        isAdmin(user) || coordinatesProgram(user, permission.programId) || ownsGoal(user, permission.goalId)
      );
    case 'report.fill':
      return executesTask(user, permission.taskId);
    case 'report.decide':
      return coordinatesProgram(user, permission.programId) || ownsGoal(user, permission.goalId);
    case 'report.discuss':
      return (
        isAdmin(user) ||
        executesTask(user, permission.taskId) ||
        coordinatesProgram(user, permission.programId) ||
        ownsGoal(user, permission.goalId)
      );
    case 'cards.import':
      return isAdmin(user) || user.roles.some((grant) => grant.role === 'coordinator');
    case 'cards.import.program':
      return isAdmin(user) || coordinatesProgram(user, permission.programId);
    case 'cards.import.newProgram':
      return isAdmin(user);
    case 'dashboard.read':
      return (
        isAdmin(user) ||
        user.roles.some((grant) => grant.role === 'goal_owner' || grant.role === 'coordinator')
      );
    default:
      return false;
  }
}

/** The data layer's check: the signed-in user who may do this, or `unauthenticated` / `forbidden`. */
export function assertCan(user: CurrentUser | null, permission: Permission): CurrentUser {
  if (!user) throw unauthenticated();
  if (!can(user, permission)) throw forbidden();
  return user;
}

/** Deny by default: no valid session, no access (the data layer's first check). */
export function requireSignedIn(user: CurrentUser | null): CurrentUser {
  if (!user) throw unauthenticated();
  return user;
}

/** Rows of a period table (a post's holder, a post's role) valid at `now`. */
export function currentPeriod(table: typeof postHolders | typeof postRoles, now: Date) {
  return [lte(table.validFrom, now), or(isNull(table.validTo), gt(table.validTo, now))];
}

/**
 * The strategy office's commands: a current administrator, checked from the user's posts and then
 * once more in the given transaction, because the caller object may be older than a deactivation or
 * a post taken away — those must take effect at once, not at the caller's next request.
 */
export async function requireAdmin(tx: Tx, user: CurrentUser | null): Promise<CurrentUser> {
  const admin = assertCan(user, { action: 'office' });
  const now = new Date();
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(postHolders, eq(postHolders.userId, users.id))
    .innerJoin(posts, eq(posts.id, postHolders.postId))
    .innerJoin(postRoles, eq(postRoles.postId, posts.id))
    .where(
      and(
        eq(users.id, admin.id),
        eq(users.isActive, true),
        eq(postRoles.role, 'admin'),
        isNull(posts.archivedAt),
        ...currentPeriod(postHolders, now),
        ...currentPeriod(postRoles, now),
      ),
    )
    .limit(1);
  if (!row) throw forbidden();
  return admin;
}
