import type { ReportStatus } from '@/db/schema/reporting';
import { warsawToday } from '@/lib/admin/dates';

/**
 * The yearly report's state machine, as a pure function: which action who may take in which state,
 * and where it leads. The data layer asks it before every write and repeats the expected state in
 * the write's WHERE clause.
 *
 * draft/returned --submit--> submitted --accept--> accepted --approve--> approved
 *                                      \--return--> returned <--return--/         |
 *                                     accepted <--------withdraw approval---------/
 */
export type ReportAction = 'save' | 'submit' | 'accept' | 'return' | 'approve' | 'withdraw';

export const REPORT_ACTIONS: readonly ReportAction[] = [
  'save',
  'submit',
  'accept',
  'return',
  'approve',
  'withdraw',
];
export const REPORT_STATUSES: readonly ReportStatus[] = [
  'draft',
  'returned',
  'submitted',
  'accepted',
  'approved',
];

/** What the actor is with respect to this report, read from the database for this request. */
export interface ReportActor {
  isExecutor: boolean;
  isCoordinator: boolean;
  isGoalOwner: boolean;
  /** The actor submitted this report (nobody decides on what they submitted themselves). */
  isSubmitter: boolean;
}

export type Decision =
  | { allowed: true; to: ReportStatus; note?: 'coordinator_is_executor' }
  | { allowed: false; reason: 'not_allowed' | 'wrong_state' | 'own_report' };

const EDITABLE: readonly ReportStatus[] = ['draft', 'returned'];

export function decide(action: ReportAction, status: ReportStatus, actor: ReportActor): Decision {
  const refuse = (reason: 'not_allowed' | 'wrong_state' | 'own_report'): Decision => ({
    allowed: false,
    reason,
  });
  switch (action) {
    case 'save':
      if (!actor.isExecutor) return refuse('not_allowed');
      return EDITABLE.includes(status) ? { allowed: true, to: status } : refuse('wrong_state');
    case 'submit':
      if (!actor.isExecutor) return refuse('not_allowed');
      if (!EDITABLE.includes(status)) return refuse('wrong_state');
      // The coordinator cannot review their own report: it goes straight to the goal owner.
      return actor.isCoordinator
        ? { allowed: true, to: 'accepted', note: 'coordinator_is_executor' }
        : { allowed: true, to: 'submitted' };
    case 'accept':
      if (!actor.isCoordinator) return refuse('not_allowed');
      if (status !== 'submitted') return refuse('wrong_state');
      return actor.isSubmitter ? refuse('own_report') : { allowed: true, to: 'accepted' };
    case 'return':
      if (status === 'submitted') {
        if (!actor.isCoordinator) return refuse('not_allowed');
        return actor.isSubmitter ? refuse('own_report') : { allowed: true, to: 'returned' };
      }
      if (status === 'accepted') {
        if (!actor.isGoalOwner) return refuse('not_allowed');
        return actor.isSubmitter ? refuse('own_report') : { allowed: true, to: 'returned' };
      }
      return actor.isCoordinator || actor.isGoalOwner ? refuse('wrong_state') : refuse('not_allowed');
    case 'approve':
      if (!actor.isGoalOwner) return refuse('not_allowed');
      if (status !== 'accepted') return refuse('wrong_state');
      return actor.isSubmitter ? refuse('own_report') : { allowed: true, to: 'approved' };
    case 'withdraw':
      if (!actor.isGoalOwner) return refuse('not_allowed');
      return status === 'approved' ? { allowed: true, to: 'accepted' } : refuse('wrong_state');
  }
}

/** Actions that need a comment: a return says what to correct, a withdrawal says why. */
export function needsComment(action: ReportAction): boolean {
  return action === 'return' || action === 'withdraw';
}

/** The actions this actor can take now, for what the screen offers (the server decides again). */
export function availableActions(status: ReportStatus, actor: ReportActor): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => decide(action, status, actor).allowed);
}

/** A report is late when its deadline has passed and it has not been submitted. */
export function isLate(status: ReportStatus, deadline: string, today: Date = new Date()): boolean {
  if (!EDITABLE.includes(status)) return false;
  return deadline < warsawToday(today);
}
