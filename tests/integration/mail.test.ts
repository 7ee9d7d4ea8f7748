import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Db, openPostgres } from '@/db/client';
import { mailOutbox, notificationPreferences, postHolders, postRoles, reports, users } from '@/db/schema';
import { warsawToday } from '@/lib/admin/dates';
import { createUser, updateUser } from '@/lib/admin/people/users';
import { checkPasswordLink, requestPasswordReset, setPasswordWithLink } from '@/lib/auth/password-links';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { sendDailyDigests } from '@/lib/mail/digest';
import { getOutgoingMail, resendMail } from '@/lib/mail/office';
import { getMyPreferences, saveMyPreferences } from '@/lib/mail/preferences';
import { enqueueNotification } from '@/lib/mail/outbox';
import { addDays, enqueueDueReminders } from '@/lib/mail/reminders';
import { SENDER, sendDueMails } from '@/lib/mail/sender';
import { createSmtpTransport } from '@/lib/mail/transport';
import { decideReport } from '@/lib/reports/decide';
import { saveReport } from '@/lib/reports/save';
import { assignExecutor } from '@/lib/strategy/executor';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { type WorkflowFixture, submittedAsPlanned } from '../support/fixtures';
import { type TestSmtpServer, freePort, startSmtpServer } from '../support/smtp';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * Issue 22: mails written with their events, delivered through a real SMTP server (smtp-server,
 * started here), never lost and never twice.
 */

