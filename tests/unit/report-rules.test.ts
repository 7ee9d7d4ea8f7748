import { describe, expect, it } from 'vitest';
import type { ReportStatus } from '@/db/schema/reporting';
import {
  type ReportAction,
  type ReportActor,
  REPORT_ACTIONS,
  REPORT_STATUSES,
  decide,
  isLate,
} from '@/lib/reports/rules';

const nobody: ReportActor = {
  isExecutor: false,
  isCoordinator: false,
  isGoalOwner: false,
  isSubmitter: false,
};
const roles = {
  executor: { ...nobody, isExecutor: true },
  coordinator: { ...nobody, isCoordinator: true },
  goalOwner: { ...nobody, isGoalOwner: true },
  /** An admin, or anyone else, holding none of this task's posts. */
  other: nobody,
  /** The seed's case: one post executes the task and coordinates its program. */
  executorCoordinator: { ...nobody, isExecutor: true, isCoordinator: true },
  /** A coordinator deciding on a report they submitted themselves. */
  coordinatorSubmitter: { ...nobody, isCoordinator: true, isSubmitter: true },
  /** A goal owner deciding on a report they submitted themselves. */
  goalOwnerSubmitter: { ...nobody, isGoalOwner: true, isSubmitter: true },
} satisfies Record<string, ReportActor>;
type Role = keyof typeof roles;

/**
 * The whole table: every (state, action, role). Each entry lists what is allowed and where it
 * leads; every combination not listed must be refused.
 */
const allowed: Partial<
  Record<ReportStatus, Partial<Record<ReportAction, Partial<Record<Role, ReportStatus>>>>>
> = {
  draft: {
    save: { executor: 'draft', executorCoordinator: 'draft' },
    submit: { executor: 'submitted', executorCoordinator: 'accepted' },
  },
  returned: {
    save: { executor: 'returned', executorCoordinator: 'returned' },
    submit: { executor: 'submitted', executorCoordinator: 'accepted' },
  },
  submitted: {
    accept: { coordinator: 'accepted', executorCoordinator: 'accepted' },
    return: { coordinator: 'returned', executorCoordinator: 'returned' },
    // Nobody has acted on a submitted report yet: its executor may take it back.
    recall: { executor: 'draft', executorCoordinator: 'draft' },
  },
  accepted: {
    approve: { goalOwner: 'approved' },
    return: { goalOwner: 'returned' },
  },
  approved: {
    withdraw: { goalOwner: 'accepted', goalOwnerSubmitter: 'accepted' },
  },
};

const cases = REPORT_STATUSES.flatMap((status) =>
  REPORT_ACTIONS.flatMap((action) =>
    (Object.keys(roles) as Role[]).map((role) => ({
      status,
      action,
      role,
      expected: allowed[status]?.[action]?.[role] ?? null,
    })),
  ),
);

describe('report state machine', () => {
  it('covers every combination', () => {
    expect(cases).toHaveLength(5 * 7 * 7);
  });

  it.each(cases)('$action on a $status report by $role → $expected', ({ status, action, role, expected }) => {
    const decision = decide(action, status, roles[role]);
    if (expected === null) {
      expect(decision.allowed).toBe(false);
    } else {
      expect(decision).toMatchObject({ allowed: true, to: expected });
    }
  });

  it('an accepted report is recalled only while the submission is still its latest event', () => {
    const untouched = { awaitingFirstReviewer: true };
    // Submitted straight to the goal owner (the review skipped) and not looked at yet.
    expect(decide('recall', 'accepted', roles.executorCoordinator, undefined, untouched)).toEqual({
      allowed: true,
      to: 'draft',
    });
    expect(decide('recall', 'accepted', roles.executor, { coordinatorReview: false }, untouched)).toEqual({
      allowed: true,
      to: 'draft',
    });
    // Accepted by the coordinator, or after a withdrawn approval: someone acted.
    expect(decide('recall', 'accepted', roles.executorCoordinator)).toEqual({
      allowed: false,
      reason: 'wrong_state',
    });
    // Never anyone but the executor, never after approval or in an editable state.
    for (const role of ['coordinator', 'goalOwner', 'other'] as const) {
      expect(decide('recall', 'accepted', roles[role], undefined, untouched).allowed).toBe(false);
      expect(decide('recall', 'submitted', roles[role], undefined, untouched).allowed).toBe(false);
    }
    for (const status of ['draft', 'returned', 'approved'] as const) {
      expect(decide('recall', status, roles.executor, undefined, untouched).allowed).toBe(false);
    }
  });

  it('says why a self-review is skipped and why self-approval is refused', () => {
    expect(decide('submit', 'draft', roles.executorCoordinator)).toEqual({
      allowed: true,
      to: 'accepted',
      note: 'coordinator_is_executor',
    });
    expect(decide('accept', 'submitted', roles.coordinatorSubmitter)).toEqual({
      allowed: false,
      reason: 'own_report',
    });
    expect(decide('approve', 'accepted', roles.goalOwnerSubmitter)).toEqual({
      allowed: false,
      reason: 'own_report',
    });
  });

  it('a year without the coordinator review: submissions go to the goal owner, earlier ones still wait', () => {
    const noReview = { coordinatorReview: false };
    for (const status of ['draft', 'returned'] as const) {
      expect(decide('submit', status, roles.executor, noReview)).toEqual({
        allowed: true,
        to: 'accepted',
        note: 'no_coordinator_review',
      });
      // The seed's case keeps its own reason.
      expect(decide('submit', status, roles.executorCoordinator, noReview)).toMatchObject({
        note: 'coordinator_is_executor',
      });
    }
    // Submitted while the review was on: the coordinator still decides on it.
    expect(decide('accept', 'submitted', roles.coordinator, noReview)).toEqual({
      allowed: true,
      to: 'accepted',
    });
    expect(decide('return', 'submitted', roles.coordinator, noReview)).toEqual({
      allowed: true,
      to: 'returned',
    });
    // Everything but the submission decides as with the review.
    for (const status of REPORT_STATUSES) {
      for (const action of REPORT_ACTIONS.filter((action) => action !== 'submit')) {
        for (const role of Object.keys(roles) as Role[]) {
          expect(decide(action, status, roles[role], noReview), `${action} ${status} ${role}`).toEqual(
            decide(action, status, roles[role]),
          );
        }
      }
    }
  });

  it('locks approved data: no save, submit or return after approval', () => {
    for (const role of Object.keys(roles) as Role[]) {
      for (const action of ['save', 'submit', 'return', 'accept', 'approve'] as const) {
        expect(decide(action, 'approved', roles[role]).allowed).toBe(false);
      }
    }
  });
});

describe('late reports', () => {
  const today = new Date('2026-11-26T12:00:00Z');
  it('are past the deadline and not submitted', () => {
    expect(isLate('draft', '2026-11-25', today)).toBe(true);
    expect(isLate('returned', '2026-01-31', today)).toBe(true);
    expect(isLate('draft', '2026-11-26', today)).toBe(false);
    expect(isLate('submitted', '2026-01-31', today)).toBe(false);
    expect(isLate('approved', '2026-01-31', today)).toBe(false);
  });
});
