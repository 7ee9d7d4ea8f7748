import { eq } from 'drizzle-orm';
import { createFormatter, createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { demoUsers } from '@/scripts/seed/demo';
import { AUDIT_PAGE_SIZE, auditChanges, listAuditEntries, parseAuditFilter } from '@/lib/admin/audit-log';
import {
  type AuditTranslator,
  type AuditValueWords,
  auditPathText,
  auditValueWords,
  auditWords,
  fieldKeys,
  leafKey,
} from '@/lib/admin/audit-values';
import { createDepartment, updateDepartment } from '@/lib/admin/people/departments';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { grantPostRole } from '@/lib/admin/people/post-roles';
import { createPost } from '@/lib/admin/people/posts';
import { createUser, resetPassword, setUserActive, updateUser } from '@/lib/admin/people/users';
import { saveProgram } from '@/lib/admin/structure';
import {
  createTask,
  getProgramWeights,
  getTaskEditor,
  saveTaskCard,
  saveWeights,
} from '@/lib/strategy/manage';
import enMessages from '@/messages/en.json';
import plMessages from '@/messages/pl.json';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { decideReport } from '@/lib/reports/decide';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { recallReport } from '@/lib/reports/recall';
import { saveReport } from '@/lib/reports/save';
import { fixtureLogins, submittedAsPlanned, userByLogin, type WorkflowFixture } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

describe('the changes of one audit entry', () => {
  it('lists each changed field by its path, with the value before and after', () => {
    expect(
      auditChanges(
        { name: 'Etap 1', stages: [{ planned: 15 }, { planned: 15 }], cost: null },
        { name: 'Etap 1', stages: [{ planned: 10 }, { planned: 15 }], cost: 'ok. 100 mln zł', extra: 1 },
      ),
    ).toEqual([
      { path: 'stages.0.planned', before: 15, after: 10 },
      { path: 'cost', before: null, after: 'ok. 100 mln zł' },
      { path: 'extra', before: undefined, after: 1 },
    ]);
  });

  it('lists what a creation set, and nothing for a record that did not change', () => {
    expect(auditChanges(null, { login: 'jan', isActive: true })).toEqual([
      { path: 'login', before: undefined, after: 'jan' },
      { path: 'isActive', before: undefined, after: true },
    ]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});

describe('the filter from the page address', () => {
  it('keeps what it can use and drops what was edited by hand into nonsense', () => {
    expect(
      parseAuditFilter({ entity: 'user', actor: '7', from: '2026-01-01', to: '2026-12-31', before: '120' }),
    ).toEqual({ entity: 'user', actor: 7, from: '2026-01-01', to: '2026-12-31', before: 120 });
    expect(
      parseAuditFilter({
        entity: 'passwords',
        actor: '7; drop table users',
        from: '2026-13-45',
        to: ['2026-01-01', '2026-01-02'],
        before: '-1',
      }),
    ).toEqual({});
    expect(parseAuditFilter({ entity: '', actor: '2147483648' })).toEqual({});
  });
});

describe.each(testBackends())('the change log on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let admin: CurrentUser;
  const db = () => database.db;

  beforeAll(async () => {
    const opened = await openWorkflowDatabase(backend);
    ({ database, fixture } = opened);
    admin = opened.people.admin!;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is the strategy office’s only: everyone else is refused', async () => {
    const coordinator = await userByLogin(db(), demoUsers.coordinator.login);
    const goalOwner = await userByLogin(db(), demoUsers.goalOwner.login);
    const executor = await userByLogin(db(), fixtureLogins.executor);
    for (const [user, code] of [
      [null, 'unauthenticated'],
      [coordinator, 'forbidden'],
      [goalOwner, 'forbidden'],
      [executor, 'forbidden'],
      // Roles in the caller object, but no admin post in the database any more.
      [{ ...executor, roles: admin.roles }, 'forbidden'],
    ] as const) {
      const error = await listAuditEntries(db(), user, {}).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isPublicError(error, code), `${user?.login ?? 'nobody'}: ${String(error)}`).toBe(true);
    }
  });

  it('shows each change, newest first: who, what about (named and linked), what, before and after', async () => {
    const created = await createUser(db(), admin, {
      login: 'z.nowak',
      displayName: 'Zofia Nowak',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-poczatkowe-12',
    });
    const [row] = await db().select({ version: users.version }).from(users).where(eq(users.id, created.id));
    await updateUser(db(), admin, {
      id: created.id,
      version: row!.version,
      displayName: 'Zofia Nowak-Kowalska',
      email: 'z.nowak@example.org',
      departmentId: null,
    });
    await openReportingYear(db(), admin, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });

    const { entries, actors } = await listAuditEntries(db(), admin, {});
    expect(entries.slice(0, 3).map((entry) => [entry.entity, entry.action])).toEqual([
      ['reporting_year', 'open'],
      ['user', 'update'],
      ['user', 'create'],
    ]);
    const [opened, updated, create] = entries;
    expect(opened).toMatchObject({
      actor: 'Ewa Zielińska',
      subject: { label: expect.stringContaining('· 2012'), href: '/admin/reporting' },
    });
    expect(opened!.changes).toEqual(
      expect.arrayContaining([
        { path: 'deadline', before: undefined, after: '2099-01-31' },
        { path: 'coordinatorReview', before: undefined, after: true },
      ]),
    );
    expect(updated).toMatchObject({
      actor: 'Ewa Zielińska',
      subject: { label: 'Zofia Nowak-Kowalska', href: `/admin/users/${created.id}` },
    });
    // Only what changed (the department stayed empty), in the order the database keeps the fields.
    expect(updated!.changes).toHaveLength(2);
    expect(updated!.changes).toEqual(
      expect.arrayContaining([
        { path: 'displayName', before: 'Zofia Nowak', after: 'Zofia Nowak-Kowalska' },
        { path: 'email', before: null, after: 'z.nowak@example.org' },
      ]),
    );
    expect(create!.changes.map((change) => change.path)).toContain('login');
    // The password never reached the log, so it cannot show here.
    expect(JSON.stringify(entries)).not.toContain('haslo-poczatkowe');
    expect(actors).toContainEqual({ id: admin.id, name: 'Ewa Zielińska' });

    // One kind of record only (the fixture's task edits).
    const all = await listAuditEntries(db(), admin, { entity: 'task' });
    expect(all.entries.every((entry) => entry.entity === 'task')).toBe(true);
    // A task is named by its place in the strategy, as in the strategy's documents: "I.3.1. Title".
    expect(all.entries[0]!.subject).toEqual({
      label: expect.stringMatching(/^[IVX]+\.\d+\.\d+\. \S/),
      href: expect.stringMatching(/^\/tasks\/\d+$/),
    });
  });

  it('filters by what, who and which days (Warsaw days), and pages without gaps or repeats', async () => {
    const onlyUsers = await listAuditEntries(db(), admin, { entity: 'user' });
    expect(onlyUsers.entries.length).toBeGreaterThan(0);
    expect(onlyUsers.entries.every((entry) => entry.entity === 'user')).toBe(true);
    const byAdmin = await listAuditEntries(db(), admin, { actor: admin.id });
    expect(byAdmin.entries.length).toBeGreaterThan(0);
    expect(byAdmin.entries.every((entry) => entry.actor === 'Ewa Zielińska')).toBe(true);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
    const day = (offset: number) => {
      const [y, m, d] = today.split('-').map(Number);
      return new Date(Date.UTC(y!, m! - 1, d! + offset)).toISOString().slice(0, 10);
    };
    const everything = await listAuditEntries(db(), admin, { entity: 'user' });
    expect((await listAuditEntries(db(), admin, { entity: 'user', from: today, to: today })).entries).toEqual(
      everything.entries,
    );
    expect((await listAuditEntries(db(), admin, { from: day(1) })).entries).toEqual([]);
    expect((await listAuditEntries(db(), admin, { to: day(-1) })).entries).toEqual([]);

    // More than a page of changes: departments created one by one.
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      await createDepartment(db(), admin, { name: `Wydział testowy ${i}`, abbreviation: '' });
    }
    const first = await listAuditEntries(db(), admin, { entity: 'department' });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await listAuditEntries(db(), admin, { entity: 'department', before: first.next! });
    expect(second.next).toBeNull();
    const ids = [...first.entries, ...second.entries].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids.length).toBeGreaterThanOrEqual(AUDIT_PAGE_SIZE + 5);
    expect(first.entries[0]!.subject).toEqual({
      label: `Wydział testowy ${AUDIT_PAGE_SIZE + 4}`,
      href: '/admin/departments',
    });
  });
});

