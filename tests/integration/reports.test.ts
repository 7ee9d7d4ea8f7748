// Over 400 lines: one workflow told in order on one database — the year is opened first, the whole
// loop runs before the withdrawal and the concurrency cases reuse its report — so its steps stay
// together in one file.
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog, reportEvents, reports } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { decideReport } from '@/lib/reports/decide';
import { getReportView } from '@/lib/reports/view';
import { listInbox } from '@/lib/reports/inbox';
import { openReportingYear } from '@/lib/reports/years';
import { saveReport } from '@/lib/reports/save';
import { getTaskCard } from '@/lib/strategy/task-card';
import { submittedAsPlanned, type WorkflowFixture, snapshot } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

const YEAR = 2012;

async function expectRefused(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a public "${code}" error, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as { code: string; fieldErrors?: Record<string, string[]> };
}

describe.each(testBackends())('yearly report workflow on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};

  const db = () => database.db;
  const user = (name: string) => people[name]!;
  /** The form as the executor's browser sends it. */
  const form = async (taskId: number, overrides: Record<string, unknown> = {}) => {
    const view = await getReportView(db(), user('admin'), taskId, YEAR);
    return {
      intent: 'save',
      version: view.version,
      narrative: 'Przygotowano regulamin inkubatora.',
      stages: view.stages.map((stage) => ({ stageId: stage.stageId, actual: '' })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '',
      })),
      confirmUnplanned: false,
      ...overrides,
    };
  };
  const version = async (taskId: number) => (await getReportView(db(), user('admin'), taskId, YEAR)).version;

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('refuses a report before the year is opened, then the admin opens it', async () => {
    const input = await form(fixture.taskId).catch(() => null);
    expect(input).toBeNull(); // no report view for a year nobody opened
    await expectRefused(
      saveReport(db(), user('executor'), fixture.taskId, YEAR, {
        intent: 'save',
        version: 1,
        narrative: '',
        stages: [],
        indicators: [],
        confirmUnplanned: false,
      }),
      'invalid',
    );
    await openReportingYear(db(), user('admin'), {
      strategyId: fixture.strategyId,
      year: YEAR,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    const view = await getReportView(db(), user('executor'), fixture.taskId, YEAR);
    expect(view).toMatchObject({
      status: 'draft',
      version: 1,
      canEdit: true,
      late: false,
      deadline: '2099-01-31',
    });
    expect(view.stages.map((stage) => stage.planned)).toEqual([30, 20, null]);
  });

  it('every action with no session or a wrong role changes nothing', async () => {
    const saveInput = await form(fixture.taskId, { intent: 'submit', stages: [], indicators: [] });
    const before = await snapshot(db());
    const wrongForReport = [
      null,
      user('otherExecutor'),
      user('otherCoordinator'),
      user('otherGoalOwner'),
      user('admin'),
      user('coordinator'),
      user('goalOwner'),
    ];
    for (const actor of wrongForReport) {
      await expectRefused(
        saveReport(db(), actor, fixture.taskId, YEAR, saveInput),
        actor ? 'forbidden' : 'unauthenticated',
      );
    }
    // Decisions on a draft: the right people get "changed meanwhile" (wrong state), the others "forbidden".
    for (const action of ['accept', 'return', 'approve', 'withdraw'] as const) {
      const decision = { action, version: 1, comment: 'x' };
      for (const actor of [
        null,
        user('otherExecutor'),
        user('otherCoordinator'),
        user('otherGoalOwner'),
        user('admin'),
        user('executor'),
      ]) {
        await expectRefused(
          decideReport(db(), actor, fixture.taskId, YEAR, decision),
          actor ? 'forbidden' : 'unauthenticated',
        );
      }
    }
    for (const actor of [null, user('executor'), user('coordinator'), user('goalOwner')]) {
      await expectRefused(
        openReportingYear(db(), actor, {
          strategyId: fixture.strategyId,
          year: 2013,
          deadline: '2099-01-31',
          coordinatorReview: true,
        }),
        actor ? 'forbidden' : 'unauthenticated',
      );
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('bad input gets a message per field and writes nothing', async () => {
    const before = await snapshot(db());
    const base = await form(fixture.taskId);
    const [first, second, third] = base.stages;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ stages: [{ ...first, actual: '-5' }, second, third] }, 'stages.0.actual', 'negative'],
      [{ stages: [{ ...first, actual: '100,5' }, second, third] }, 'stages.0.actual', 'above100'],
      [{ stages: [{ ...first, actual: 'dużo' }, second, third] }, 'stages.0.actual', 'notANumber'],
      [{ narrative: 'x'.repeat(10_000) }, 'narrative', 'tooLong'],
      [{ stages: [{ stageId: 999999, actual: '1' }] }, 'stages.0.actual', 'unknownRow'],
      [{ stages: [first, second, { ...third, actual: '5' }] }, 'stages.2.actual', 'unplanned'],
      [{ intent: 'submit', narrative: '' }, 'narrative', 'requiredToSubmit'],
    ];
    for (const [override, path, message] of cases) {
      const error = await expectRefused(
        saveReport(db(), user('executor'), fixture.taskId, YEAR, { ...base, ...override }),
        'invalid',
      );
      expect(error.fieldErrors?.[path], JSON.stringify(override).slice(0, 80)).toContain(message);
    }
    await expectRefused(saveReport(db(), user('executor'), fixture.taskId, 2030, base), 'invalid');
    await expectRefused(saveReport(db(), user('executor'), fixture.taskId, 2013, base), 'invalid');
    await expectRefused(saveReport(db(), user('executor'), 999999, YEAR, base), 'not_found');
    // A forged task id: the executor of this task sending it for another task.
    await expectRefused(saveReport(db(), user('executor'), fixture.otherTaskId, YEAR, base), 'forbidden');
    await expectRefused(saveReport(db(), user('executor'), fixture.taskId, YEAR, 'not an object'), 'invalid');
    expect(await snapshot(db())).toEqual(before);
  });

  it('runs the whole loop: save, submit, return with a comment, resubmit, accept, approve', async () => {
    const stagesInput = async (actuals: string[]) =>
      (await form(fixture.taskId)).stages.map((stage, index) => ({ ...stage, actual: actuals[index] ?? '' }));
    const indicatorsInput = async (texts: string[]) =>
      (await form(fixture.taskId)).indicators.map((indicator, index) => ({
        ...indicator,
        actualText: texts[index] ?? '',
      }));

    // Draft with the Polish comma, an indicator value that is not a clean number.
    const saved = await saveReport(
      db(),
      user('executor'),
      fixture.taskId,
      YEAR,
      await form(fixture.taskId, {
        stages: await stagesInput(['27,5', '']),
        indicators: await indicatorsInput(['ok. 12', '']),
      }),
    );
    expect(saved).toEqual({ status: 'draft', version: 2 });
    let view = await getReportView(db(), user('executor'), fixture.taskId, YEAR);
    expect(view.stages[0]!.reported).toBe(27.5);
    expect(view.indicators[0]).toMatchObject({ reportedText: 'ok. 12', reportedNumber: 12 });
    // Nothing official yet: the card still shows no actuals for 2012.
    const cardBefore = await getTaskCard(db(), user('goalOwner'), fixture.taskId);
    expect(cardBefore.progress).toBe(0);

    const submitted = await saveReport(
      db(),
      user('executor'),
      fixture.taskId,
      YEAR,
      await form(fixture.taskId, {
        intent: 'submit',
        version: 2,
        stages: await stagesInput(['27,5', '20']),
        indicators: await indicatorsInput(['ok. 12', 'bd.']),
      }),
    );
    expect(submitted.status).toBe('submitted');
    expect(
      (await listInbox(db(), user('coordinator'))).map((item) => [item.kind, item.taskId]),
    ).toContainEqual(['review', fixture.taskId]);

    await expectRefused(
      decideReport(db(), user('coordinator'), fixture.taskId, YEAR, {
        action: 'return',
        version: 3,
        comment: '  ',
      }),
      'invalid',
    );
    await decideReport(db(), user('coordinator'), fixture.taskId, YEAR, {
      action: 'return',
      version: 3,
      comment: 'Proszę uzupełnić opis etapu 2.',
    });
    view = await getReportView(db(), user('executor'), fixture.taskId, YEAR);
    expect(view.status).toBe('returned');
    expect(view.events.at(-1)).toMatchObject({ action: 'return', comment: 'Proszę uzupełnić opis etapu 2.' });
    expect((await listInbox(db(), user('executor'))).map((item) => item.kind)).toContain('returned');

    await saveReport(
      db(),
      user('executor'),
      fixture.taskId,
      YEAR,
      await form(fixture.taskId, {
        intent: 'submit',
        narrative: 'Przygotowano regulamin; etap 2 uruchomiono w październiku.',
        stages: await stagesInput(['27,5', '20']),
        indicators: await indicatorsInput(['ok. 12', 'bd.']),
      }),
    );
    await decideReport(db(), user('coordinator'), fixture.taskId, YEAR, {
      action: 'accept',
      version: await version(fixture.taskId),
      comment: '',
    });
    // The coordinator cannot approve; the goal owner can.
    await expectRefused(
      decideReport(db(), user('coordinator'), fixture.taskId, YEAR, {
        action: 'approve',
        version: await version(fixture.taskId),
        comment: '',
      }),
      'forbidden',
    );
    view = await getReportView(db(), user('goalOwner'), fixture.taskId, YEAR);
    expect(view).toMatchObject({ status: 'accepted', progressBefore: 0, progressAfter: 47.5 });
    await decideReport(db(), user('goalOwner'), fixture.taskId, YEAR, {
      action: 'approve',
      version: view.version,
      comment: '',
    });

    const card = await getTaskCard(db(), user('goalOwner'), fixture.taskId);
    expect(card.progress).toBe(47.5);
    expect(card.stages[0]!.cells[YEAR]).toMatchObject({ planned: 30, actual: 27.5 });
    expect(card.indicators[0]!.years[YEAR]).toMatchObject({ actualText: 'ok. 12', actualNumber: 12 });
    expect(card.indicators[1]!.years[YEAR]).toMatchObject({ actualText: 'bd.', actualNumber: null });

    view = await getReportView(db(), user('executor'), fixture.taskId, YEAR);
    expect(view.events.map((event) => event.action)).toEqual([
      'save',
      'submit',
      'return',
      'submit',
      'accept',
      'approve',
    ]);
    // Approved data is locked.
    await expectRefused(
      saveReport(db(), user('executor'), fixture.taskId, YEAR, await form(fixture.taskId)),
      'conflict',
    );
  });

  it('a withdrawn approval goes back to the goal owner and the card loses the values', async () => {
    await expectRefused(
      decideReport(db(), user('goalOwner'), fixture.taskId, YEAR, {
        action: 'withdraw',
        version: await version(fixture.taskId),
        comment: '',
      }),
      'invalid',
    );
    await decideReport(db(), user('goalOwner'), fixture.taskId, YEAR, {
      action: 'withdraw',
      version: await version(fixture.taskId),
      comment: 'Błędna wartość wskaźnika.',
    });
    expect((await getReportView(db(), user('goalOwner'), fixture.taskId, YEAR)).status).toBe('accepted');
    const card = await getTaskCard(db(), user('goalOwner'), fixture.taskId);
    expect(card.progress).toBe(0);
    expect(card.indicators[1]!.years[YEAR]?.actualText ?? null).toBeNull();
    await decideReport(db(), user('goalOwner'), fixture.taskId, YEAR, {
      action: 'approve',
      version: await version(fixture.taskId),
      comment: '',
    });
    expect((await getTaskCard(db(), user('goalOwner'), fixture.taskId)).progress).toBe(47.5);
  });

  it('the seed task: its executor also coordinates, so the report goes straight to the goal owner', async () => {
    const taskId = fixture.seedTaskId;
    const view = await getReportView(db(), user('coordinator'), taskId, YEAR);
    expect(view.coordinatorIsExecutor).toBe(true);
    const input = {
      intent: 'submit',
      version: view.version,
      narrative: 'Brak działań w 2012 r.',
      stages: view.stages.map((stage) => ({ stageId: stage.stageId, actual: '' })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '0',
      })),
      confirmUnplanned: false,
    };
    expect((await saveReport(db(), user('coordinator'), taskId, YEAR, input)).status).toBe('accepted');
    const after = await getReportView(db(), user('goalOwner'), taskId, YEAR);
    expect(after.events.at(-1)).toMatchObject({
      action: 'submit',
      toStatus: 'accepted',
      comment: 'coordinator_is_executor',
    });
    expect(after.actions).toEqual(expect.arrayContaining(['approve', 'return']));
    // The coordinator-executor cannot decide on it; the goal owner sees it in their inbox.
    await expectRefused(
      decideReport(db(), user('coordinator'), taskId, YEAR, {
        action: 'approve',
        version: after.version,
        comment: '',
      }),
      'forbidden',
    );
    expect((await listInbox(db(), user('goalOwner'))).map((item) => [item.kind, item.taskId])).toContainEqual(
      ['approve', taskId],
    );
    expect((await listInbox(db(), user('coordinator'))).some((item) => item.taskId === taskId)).toBe(false);
  });

  it('two saves from the same stale version: the second gets a conflict and writes nothing', async () => {
    await openReportingYear(db(), user('admin'), {
      strategyId: fixture.strategyId,
      year: 2013,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    const view = await getReportView(db(), user('executor'), fixture.taskId, 2013);
    const input = {
      intent: 'save',
      version: view.version,
      narrative: 'Pierwszy zapis',
      stages: view.stages.map((stage) => ({ stageId: stage.stageId, actual: '' })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '',
      })),
      confirmUnplanned: false,
    };
    await saveReport(db(), user('executor'), fixture.taskId, 2013, input);
    const before = await snapshot(db());
    await expectRefused(
      saveReport(db(), user('executor'), fixture.taskId, 2013, { ...input, narrative: 'Drugi zapis' }),
      'conflict',
    );
    expect(await snapshot(db())).toEqual(before);
    expect((await getReportView(db(), user('executor'), fixture.taskId, 2013)).narrative).toBe(
      'Pierwszy zapis',
    );
  });

  it('twenty simultaneous approvals of one report: exactly one succeeds', async () => {
    // The other goal's task, through its own people, up to "accepted".
    const taskId = fixture.otherTaskId;
    const view = await getReportView(db(), user('otherExecutor'), taskId, 2013);
    await saveReport(db(), user('otherExecutor'), taskId, 2013, submittedAsPlanned(view, 'Zrobione.'));
    await decideReport(db(), user('otherCoordinator'), taskId, 2013, {
      action: 'accept',
      version: await versionOf(taskId),
      comment: '',
    });
    const expected = await versionOf(taskId);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        decideReport(db(), user('otherGoalOwner'), taskId, 2013, {
          action: 'approve',
          version: expected,
          comment: '',
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as { code: string }).code).toBe('conflict');
    }
    const [report] = await db()
      .select()
      .from(reports)
      .where(and(eq(reports.taskId, taskId), eq(reports.year, 2013)));
    const approvals = await db()
      .select()
      .from(reportEvents)
      .where(and(eq(reportEvents.reportId, report!.id), eq(reportEvents.action, 'approve')));
    expect(approvals).toHaveLength(1);
  });

  it('a year without the coordinator review: submitted reports go straight to the goal owner', async () => {
    // The strategy office changes 2013's steps; the change is audited with before and after.
    await openReportingYear(db(), user('admin'), {
      strategyId: fixture.strategyId,
      year: 2013,
      deadline: '2099-01-31',
      coordinatorReview: false,
    });
    const [change] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'reporting_year'), eq(auditLog.entityId, `${fixture.strategyId}/2013`)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(change).toMatchObject({
      action: 'change',
      before: { deadline: '2099-01-31', coordinatorReview: true },
      after: { deadline: '2099-01-31', coordinatorReview: false },
    });

    const taskId = fixture.taskId;
    const view = await getReportView(db(), user('executor'), taskId, 2013);
    expect(view).toMatchObject({ coordinatorReview: false, coordinatorIsExecutor: false, canEdit: true });
    const saved = await saveReport(
      db(),
      user('executor'),
      taskId,
      2013,
      submittedAsPlanned(view, 'Zrobione bez oceny koordynatora.'),
    );
    expect(saved.status).toBe('accepted');
    const after = await getReportView(db(), user('goalOwner'), taskId, 2013);
    expect(after.events.at(-1)).toMatchObject({
      action: 'submit',
      fromStatus: 'draft',
      toStatus: 'accepted',
      comment: 'no_coordinator_review',
    });
    expect(after.actions).toEqual(expect.arrayContaining(['approve', 'return']));

    // The coordinator has nothing to do with it: nothing in their inbox, and an accept is "changed meanwhile".
    expect((await listInbox(db(), user('coordinator'))).some((item) => item.taskId === taskId)).toBe(false);
    expect((await getReportView(db(), user('coordinator'), taskId, 2013)).actions).toEqual([]);
    await expectRefused(
      decideReport(db(), user('coordinator'), taskId, 2013, {
        action: 'accept',
        version: after.version,
        comment: '',
      }),
      'conflict',
    );
    expect((await listInbox(db(), user('goalOwner'))).map((item) => [item.kind, item.taskId])).toContainEqual(
      ['approve', taskId],
    );
    const approved = await decideReport(db(), user('goalOwner'), taskId, 2013, {
      action: 'approve',
      version: after.version,
      comment: '',
    });
    expect(approved.status).toBe('approved');
  });

  async function versionOf(taskId: number) {
    return (await getReportView(db(), user('admin'), taskId, 2013)).version;
  }
});
