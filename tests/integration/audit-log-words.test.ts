import { eq } from 'drizzle-orm';
import { createFormatter, createTranslator } from 'next-intl';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import { demoUsers } from '@/scripts/seed/demo';
import { listAuditEntries } from '@/lib/admin/audit-log';
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
import { createUser, resetPassword, setUserActive } from '@/lib/admin/people/users';
import { saveProgram } from '@/lib/admin/structure';
import { createTask } from '@/lib/strategy/new-task';
import { saveTaskCard } from '@/lib/strategy/task-card-save';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { getProgramWeights, saveWeights } from '@/lib/strategy/weights';
import enMessages from '@/messages/en.json';
import plMessages from '@/messages/pl.json';
import { decideReport } from '@/lib/reports/decide';
import { recallReport } from '@/lib/reports/recall';
import { saveReport } from '@/lib/reports/save';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { fixtureLogins, submittedAsPlanned, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { workflowDatabaseForTests } from '../support/workflow-db';

/* The change log in words: every field a change of the whole cycle holds, named in Polish and English, and values shown as words. */

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
  const world = workflowDatabaseForTests(backend);
  const db = world.db;

  beforeAll(async () => {
    // A whole cycle: the people and structure of the office, the card, a report from draft to
    // approval and back: every kind of change the log records.
    const department = await createDepartment(db(), world.admin, {
      name: 'Wydział Audytu',
      abbreviation: 'WA',
    });
    await updateDepartment(db(), world.admin, {
      id: department.id,
      version: 1,
      name: 'Wydział Audytu Wewnętrznego',
      abbreviation: 'WAW',
    });
    const person = await createUser(db(), world.admin, {
      login: 'a.audyt',
      displayName: 'Anna Audyt',
      email: '',
      departmentId: department.id,
      signIn: 'password',
      password: 'haslo-poczatkowe-12',
    });
    const post = await createPost(db(), world.admin, {
      name: 'Audytor Wewnętrzny',
      function: 'Audytor',
      departmentId: department.id,
    });
    let { version } = await setPostHolder(db(), world.admin, {
      postId: post.id,
      version: 1,
      userId: person.id,
      from: '2026-12-04',
    });
    ({ version } = await grantPostRole(db(), world.admin, {
      postId: post.id,
      version,
      role: 'executor',
      targetId: world.fixture.otherTaskId,
    }));
    await resetPassword(db(), world.admin, {
      id: person.id,
      signIn: 'password',
      password: 'bardzo-dlugie-haslo',
      confirmPassword: 'bardzo-dlugie-haslo',
    });
    const [account] = await db()
      .select({ version: users.version })
      .from(users)
      .where(eq(users.id, person.id));
    await setUserActive(db(), world.admin, { id: person.id, version: account!.version, active: false });

    const editor = await getTaskEditor(db(), world.admin, world.fixture.taskId);
    const form = structuredClone(editor.form);
    form.title = `${form.title} (poprawione)`;
    await saveTaskCard(db(), world.admin, world.fixture.taskId, form);
    await createTask(db(), world.admin, world.fixture.programId, {
      number: '9',
      title: 'Nowe zadanie',
      weight: '10',
    });
    const weights = await getProgramWeights(db(), world.admin, world.fixture.programId);
    await saveWeights(db(), world.admin, world.fixture.programId, {
      version: weights.version,
      weights: weights.tasks.map((task) => ({ taskId: task.id, weight: '10' })),
    });
    await saveProgram(db(), world.admin, {
      id: null,
      goalId: world.fixture.goalId,
      version: 1,
      number: '8',
      title: 'Program audytowy',
      coordinatorPostId: post.id,
      archived: false,
    });

    // Opened late: the office confirms a deadline already past (recorded in the audit row).
    await openReportingYear(db(), world.admin, {
      strategyId: world.fixture.strategyId,
      year: 2012,
      deadline: '2013-01-31',
      coordinatorReview: true,
      confirmPastDeadline: true,
    });
    const executor = await userByLogin(db(), fixtureLogins.executor);
    const coordinator = await userByLogin(db(), demoUsers.coordinator.login);
    const goalOwner = await userByLogin(db(), demoUsers.goalOwner.login);
    const view = await getReportView(db(), executor, world.fixture.taskId, 2012);
    await saveReport(db(), executor, world.fixture.taskId, 2012, submittedAsPlanned(view, 'Zrobione.'));
    const version2 = async () => (await getReportView(db(), world.admin, world.fixture.taskId, 2012)).version;
    // Taken back before anyone acted, then submitted again.
    await recallReport(db(), executor, world.fixture.taskId, 2012, { version: await version2() });
    const recalled = await getReportView(db(), executor, world.fixture.taskId, 2012);
    await saveReport(db(), executor, world.fixture.taskId, 2012, submittedAsPlanned(recalled, 'Zrobione.'));
    await decideReport(db(), coordinator, world.fixture.taskId, 2012, {
      action: 'accept',
      version: await version2(),
      comment: '',
    });
    await decideReport(db(), goalOwner, world.fixture.taskId, 2012, {
      action: 'approve',
      version: await version2(),
      comment: '',
    });
    await decideReport(db(), goalOwner, world.fixture.taskId, 2012, {
      action: 'withdraw',
      version: await version2(),
      comment: 'Do poprawy.',
    });
  });

  /** Every entry of the log, page by page. */
  const allEntries = async () => {
    const entries = [];
    let before: number | undefined;
    for (;;) {
      const page = await listAuditEntries(db(), world.admin, before ? { before } : {});
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
