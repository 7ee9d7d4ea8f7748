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
 *
 * The executor may recall a submission nobody has acted on yet (back to draft): a report still
 * `submitted`, or one that went straight to `accepted` at its submission (the review skipped) and
 * waits for the goal owner's first look (ReportFacts.awaitingFirstReviewer).
 *
 * A submitted report skips the coordinator's review (straight to `accepted`, for the goal owner)
 * when the executor is the program's coordinator, or when the strategy office turned the review off
 * for the year (ReportPolicy).
 */
export type ReportAction = 'save' | 'submit' | 'accept' | 'return' | 'approve' | 'withdraw' | 'recall';

export const REPORT_ACTIONS: readonly ReportAction[] = [
  'save',
  'submit',
  'accept',
  'return',
  'approve',
  'withdraw',
  'recall',
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

/** The steps of a reporting year, as the strategy office set them when it opened the year. */
export interface ReportPolicy {
  /** A submitted report goes to the program's coordinator before the goal owner. */
  coordinatorReview: boolean;
}

export const DEFAULT_POLICY: ReportPolicy = { coordinatorReview: true };

/** What the report's timeline says, where a rule needs more than its state. */
export interface ReportFacts {
  /**
   * The latest event is the submission itself: nobody has acted on the report since (an `accepted`
   * report may have been accepted by the coordinator, or have skipped the review at submission).
   */
  awaitingFirstReviewer: boolean;
}

export const NO_FACTS: ReportFacts = { awaitingFirstReviewer: false };

/** Why a submitted report went straight to the goal owner (recorded with the submission). */
export type SkippedReview = 'coordinator_is_executor' | 'no_coordinator_review';

export type Decision =
  | { allowed: true; to: ReportStatus; note?: SkippedReview }
  | { allowed: false; reason: 'not_allowed' | 'wrong_state' | 'own_report' };

const EDITABLE: readonly ReportStatus[] = ['draft', 'returned'];

export function decide(
  action: ReportAction,
  status: ReportStatus,
  actor: ReportActor,
  policy: ReportPolicy = DEFAULT_POLICY,
  facts: ReportFacts = NO_FACTS,
): Decision {
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
      // The coordinator cannot review their own report: it goes straight to the goal owner, as
      // every report does in a year without the coordinator's review.
      if (actor.isCoordinator) return { allowed: true, to: 'accepted', note: 'coordinator_is_executor' };
      if (!policy.coordinatorReview) return { allowed: true, to: 'accepted', note: 'no_coordinator_review' };
      return { allowed: true, to: 'submitted' };
    case 'accept':
      // A report submitted before the review was turned off still waits for its coordinator.
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
    case 'recall':
      // Only the executor, only before anyone has acted: a submitted report always waits for its
      // first reviewer; an accepted one only when it skipped the review and nobody has looked yet.
      if (!actor.isExecutor) return refuse('not_allowed');
      if (status === 'submitted' || (status === 'accepted' && facts.awaitingFirstReviewer))
        return { allowed: true, to: 'draft' };
      return refuse('wrong_state');
  }
}

/** Actions that need a comment: a return says what to correct, a withdrawal says why. */
export function needsComment(action: ReportAction): boolean {
  return action === 'return' || action === 'withdraw';
}

/** The actions this actor can take now, for what the screen offers (the server decides again). */
export function availableActions(
  status: ReportStatus,
  actor: ReportActor,
  policy: ReportPolicy = DEFAULT_POLICY,
  facts: ReportFacts = NO_FACTS,
): ReportAction[] {
  return REPORT_ACTIONS.filter((action) => decide(action, status, actor, policy, facts).allowed);
}

/** A report is late when its deadline has passed and it has not been submitted. */
export function isLate(status: ReportStatus, deadline: string, today: Date = new Date()): boolean {
  if (!EDITABLE.includes(status)) return false;
  return deadline < warsawToday(today);
}

/**
 * A timeline event of a recall: the executor's `save` from a submitted (or accepted, review
 * skipped) report back to `draft`. The timeline's action enum has no `recall`, and no other
 * transition leads from those states to `draft`.
 */
export function isRecallEvent(event: {
  action: string;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
}): boolean {
  return (
    event.action === 'save' &&
    event.toStatus === 'draft' &&
    (event.fromStatus === 'submitted' || event.fromStatus === 'accepted')
  );
}

/** The key a timeline event is shown by (messages `reportEvent.*`): its action, or `recall`. */
export function reportEventKey(event: {
  action: string;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
}): string {
  return isRecallEvent(event) ? 'recall' : event.action;
}
