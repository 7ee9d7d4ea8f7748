import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog } from '@/db/schema';
import { warsawToday } from '@/lib/admin/dates';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { decideReport } from '@/lib/reports/decide';
import { getReportView } from '@/lib/reports/view';
import { listInbox } from '@/lib/reports/inbox';
import { openReportingYear } from '@/lib/reports/years';
import { recallReport } from '@/lib/reports/recall';
import { saveReport } from '@/lib/reports/save';
import { getTaskHistory } from '@/lib/strategy/task-history';
import { type WorkflowFixture, snapshot, submittedAsPlanned, latestAudit } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * Issue 19: the executor recalls a submission nobody has acted on; a returned report says why at
 * the top of its form and in the inbox; the task's history lists its reports' steps; a deadline
 * already past needs the office's confirmation.
 */

const YEAR = 2012;

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a refusal, got ${String(error)}`).toBe(true);
  return error as { code: string; fieldErrors?: Record<string, string[]> };
}

describe.each(testBackends())('recall, return comments, task history, past deadlines on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};
  const db = () => database.db;
  const user = (name: string) => people[name]!;
  const view = (taskId: number, who = 'admin') => getReportView(db(), user(who), taskId, YEAR);
  const submit = async (taskId: number, who: string, narrative: string) =>
    saveReport(db(), user(who), taskId, YEAR, submittedAsPlanned(await view(taskId), narrative));

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('refuses a deadline already past unless the office confirms it, and records the confirmation', async () => {
    const yesterday = new Date(`${warsawToday()}T12:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    const past = yesterday.toISOString().slice(0, 10);
    const input = { strategyId: fixture.strategyId, year: YEAR, deadline: past, coordinatorReview: true };
    const before = await snapshot(db());
    const error = await refusal(openReportingYear(db(), user('admin'), input));
    expect(error.code).toBe('invalid');
    expect(error.fieldErrors).toEqual({ deadline: ['deadlinePast'] });
    expect(await snapshot(db())).toEqual(before);

    // Confirmed (a year opened late): taken, and the audit row says it was confirmed.
    await openReportingYear(db(), user('admin'), { ...input, confirmPastDeadline: true });
    const row = await latestAudit(db(), { entity: 'reporting_year' });
    expect(row!.after).toEqual({
      deadline: past,
      coordinatorReview: true,
      reminderDays: 7,
      pastDeadlineConfirmed: true,
    });
    expect((await view(fixture.taskId, 'executor')).late).toBe(true);

    // Today and later need no confirmation.
    await openReportingYear(db(), user('admin'), { ...input, deadline: warsawToday() });
    await openReportingYear(db(), user('admin'), { ...input, deadline: '2099-01-31' });
    expect((await view(fixture.taskId, 'executor')).late).toBe(false);
  });

  it('lets the executor recall a submission before the coordinator acts: back to draft, audited', async () => {
    await submit(fixture.taskId, 'executor', 'Przygotowano regulamin.');
    const submitted = await view(fixture.taskId, 'executor');
    expect(submitted).toMatchObject({ status: 'submitted', canRecall: true, canEdit: false });
    // Nobody else is offered it.
    for (const other of ['coordinator', 'goalOwner', 'admin', 'otherExecutor']) {
      expect((await view(fixture.taskId, other)).canRecall, other).toBe(false);
    }

    // Every wrong person is refused and nothing changes.
    const before = await snapshot(db());
    for (const other of ['coordinator', 'goalOwner', 'admin', 'otherExecutor', 'otherCoordinator']) {
      expect(
        (await refusal(recallReport(db(), user(other), fixture.taskId, YEAR, { version: submitted.version })))
          .code,
        other,
      ).toBe('forbidden');
    }
    expect(
      (await refusal(recallReport(db(), null, fixture.taskId, YEAR, { version: submitted.version }))).code,
    ).toBe('unauthenticated');
    // A stale version (the page was older than the submission) is a conflict.
    expect(
      (
        await refusal(
          recallReport(db(), user('executor'), fixture.taskId, YEAR, { version: submitted.version - 1 }),
        )
      ).code,
    ).toBe('conflict');
    expect(await snapshot(db())).toEqual(before);

    const recalled = await recallReport(db(), user('executor'), fixture.taskId, YEAR, {
      version: submitted.version,
    });
    expect(recalled).toEqual({ status: 'draft', version: submitted.version + 1 });
    const draft = await view(fixture.taskId, 'executor');
    expect(draft).toMatchObject({ status: 'draft', canEdit: true, canRecall: false });
    // The values typed stay in the draft; the timeline and the audit log say who recalled it.
    expect(draft.narrative).toBe('Przygotowano regulamin.');
    expect(draft.events.at(-1)).toMatchObject({
      action: 'save',
      fromStatus: 'submitted',
      toStatus: 'draft',
      actor: 'Piotr Wiśniewski',
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'report'), eq(auditLog.action, 'recall')));
    expect(audit).toMatchObject({
      actorUserId: user('executor').id,
      before: { status: 'submitted', version: submitted.version },
      after: { status: 'draft', version: submitted.version + 1 },
    });
    // Not in the coordinator's inbox any more; back in the executor's.
    expect((await listInbox(db(), user('coordinator'))).some((item) => item.taskId === fixture.taskId)).toBe(
      false,
    );
    expect(
      (await listInbox(db(), user('executor'))).find((item) => item.taskId === fixture.taskId)?.kind,
    ).toBe('fill_in');
    // A second recall of the same page: the report is no longer submitted.
    expect(
      (
        await refusal(
          recallReport(db(), user('executor'), fixture.taskId, YEAR, { version: recalled.version }),
        )
      ).code,
    ).toBe('conflict');
  });

  it('refuses a recall once the coordinator has acted, and changes nothing', async () => {
    await submit(fixture.taskId, 'executor', 'Przygotowano regulamin; etap 2 ruszył.');
    const submitted = await view(fixture.taskId, 'coordinator');
    await decideReport(db(), user('coordinator'), fixture.taskId, YEAR, {
      action: 'accept',
      version: submitted.version,
      comment: '',
    });
    const accepted = await view(fixture.taskId, 'executor');
    expect(accepted).toMatchObject({ status: 'accepted', canRecall: false });
    const before = await snapshot(db());
    expect(
      (
        await refusal(
          recallReport(db(), user('executor'), fixture.taskId, YEAR, { version: accepted.version }),
        )
      ).code,
    ).toBe('conflict');
    expect(await snapshot(db())).toEqual(before);
  });

  it('the seed task skips the review: its executor may recall until the goal owner acts', async () => {
    await submit(fixture.seedTaskId, 'coordinator', 'Bez zmian.');
    const submitted = await view(fixture.seedTaskId, 'coordinator');
    expect(submitted).toMatchObject({ status: 'accepted', canRecall: true });
    await recallReport(db(), user('coordinator'), fixture.seedTaskId, YEAR, { version: submitted.version });
    expect((await view(fixture.seedTaskId, 'coordinator')).status).toBe('draft');

    // Submitted again and returned by the goal owner: someone acted, no recall.
    await submit(fixture.seedTaskId, 'coordinator', 'Bez zmian, drugi raz.');
    const again = await view(fixture.seedTaskId, 'goalOwner');
    await decideReport(db(), user('goalOwner'), fixture.seedTaskId, YEAR, {
      action: 'return',
      version: again.version,
      comment: 'Proszę uzupełnić opis o mierniki.',
    });
    await submit(fixture.seedTaskId, 'coordinator', 'Uzupełniono.');
    const resubmitted = await view(fixture.seedTaskId, 'coordinator');
    expect(resubmitted.canRecall).toBe(true);
    await decideReport(db(), user('goalOwner'), fixture.seedTaskId, YEAR, {
      action: 'approve',
      version: resubmitted.version,
      comment: '',
    });
    const approved = await view(fixture.seedTaskId, 'goalOwner');
    await decideReport(db(), user('goalOwner'), fixture.seedTaskId, YEAR, {
      action: 'withdraw',
      version: approved.version,
      comment: 'Błąd w mierniku.',
    });
    // Accepted again after a withdrawal: the goal owner has acted, so no recall.
    const withdrawn = await view(fixture.seedTaskId, 'coordinator');
    expect(withdrawn).toMatchObject({ status: 'accepted', canRecall: false });
    expect(
      (
        await refusal(
          recallReport(db(), user('coordinator'), fixture.seedTaskId, YEAR, { version: withdrawn.version }),
        )
      ).code,
    ).toBe('conflict');
  });

  it('shows the latest return comment at the top of the form and in the inbox row', async () => {
    const otherYear = { taskId: fixture.otherTaskId };
    await submit(otherYear.taskId, 'otherExecutor', 'Pierwsza wersja.');
    const first = await view(otherYear.taskId);
    await decideReport(db(), user('otherCoordinator'), otherYear.taskId, YEAR, {
      action: 'return',
      version: first.version,
      comment: 'Brakuje opisu etapu 2.',
    });
    await submit(otherYear.taskId, 'otherExecutor', 'Druga wersja.');
    const second = await view(otherYear.taskId);
    // While it waits for the coordinator, the old comment is not shown as the current one.
    expect(second.returnComment).toBeNull();
    await decideReport(db(), user('otherCoordinator'), otherYear.taskId, YEAR, {
      action: 'return',
      version: second.version,
      comment: 'Nadal brakuje wartości miernika.',
    });
    const returned = await view(otherYear.taskId, 'otherExecutor');
    expect(returned.status).toBe('returned');
    expect(returned.returnComment).toMatchObject({
      comment: 'Nadal brakuje wartości miernika.',
      actor: 'Agnieszka Wójcik',
    });
    const row = (await listInbox(db(), user('otherExecutor'))).find(
      (item) => item.taskId === otherYear.taskId && item.year === YEAR,
    );
    expect(row).toMatchObject({ kind: 'returned', returnComment: 'Nadal brakuje wartości miernika.' });
  });

  it("lists the reports' steps in the task's history, newest first, with the reviewers' comments", async () => {
    const { changes } = await getTaskHistory(db(), user('admin'), fixture.otherTaskId);
    const steps = changes.filter((change) => change.kind === 'report');
    expect(steps.map((step) => [step.action, step.year, step.comment])).toEqual([
      ['return', YEAR, 'Nadal brakuje wartości miernika.'],
      ['submit', YEAR, ''],
      ['return', YEAR, 'Brakuje opisu etapu 2.'],
      ['submit', YEAR, ''],
    ]);
    const times = changes.map((change) => change.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // The fixture task: submitted, recalled, submitted, accepted — the recall named as such.
    const fixtureSteps = (await getTaskHistory(db(), user('executor'), fixture.taskId)).changes
      .filter((change) => change.kind === 'report')
      .map((change) => change.action);
    expect(fixtureSteps).toEqual(['accept', 'submit', 'recall', 'submit']);
  });
});
