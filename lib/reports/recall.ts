import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reportEvents, type ReportStatus } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import {
  actorFor,
  allowedOrThrow,
  factsOf,
  loadReport,
  loadReportingYear,
  moveReport,
  policyOf,
  recordTransition,
  requireExecutor,
} from './report-context';
import { decide } from './rules';
import { recallSchema } from './schema';

/**
 * The executor takes a submitted report back to draft before anyone has acted on it (a slip, a
 * value to correct). One guarded write (the state and version the executor saw, and no event since
 * the submission) in a transaction with its timeline event and audit row.
 *
 * The timeline has no action of its own for it (report_action is a database enum): a recall is
 * the executor's `save` event from a submitted or accepted state back to `draft`, which no other
 * transition writes (rules.ts, isRecallEvent).
 */
export async function recallReport(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  year: number,
  rawInput: unknown,
): Promise<{ status: ReportStatus; version: number }> {
  const { user, context } = await requireExecutor(db, userOrNull, taskId);
  const input = parseInput(recallSchema, rawInput);
  const reportingYear = await loadReportingYear(db, context, year);

  return db.transaction(async (tx) => {
    const report = await loadReport(tx, context, year);
    if (!report) throw notFound();
    const [latest] = await tx
      .select({ id: reportEvents.id, action: reportEvents.action })
      .from(reportEvents)
      .where(eq(reportEvents.reportId, report.id))
      .orderBy(desc(reportEvents.at), desc(reportEvents.id))
      .limit(1);
    const decision = allowedOrThrow(
      decide(
        'recall',
        report.status,
        actorFor(user, context, report.submittedBy),
        policyOf(reportingYear),
        factsOf(latest),
      ),
    );

    // Every decision raises the version: the version the executor saw, still in the state they
    // saw, means nobody has acted since.
    const updated = await moveReport(
      tx,
      { reportId: report.id, from: [report.status], version: input.version },
      { status: decision.to, submittedBy: null, submittedAt: null },
    );

    await recordTransition(tx, {
      actorUserId: user.id,
      reportId: report.id,
      event: { action: 'save', comment: '' },
      from: report.status,
      to: decision.to,
      audit: {
        action: 'recall',
        before: { status: report.status, version: report.version },
        after: { status: decision.to, version: updated.version },
      },
    });
    return updated;
  });
}