/** The log's words as the page has them, in one language (the same auditWords the page uses). */
function wordsIn(locale: 'pl' | 'en', names: Record<string, string>) {
  const messages = locale === 'pl' ? plMessages : enMessages;
  const t = createTranslator({ locale, messages, namespace: 'admin.audit' });
  const status = createTranslator({ locale, messages, namespace: 'reportStatus' });
  const format = createFormatter({ locale, timeZone: 'Europe/Warsaw' });
  return auditWords(t as unknown as AuditTranslator, status as unknown as AuditTranslator, format, names);
}

/** A value as the page shows it, flattened into one line of text. */
function said(value: AuditValueWords): string {
  if (typeof value === 'string') return value;
  return value.map((item) => `${item.label === null ? '' : `${item.label}: `}${said(item.value)}`).join('; ');
}

describe.each(testBackends())('the change log in words on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let admin: CurrentUser;
  const db = () => database.db;

  beforeAll(async () => {
    const opened = await openWorkflowDatabase(backend);
    ({ database, fixture } = opened);
    admin = opened.people.admin!;

    // A whole cycle: the people and structure of the office, the card, a report from draft to
    // approval and back: every kind of change the log records.
    const department = await createDepartment(db(), admin, {
      name: 'Wydział Audytu',
      abbreviation: 'WA',
    });
    await updateDepartment(db(), admin, {
      id: department.id,
      version: 1,
      name: 'Wydział Audytu Wewnętrznego',
      abbreviation: 'WAW',
    });
    const person = await createUser(db(), admin, {
      login: 'a.audyt',
      displayName: 'Anna Audyt',
      email: '',
      departmentId: department.id,
      signIn: 'password',
      password: 'haslo-poczatkowe-12',
    });
    const post = await createPost(db(), admin, {
      name: 'Audytor Wewnętrzny',
      function: 'Audytor',
      departmentId: department.id,
    });
    let { version } = await setPostHolder(db(), admin, {
      postId: post.id,
      version: 1,
      userId: person.id,
      from: '2026-12-04',
    });
    ({ version } = await grantPostRole(db(), admin, {
      postId: post.id,
      version,
      role: 'executor',
      targetId: fixture.otherTaskId,
    }));
    await resetPassword(db(), admin, {
      id: person.id,
      signIn: 'password',
      password: 'bardzo-dlugie-haslo',
      confirmPassword: 'bardzo-dlugie-haslo',
    });
    const [account] = await db()
      .select({ version: users.version })
      .from(users)
      .where(eq(users.id, person.id));
    await setUserActive(db(), admin, { id: person.id, version: account!.version, active: false });

    const editor = await getTaskEditor(db(), admin, fixture.taskId);
    const form = structuredClone(editor.form);
    form.title = `${form.title} (poprawione)`;
    await saveTaskCard(db(), admin, fixture.taskId, form);
    await createTask(db(), admin, fixture.programId, { number: '9', title: 'Nowe zadanie', weight: '10' });
    const weights = await getProgramWeights(db(), admin, fixture.programId);
    await saveWeights(db(), admin, fixture.programId, {
      version: weights.version,
      weights: weights.tasks.map((task) => ({ taskId: task.id, weight: '10' })),
    });
    await saveProgram(db(), admin, {
      id: null,
      goalId: fixture.goalId,
      version: 1,
      number: '8',
      title: 'Program audytowy',
      coordinatorPostId: post.id,
      archived: false,
    });

    // Opened late: the office confirms a deadline already past (recorded in the audit row).
    await openReportingYear(db(), admin, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2013-01-31',
      coordinatorReview: true,
      confirmPastDeadline: true,
    });
    const executor = await userByLogin(db(), fixtureLogins.executor);
    const coordinator = await userByLogin(db(), demoUsers.coordinator.login);
    const goalOwner = await userByLogin(db(), demoUsers.goalOwner.login);
    const view = await getReportView(db(), executor, fixture.taskId, 2012);
    await saveReport(db(), executor, fixture.taskId, 2012, submittedAsPlanned(view, 'Zrobione.'));
    const version2 = async () => (await getReportView(db(), admin, fixture.taskId, 2012)).version;
    // Taken back before anyone acted, then submitted again.
    await recallReport(db(), executor, fixture.taskId, 2012, { version: await version2() });
    const recalled = await getReportView(db(), executor, fixture.taskId, 2012);
    await saveReport(db(), executor, fixture.taskId, 2012, submittedAsPlanned(recalled, 'Zrobione.'));
    await decideReport(db(), coordinator, fixture.taskId, 2012, {
      action: 'accept',
      version: await version2(),
      comment: '',
    });
    await decideReport(db(), goalOwner, fixture.taskId, 2012, {
      action: 'approve',
      version: await version2(),
      comment: '',
    });
    await decideReport(db(), goalOwner, fixture.taskId, 2012, {
      action: 'withdraw',
      version: await version2(),
      comment: 'Do poprawy.',
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Every entry of the log, page by page. */
  const allEntries = async () => {
    const entries = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAuditEntries(db(), admin, before ? { before } : {});
      entries.push({ page, entries: page.entries });
      if (page.next === null) break;
      before = page.next;
    }
    return entries;
  };

  it('has a name in Polish and in English for every field any change of the cycle holds', async () => {
    const rows = await db()
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog);
    const keys = new Set<string>();
    for (const row of rows) {
      fieldKeys(row.before, keys);
      fieldKeys(row.after, keys);
    }
    // The cycle did reach the report, the card and the people.
    expect([...keys]).toEqual(
      expect.arrayContaining(['status', 'stageValues', 'stageId', 'programId', 'from']),
    );
    for (const locale of ['pl', 'en'] as const) {
      const t = createTranslator({
        locale,
        messages: locale === 'pl' ? plMessages : enMessages,
        namespace: 'admin.audit.fields',
      });
      const missing = [...keys].filter((key) => !t.has(key as 'name')).sort();
      expect(missing, `${locale}: ${missing.join(', ')}`).toEqual([]);
      // And every action the cycle wrote has its words (recall, withdraw, …).
      const actions = createTranslator({
        locale,
        messages: locale === 'pl' ? plMessages : enMessages,
        namespace: 'admin.audit.actions',
      });
      const unnamed = [...new Set(rows.map((row) => row.action))].filter(
        (action) => !actions.has(action as 'create'),
      );
      expect(unnamed, `${locale}: ${unnamed.join(', ')}`).toEqual([]);
    }
  });

  it('shows states, records, dates and nested values as words, not as stored codes and ids', async () => {
    const pages = await allEntries();
    const lines: string[] = [];
    for (const { page, entries } of pages) {
      const words = wordsIn('pl', page.names);
      for (const entry of entries) {
        for (const change of entry.changes) {
          const key = leafKey(change.path);
          const path = auditPathText(change.path, words.field);
          const before =
            change.before === undefined ? '' : `${said(auditValueWords(change.before, key, words))} → `;
          lines.push(
            `${entry.entity}/${entry.action}: ${path}: ${before}${said(auditValueWords(change.after, key, words))}`,
          );
        }
      }
    }
    const text = lines.join('\n');
    // A report's states by their labels.
    expect(text).toContain('report/approve: Stan: Przyjęte – czeka na szefa celu → Zatwierdzone');
    expect(text).not.toMatch(/accepted|approved/);
    // A stage's points: "field: value" with the stage named, not {"actual":…,"stageId":…}.
    expect(text).toContain('report/submit: Wykonanie etapów › 1: Wykonanie: 30; Etap: 1. Przygotowanie');
    expect(text).not.toMatch(/stageId|"actual"/);
    // A program by its name.
    expect(text).toContain(`task/create: Program: I.3. `);
    expect(text).not.toMatch(/programId/);
    // The holder's start as a Polish date, not an ISO instant.
    expect(text).toMatch(/Od: 4 gru 2026/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    // Posts and departments by name.
    expect(text).toContain('program/assign_coordinator: Stanowisko: (puste) → Audytor Wewnętrzny');
    expect(text).toContain('user/create: Wydział: Wydział Audytu Wewnętrznego');
    expect(text).toContain('user/deactivate: Konto aktywne: tak → nie');

    // The same in English, for an English screen.
    const english = wordsIn('en', pages[0]!.page.names);
    expect(auditValueWords('approved', 'status', english)).toBe('Approved');
    expect(auditValueWords('2026-12-03T23:00:00.000Z', 'from', english)).toBe('Dec 4, 2026');
    expect(auditValueWords('2026-12-04T09:30:00.000Z', 'at', english)).toBe('Dec 4, 2026, 10:30 AM');
    expect(english.field('programId')).toBe('Program');
  });
});
