import 'server-only';
import type { Db } from '@/db/client';
import type { ReportStatus } from '@/db/schema';
import { assertCan, requireSignedIn } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { type OfficialSnapshot, applyReportValues, readOfficial, restoreOfficial } from './official';
import {
  actorFor,
  allowedOrThrow,
  loadReport,
  loadReportingYear,
  loadTaskContext,
  moveReport,
  policyOf,
  recordTransition,
} from './report-context';
import { decide } from './rules';
import { decisionSchema } from './schema';

/**
 * The coordinator's and the goal owner's decisions on a report: accept, return, approve, withdraw
 * an approval. One guarded write (the state and version the decider saw) in a transaction with the
 * official values an approval sets or a withdrawal restores, the timeline event and the audit row.
 */
export async function decideReport(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
  rawInput: unknown,
): Promise<{ status: ReportStatus; version: number }> {
  const signedIn = requireSignedIn(userOrNull);
  const input = parseInput(decisionSchema, rawInput);
  const context = await loadTaskContext(db, taskId);
  const report = await loadReport(db, context, year);
  if (!report) throw notFound();
  // Deny by default: someone with no say in this report learns nothing more than "not allowed".
  const user = assertCan(signedIn, {
    action: 'report.decide',
    programId: context.programId,
    goalId: context.goalId,
  });
  const actor = actorFor(user, context, report.submittedBy);
  const reportingYear = await loadReportingYear(db, context, year);
  const decision = allowedOrThrow(decide(input.action, report.status, actor, policyOf(reportingYear)));

  return db.transaction(async (tx) => {
    // An approval keeps the official values it replaces (restored if it is withdrawn); a
    // withdrawal restores them and clears the snapshot.
    const replaced = input.action === 'approve' ? await readOfficial(tx, taskId, year) : null;
    const keepsSnapshot = input.action === 'approve' || input.action === 'withdraw';

    // One guarded write: the state and version the decider saw. Of twenty simultaneous approvals
    // exactly one finds the row still 'accepted'.
    const updated = await moveReport(
      tx,
      { reportId: report.id, from: [report.status], version: input.version },
      { status: decision.to, ...(keepsSnapshot ? { officialBefore: replaced } : {}) },
    );

    if (replaced) await applyReportValues(tx, report.id, year, replaced);
    if (input.action === 'withdraw')
      await restoreOfficial(tx, taskId, year, report.officialBefore as OfficialSnapshot | null);

    await recordTransition(tx, {
      actorUserId: user.id,
      reportId: report.id,
      event: {
        action: input.action === 'withdraw' ? 'withdraw_approval' : input.action,
        comment: input.comment,
      },
      from: report.status,
      to: decision.to,
      audit: {
        action: input.action,
        before: { status: report.status, version: report.version },
        after: { status: decision.to, version: updated.version, comment: input.comment },
      },
    });
    return updated;
  });
}