const YEAR = 2012;
const FAST = { ...SENDER, baseBackoffMs: 20, maxBackoffMs: 100, maxAttempts: 1000 };

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a refusal, got ${String(error)}`).toBe(true);
  return error as { code: string; fieldErrors?: Record<string, string[]> };
}

/** Runs the sender until nothing is queued (or the time is up). */
async function drain(db: Db, transport: ReturnType<typeof createSmtpTransport>, policy = FAST) {
  for (let round = 0; round < 400; round++) {
    await sendDueMails(db, transport, { policy });
    const [{ left } = { left: 0 }] = await db
      .select({ left: sql<number>`count(*)::int` })
      .from(mailOutbox)
      .where(eq(mailOutbox.status, 'queued'));
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('mails still queued');
}

describe.each(testBackends())('e-mail notifications on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let people: Record<string, CurrentUser> = {};
  let smtp: TestSmtpServer;
  let transport: ReturnType<typeof createSmtpTransport>;
  const db = () => database.db;
  const user = (name: string) => people[name]!;
  const setUser = (name: string, values: Partial<typeof users.$inferInsert>) =>
    db()
      .update(users)
      .set(values)
      .where(eq(users.id, user(name).id));
  const outbox = (kind: (typeof mailOutbox.$inferSelect)['kind']) =>
    db().select().from(mailOutbox).where(eq(mailOutbox.kind, kind));

  beforeAll(async () => {
    ({ database, fixture, people } = await openWorkflowDatabase(backend));
    smtp = await startSmtpServer();
    transport = createSmtpTransport(smtp.url, 'Monitor Strategii <strategia@leszno.example>');
    await setUser('executor', { email: 'wg@leszno.example', locale: 'en' });
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.stop();
    await database?.close();
  });

  it('tells each executor of an opened year, and the next in line of each step, in their language with the link', async () => {
    await openReportingYear(db(), user('admin'), {
      strategyId: fixture.strategyId,
      year: YEAR,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    const view = await getReportView(db(), user('executor'), fixture.taskId, YEAR);
    await saveReport(db(), user('executor'), fixture.taskId, YEAR, submittedAsPlanned(view, 'Zrobione.'));
    const submitted = await getReportView(db(), user('coordinator'), fixture.taskId, YEAR);
    await decideReport(db(), user('coordinator'), fixture.taskId, YEAR, {
      action: 'return',
      version: submitted.version,
      comment: 'Uzupełnij mierniki <b>proszę</b>',
    });
    await drain(db(), transport);

    const toExecutor = smtp.received.filter((mail) => mail.to.includes('wg@leszno.example'));
    const opened = toExecutor.find((mail) => mail.subject.startsWith('Reporting for 2012 is open'));
    expect(opened, JSON.stringify(toExecutor.map((mail) => mail.subject))).toBeDefined();
    expect(opened!.language).toBe('en');
    expect(opened!.text).toContain('2099-01-31');

    const returned = toExecutor.find((mail) => mail.subject.startsWith('Report returned for correction'));
    expect(returned).toBeDefined();
    expect(returned!.text).toContain('Uzupełnij mierniki <b>proszę</b>');
    expect(returned!.text).toContain(`/tasks/${fixture.taskId}/reports/${YEAR}`);
    // The comment is the user's text: escaped in the HTML, never markup.
    expect(returned!.html).toContain('&lt;b&gt;proszę&lt;/b&gt;');

    // The coordinator (Polish, the default) was told the report waits for them.
    const toCoordinator = smtp.received.filter((mail) => mail.to.includes('wpir@example.org'));
    const waiting = toCoordinator.find((mail) =>
      mail.subject.startsWith('Sprawozdanie czeka na Twoją decyzję'),
    );
    expect(waiting).toBeDefined();
    expect(waiting!.language).toBe('pl');
    expect(waiting!.text).toContain(`/tasks/${fixture.taskId}/reports/${YEAR}`);
    // Nobody is told of their own act: the coordinator returned it, and got no "returned" mail.
    expect(toCoordinator.some((mail) => mail.subject.startsWith('Sprawozdanie zwrócone'))).toBe(false);
  });

  it('writes no mail when the event is rolled back, and none for a user who turned the kind off', async () => {
    const before = (await db().select().from(mailOutbox)).length;
    await expect(
      db().transaction(async (tx) => {
        await enqueueNotification(tx, {
          kind: 'mention',
          recipientUserId: user('executor').id,
          params: { author: 'A', item: 'B', excerpt: 'C' },
          path: '/inbox',
        });
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect((await db().select().from(mailOutbox)).length).toBe(before);

    await db()
      .insert(notificationPreferences)
      .values({ userId: user('executor').id, kind: 'mention', mode: 'off' });
    const outcome = await db().transaction((tx) =>
      enqueueNotification(tx, {
        kind: 'mention',
        recipientUserId: user('executor').id,
        params: { author: 'A', item: 'B', excerpt: 'C' },
        path: '/inbox',
      }),
    );
    expect(outcome).toBe('off');
    expect((await db().select().from(mailOutbox)).length).toBe(before);
    await db()
      .delete(notificationPreferences)
      .where(eq(notificationPreferences.userId, user('executor').id));
  });

  it('delivers every mail exactly once when the mail server stops mid-run and comes back', async () => {
    const subjectsBefore = smtp.received.length;
    await db().transaction(async (tx) => {
      for (let index = 0; index < 12; index++) {
        await enqueueNotification(tx, {
          kind: 'mention',
          recipientUserId: user('admin').id,
          params: { author: 'Kierownik', item: `Pozycja ${index}`, excerpt: 'Tekst' },
          path: `/tasks/${index}`,
        });
      }
    });
    // The server goes down after the fourth mail, and comes back a little later.
    let restarted: Promise<void> | null = null;
    const stopAfterFour = () => {
      if (smtp.received.length - subjectsBefore === 4 && !restarted) {
        restarted = (async () => {
          await smtp.stop();
          await new Promise((resolve) => setTimeout(resolve, 300));
          await smtp.start();
        })();
      }
    };
    smtp.onReceived.push(stopAfterFour);
    await drain(db(), transport);
    smtp.onReceived.length = 0;
    await restarted;

    const subjects = smtp.received.slice(subjectsBefore).map((mail) => mail.subject);
    const expected = Array.from({ length: 12 }, (_, index) => `Kierownik wspomina o Tobie: Pozycja ${index}`);
    expect([...subjects].sort()).toEqual([...expected].sort());
    const rows = await outbox('mention');
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    // Some tries failed while the server was down, and the error was recorded meanwhile.
    expect(rows.some((row) => row.attempts > 1)).toBe(true);
  });

  it('lets several senders at once (separate connections on PostgreSQL) send every mail once', async () => {
    const subjectsBefore = smtp.received.length;
    await db().transaction(async (tx) => {
      for (let index = 0; index < 30; index++) {
        await enqueueNotification(tx, {
          kind: 'mention',
          recipientUserId: user('admin').id,
          params: { author: 'Równolegle', item: `Mail ${index}`, excerpt: '' },
          path: '/inbox',
        });
      }
    });
    const url = (database as Database & { url?: string }).url;
    const second = url ? await openPostgres(url, { max: 5 }) : null;
    const otherTransport = createSmtpTransport(smtp.url, 'Monitor Strategii <strategia@leszno.example>');
    try {
      const policy = { ...FAST, batch: 3 };
      await Promise.all([
        drain(db(), transport, policy),
        drain(second?.db ?? db(), otherTransport, policy),
        drain(db(), transport, policy),
      ]);
    } finally {
      otherTransport.close();
      await second?.close();
    }
    const subjects = smtp.received
      .slice(subjectsBefore)
      .map((mail) => mail.subject)
      .sort();
    expect(subjects).toEqual(
      Array.from({ length: 30 }, (_, index) => `Równolegle wspomina o Tobie: Mail ${index}`).sort(),
    );
  });

  it('sends each deadline reminder once, however often and wherever the job runs', async () => {
    const today = warsawToday();
    await openReportingYear(db(), user('admin'), {
      strategyId: fixture.strategyId,
      year: YEAR,
      deadline: addDays(today, 3),
      coordinatorReview: true,
      reminderDays: 7,
    });
    await Promise.all([enqueueDueReminders(db()), enqueueDueReminders(db())]);
    await enqueueDueReminders(db());
    const [report] = await db()
      .select()
      .from(reports)
      .where(and(eq(reports.taskId, fixture.taskId), eq(reports.year, YEAR)));
    expect(report!.status).toBe('returned');
    const before = await outbox('reminder_before');
    const forTask = before.filter((row) => row.dedupeKey?.startsWith(`reminder_before:${report!.id}:`));
    expect(forTask).toHaveLength(1);
    expect(forTask[0]!.toAddress).toBe('wg@leszno.example');

    // The day after the deadline: the late reminder, once.
    const dayAfter = new Date(`${addDays(today, 4)}T10:00:00Z`);
    await enqueueDueReminders(db(), dayAfter);
    await enqueueDueReminders(db(), dayAfter);
    const after = (await outbox('reminder_after')).filter((row) =>
      row.dedupeKey?.startsWith(`reminder_after:${report!.id}:`),
    );
    expect(after).toHaveLength(1);
    await drain(db(), transport);
    const late = smtp.received.filter((mail) => mail.subject.startsWith('Report for 2012 is overdue'));
    expect(late).toHaveLength(1);
  });

  it('collects digest mails into one mail a day at the office hour', async () => {
    await db()
      .insert(notificationPreferences)
      .values({ userId: user('executor').id, kind: 'mention', mode: 'digest' });
    for (const item of ['Jeden', 'Dwa']) {
      const outcome = await db().transaction((tx) =>
        enqueueNotification(tx, {
          kind: 'mention',
          recipientUserId: user('executor').id,
          params: { author: 'Koordynator', item, excerpt: '' },
          path: '/inbox',
        }),
      );
      expect(outcome).toBe('held');
    }
    const tomorrowNoon = new Date(`${addDays(warsawToday(), 1)}T11:00:00Z`);
    const made = await Promise.all([
      sendDailyDigests(db(), tomorrowNoon),
      sendDailyDigests(db(), tomorrowNoon),
    ]);
    expect(made.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await sendDailyDigests(db(), tomorrowNoon)).toBe(0);
    await drain(db(), transport);
    const digests = smtp.received.filter((mail) => mail.subject.startsWith('Daily summary'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('Koordynator mentioned you: Jeden');
    expect(digests[0]!.text).toContain('Koordynator mentioned you: Dwa');
  });

  it('forgot password: the same answer for any login, a one-time link that works once, then refuses', async () => {
    const count = async () => (await outbox('password_reset')).length;
    expect(await requestPasswordReset(db(), { login: 'nobody-here' }, { wait: async () => {} })).toEqual({
      throttled: false,
    });
    expect(await count()).toBe(0);
    expect(await requestPasswordReset(db(), { login: 'WG.Naczelnik' }, { wait: async () => {} })).toEqual({
      throttled: false,
    });
    expect(await count()).toBe(1);
    await drain(db(), transport);
    const mail = smtp.received.find(
      (received) => received.subject === 'Set a new password for Monitor Strategii',
    );
    expect(mail?.to).toEqual(['wg@leszno.example']);
    const token = /\/login\/set-password\?token=([A-Za-z0-9_-]{43})/.exec(mail!.text)?.[1];
    expect(token).toBeDefined();
    // Only the hash is stored.
    expect(JSON.stringify(await db().execute(sql`select * from password_tokens`))).not.toContain(token!);

    expect(await checkPasswordLink(db(), token)).toBe('valid');
    const altered = `${token!.slice(0, -1)}${token!.endsWith('A') ? 'B' : 'A'}`;
    expect(await checkPasswordLink(db(), altered)).toBe('unknown');
    const later = new Date(Date.now() + 2 * 3_600_000);
    expect(await checkPasswordLink(db(), token, later)).toBe('expired');
    const expired = await refusal(
      setPasswordWithLink(
        db(),
        { token, password: 'nowe-haslo-2026!', confirmPassword: 'nowe-haslo-2026!' },
        later,
      ),
    );
    expect(expired.fieldErrors).toEqual({ token: ['token_expired'] });

    const input = { token, password: 'nowe-haslo-2026!', confirmPassword: 'nowe-haslo-2026!' };
    expect(await setPasswordWithLink(db(), input)).toEqual({ login: 'wg.naczelnik' });
    const again = await refusal(setPasswordWithLink(db(), input));
    expect(again.fieldErrors).toEqual({ token: ['token_used'] });
    const wrong = await refusal(setPasswordWithLink(db(), { ...input, token: altered }));
    expect(wrong.fieldErrors).toEqual({ token: ['token_unknown'] });

    // Throttled like sign-in: the eleventh request within the window is refused, for any login.
    let last = { throttled: false };
    for (let index = 0; index < 11; index++)
      last = await requestPasswordReset(db(), { login: 'someone.else' }, { wait: async () => {} });
    expect(last).toEqual({ throttled: true });
  });

  it('sends a new password account its one-time link; refuses an invalid address at the field', async () => {
    const created = await createUser(db(), user('admin'), {
      login: 'nowy.pracownik',
      displayName: 'Nowy Pracownik',
      email: 'nowy@leszno.example',
      departmentId: null,
      signIn: 'password',
      password: 'tymczasowe-haslo-1',
    });
    const [mail] = (await outbox('account_created')).filter((row) => row.recipientUserId === created.id);
    expect(mail?.textBody).toMatch(/\/login\/set-password\?token=[A-Za-z0-9_-]{43}/);

    const [row] = await db().select().from(users).where(eq(users.id, created.id));
    const error = await refusal(
      updateUser(db(), user('admin'), {
        id: created.id,
        version: row!.version,
        displayName: 'Nowy Pracownik',
        email: 'nowy(at)leszno',
        departmentId: null,
      }),
    );
    expect(error.fieldErrors).toEqual({ email: ['invalidEmail'] });
    const [unchanged] = await db().select().from(users).where(eq(users.id, created.id));
    expect(unchanged!.email).toBe('nowy@leszno.example');
  });

  it('keeps the mails when no mail server is configured', async () => {
    await db().transaction((tx) =>
      enqueueNotification(tx, {
        kind: 'mention',
        recipientUserId: user('admin').id,
        params: { author: 'Bez serwera', item: 'X', excerpt: '' },
        path: '/inbox',
      }),
    );
    const round = await sendDueMails(db(), null);
    expect(round.sent).toBe(0);
    const kept = (await outbox('mention')).filter((row) => row.subject.startsWith('Bez serwera'));
    expect(kept.map((row) => row.status)).toEqual(['kept']);
  });

  it('tells the goal owner of an accepted report, and the executor and coordinator of an approval and its withdrawal', async () => {
    const view = await getReportView(db(), user('executor'), fixture.taskId, YEAR);
    await saveReport(db(), user('executor'), fixture.taskId, YEAR, submittedAsPlanned(view, 'Poprawione.'));
    const step = async (who: string, action: string, comment: string) => {
      const current = await getReportView(db(), user(who), fixture.taskId, YEAR);
      await decideReport(db(), user(who), fixture.taskId, YEAR, {
        action,
        version: current.version,
        comment,
      });
    };
    await step('coordinator', 'accept', '');
    await step('goalOwner', 'approve', '');
    await step('goalOwner', 'withdraw', 'Błędny miernik');
    await drain(db(), transport);
    const subjects = (address: string) =>
      smtp.received.filter((mail) => mail.to.includes(address)).map((mail) => mail.subject);
    expect(subjects('sekretarz@example.org')).toContain(
      `Sprawozdanie czeka na Twoją decyzję: ${view.context.taskNumber}. ${view.context.taskTitle} (${YEAR})`,
    );
    expect(subjects('wg@leszno.example')).toEqual(
      expect.arrayContaining([
        `Report approved: ${view.context.taskNumber}. ${view.context.taskTitle} (${YEAR})`,
        `Approval withdrawn: ${view.context.taskNumber}. ${view.context.taskTitle} (${YEAR})`,
      ]),
    );
    expect(subjects('wpir@example.org')).toContain(
      `Sprawozdanie zatwierdzone: ${view.context.taskNumber}. ${view.context.taskTitle} (${YEAR})`,
    );
    const withdrawn = smtp.received.find((mail) => mail.subject.startsWith('Approval withdrawn'));
    expect(withdrawn!.text).toContain('Reason: Błędny miernik');
  });

  it('tells the people of a task’s new executor post', async () => {
    const [holding] = await db()
      .select({ postId: postHolders.postId })
      .from(postHolders)
      .where(eq(postHolders.userId, user('executor').id));
    const [current] = await db()
      .select({ postId: postRoles.postId })
      .from(postRoles)
      .where(and(eq(postRoles.taskId, fixture.seedTaskId), eq(postRoles.role, 'executor')));
    await assignExecutor(db(), user('admin'), fixture.seedTaskId, {
      postId: holding!.postId,
      currentPostId: current?.postId ?? null,
    });
    await drain(db(), transport);
    const assigned = smtp.received.filter(
      (mail) =>
        mail.to.includes('wg@leszno.example') && mail.subject.startsWith('A task was assigned to you'),
    );
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.text).toContain(`/tasks/${fixture.seedTaskId}`);
  });

  it('shows the office a failed mail with its error, sends it again on request, and lists users without an address', async () => {
    const deadPort = await freePort();
    const dead = createSmtpTransport(
      `smtp://127.0.0.1:${deadPort}`,
      'Monitor Strategii <strategia@leszno.example>',
    );
    await db().transaction((tx) =>
      enqueueNotification(tx, {
        kind: 'mention',
        recipientUserId: user('admin').id,
        params: { author: 'Awaria', item: 'Serwer', excerpt: '' },
        path: '/inbox',
      }),
    );
    for (let round = 0; round < 3; round++) {
      await sendDueMails(db(), dead, { policy: { ...FAST, maxAttempts: 2, baseBackoffMs: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    dead.close();
    const failed = await getOutgoingMail(db(), user('admin'), { status: 'failed' });
    const row = failed.rows.find((mail) => mail.subject.startsWith('Awaria'));
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failed.withoutAddress.map((person) => person.login)).toContain('mck.dyrektor');

    await resendMail(db(), user('admin'), { id: row!.id });
    const again = await refusal(resendMail(db(), user('admin'), { id: row!.id }));
    expect(again.code).toBe('conflict');
    await drain(db(), transport);
    expect(smtp.received.filter((mail) => mail.subject.startsWith('Awaria'))).toHaveLength(1);
    expect((await refusal(resendMail(db(), user('executor'), { id: row!.id }))).code).toBe('forbidden');
  });

  it('keeps each user’s own choices, and refuses one that is not a choice', async () => {
    const mine = await getMyPreferences(db(), user('otherExecutor'));
    expect(mine.modes.report_returned).toBe('immediate');
    await saveMyPreferences(db(), user('otherExecutor'), {
      ...mine.modes,
      report_returned: 'off',
      mention: 'digest',
    });
    const saved = await getMyPreferences(db(), user('otherExecutor'));
    expect(saved.modes).toMatchObject({
      report_returned: 'off',
      mention: 'digest',
      year_opened: 'immediate',
    });
    const wrong = await refusal(
      saveMyPreferences(db(), user('otherExecutor'), {
        ...mine.modes,
        password_reset: 'off',
        mention: 'never',
      }),
    );
    expect(wrong.fieldErrors).toEqual({ mention: ['invalid'] });
  });
});
