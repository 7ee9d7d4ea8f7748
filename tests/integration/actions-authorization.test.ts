import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import type { CurrentUser } from '@/lib/auth/sessions';
import { previewImport } from '@/lib/cards/preview/preview-import';
import { openReportingYear } from '@/lib/reports/years';
import { saveReport } from '@/lib/reports/save';
import { getReportView } from '@/lib/reports/view';
import { storeAttachment } from '@/lib/discussion/attachments';
import { addComment } from '@/lib/discussion/comments';
import { discussionRows } from '../support/discussion-rows';
import { PDF, streamOf } from '../support/evidence-files';
import { type WorkflowFixture, addWorkflowFixture, fixtureLogins, userByLogin } from '../support/fixtures';
import { actionContext } from '../support/action-context';
import { createMigrated, testBackends } from '../support/test-db';

/*
 * Every exported server action, called as the browser calls it, by everyone who must be refused:
 * each refusal is "unauthenticated" or "forbidden" and changes nothing in the database. The test
 * finds the actions in the code, so an action without a row here fails it.
 *
 * Kept as one file (~400 lines) on purpose: it is one table-driven matrix, a row per action, and
 * the test that every action has a row needs the whole matrix in one place.
 */

const state = actionContext;
vi.mock('@/server/current-user', async () => (await import('../support/action-context')).sessionModule());
vi.mock('@/lib/db', async () => (await import('../support/action-context')).dbModule());
vi.mock('next/cache', async () => (await import('../support/action-context')).cacheModule());

type Actor =
  | 'anonymous'
  | 'executor'
  | 'otherExecutor'
  | 'coordinator'
  | 'otherCoordinator'
  | 'goalOwner'
  | 'otherGoalOwner'
  | 'admin';
const ALL: Actor[] = [
  'anonymous',
  'executor',
  'otherExecutor',
  'coordinator',
  'otherCoordinator',
  'goalOwner',
  'otherGoalOwner',
  'admin',
];
const except = (...allowed: Actor[]) => ALL.filter((actor) => !allowed.includes(actor));

/** Actions that need no authorization, and why. */
const PUBLIC_ACTIONS: Record<string, string> = {
  setLocale:
    'sets only the caller’s own language cookie and, signed in, the language of the caller’s own mails',
  requestPasswordResetAction:
    'the sign-in page’s “forgot password”: no session by design; the same answer for any login, throttled per login (tests/integration/mail.test.ts)',
  setPasswordWithLinkAction:
    'authorized by the one-time link itself: used, expired or altered links are refused (tests/integration/mail.test.ts)',
};

function listActions(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        if (/^['"]use server['"]/m.test(text)) {
          for (const match of text.matchAll(/export (?:async )?function (\w+)/g)) found.push(match[1]!);
        }
      }
    }
  };
  for (const folder of ['actions', 'app', 'server', 'components', 'lib']) {
    walk(path.resolve(import.meta.dirname, '../..', folder));
  }
  return found.sort();
}

/** All rows of every table an action could write. */
async function everything(database: Database) {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(schema)) {
    if (typeof table !== 'object' || table === null || !('getSQL' in (table as object))) continue;
    try {
      const rows = await database.db.select().from(table as typeof schema.users);
      out[name] = rows.map((row) => JSON.stringify(row)).sort();
    } catch {
      // not a table (an enum or a relation)
    }
  }
  return out;
}

type Row = [Actor[], () => Promise<{ status: string; code?: string }>];

describe.each(testBackends())('server actions refuse the wrong people on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  const people: Partial<Record<Actor, CurrentUser | null>> = { anonymous: null };
  let importCards: unknown[] = [];
  /** The executor's comment and evidence file on the fixture's report, which others must not touch. */
  let commentId = 0;
  let attachmentId = 0;
  /** The same on the task card's own thread. */
  let cardCommentId = 0;
  let cardAttachmentId = 0;

  beforeAll(async () => {
    database = await createMigrated(backend);
    state.database = database;
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);
    const logins: Record<Exclude<Actor, 'anonymous'>, string> = {
      executor: fixtureLogins.executor,
      otherExecutor: fixtureLogins.otherExecutor,
      otherCoordinator: fixtureLogins.otherCoordinator,
      otherGoalOwner: fixtureLogins.otherGoalOwner,
      coordinator: demoUsers.coordinator.login,
      goalOwner: demoUsers.goalOwner.login,
      admin: demoUsers.admin.login,
    };
    for (const [actor, login] of Object.entries(logins))
      people[actor as Actor] = await userByLogin(database.db, login);
    // A submitted report of the fixture task, so that decisions are refused for who, not for when.
    await openReportingYear(database.db, people.admin!, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    const view = await getReportView(database.db, people.executor!, fixture.taskId, 2012);
    await saveReport(database.db, people.executor!, fixture.taskId, 2012, {
      intent: 'submit',
      version: view.version,
      narrative: 'Zrobione.',
      stages: view.stages.map((stage) => ({ stageId: stage.stageId, actual: stage.planned ? '1' : '' })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '1',
      })),
      confirmUnplanned: false,
    });
    ({ commentId } = await addComment(database.db, people.executor!, fixture.taskId, 2012, { body: 'Moje' }));
    ({ attachmentId } = await storeAttachment(database.db, people.executor!, fixture.taskId, 2012, {
      name: 'protokół.pdf',
      declaredBytes: PDF.length,
      body: streamOf(PDF),
    }));
    ({ commentId: cardCommentId } = await addComment(database.db, people.executor!, fixture.taskId, null, {
      body: 'Moje o zadaniu',
    }));
    ({ attachmentId: cardAttachmentId } = await storeAttachment(
      database.db,
      people.executor!,
      fixture.taskId,
      null,
      { name: 'umowa.pdf', declaredBytes: PDF.length, body: streamOf(PDF) },
    ));
    // A real card as the import screen's preview hands it to the browser.
    const preview = await previewImport(database.db, people.admin!, {
      text: fs.readFileSync(
        path.resolve(import.meta.dirname, '../../scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
        'utf8',
      ),
    });
    importCards = preview.cards.map((entry) => entry.card);
  });
  afterAll(async () => {
    state.database = null;
    await database?.close();
  });

  /** action name → [who must be refused, how to call it]. */
  const matrix = (): Record<string, Row> => {
    const program = fixture.programId;
    const task = fixture.taskId;
    const manage = except('coordinator', 'goalOwner', 'admin');
    const adminOnly = except('admin');
    return {
      createTaskAction: [
        manage,
        async () =>
          (await import('@/actions/tasks')).createTaskAction(program, {
            number: '42',
            title: 'Nowe',
            weight: '10',
          }),
      ],
      saveWeightsAction: [
        manage,
        async () =>
          (await import('@/actions/tasks')).saveWeightsAction(program, {
            version: 1,
            weights: [{ taskId: task, weight: '1' }],
          }),
      ],
      saveTaskCardAction: [
        manage,
        async () => (await import('@/actions/tasks')).saveTaskCardAction(task, { title: 'X' }),
      ],
      assignExecutorAction: [
        manage,
        async () =>
          (await import('@/actions/tasks')).assignExecutorAction(task, {
            postId: null,
            currentPostId: null,
          }),
      ],
      saveReportAction: [
        except('executor'),
        async () =>
          (await import('@/actions/reports')).saveReportAction(task, 2012, {
            intent: 'save',
            version: 1,
            narrative: 'Podmiana',
            stages: [],
            indicators: [],
            confirmUnplanned: false,
          }),
      ],
      decideReportAction: [
        except('coordinator'),
        async () =>
          (await import('@/actions/reports')).decideReportAction(task, 2012, {
            action: 'accept',
            version: 3,
            comment: '',
          }),
      ],
      recallReportAction: [
        except('executor'),
        async () =>
          (await import('@/actions/reports')).recallReportAction(task, 2012, {
            version: 3,
          }),
      ],
      // The discussion's actions, on the report's thread and on the task card's own (year null).
      ...discussionRows<Actor>(except, task, 2012, '', commentId, attachmentId),
      ...discussionRows<Actor>(except, task, null, ' (task card)', cardCommentId, cardAttachmentId),
      openReportingYearAction: [
        adminOnly,
        async () =>
          (await import('@/actions/reporting')).openReportingYearAction({
            strategyId: fixture.strategyId,
            year: 2013,
            deadline: '2099-01-31',
            coordinatorReview: true,
          }),
      ],
      saveStrategyAction: [
        adminOnly,
        async () =>
          (await import('@/actions/structure')).saveStrategyAction({
            id: null,
            version: 1,
            name: 'Nowa',
            cityName: 'X',
            startYear: '2020',
            endYear: '2030',
          }),
      ],
      savePublicationAction: [
        adminOnly,
        async () =>
          (await import('@/actions/structure')).savePublicationAction({
            id: fixture.strategyId,
            version: 1,
            published: true,
            publishedFrom: '2026-01-15',
            publishNarratives: true,
          }),
      ],
      saveGoalAction: [
        adminOnly,
        async () =>
          (await import('@/actions/structure')).saveGoalAction({
            id: null,
            strategyId: fixture.strategyId,
            version: 1,
            number: '9',
            title: 'Cel',
            ownerPostId: null,
            archived: false,
          }),
      ],
      saveProgramAction: [
        adminOnly,
        async () =>
          (await import('@/actions/structure')).saveProgramAction({
            id: null,
            goalId: fixture.goalId,
            version: 1,
            number: '9',
            title: 'P',
            coordinatorPostId: null,
            archived: false,
          }),
      ],
      createUserAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).createUserAction({
            login: 'nowy',
            displayName: 'Nowy',
            email: '',
            departmentId: null,
            signIn: 'password',
            password: 'bardzo-dlugie-haslo-123',
          }),
      ],
      updateUserAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).updateUserAction({
            id: people.executor!.id,
            version: 1,
            displayName: 'Zmieniony',
            email: '',
            departmentId: null,
          }),
      ],
      setUserActiveAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).setUserActiveAction({
            id: people.executor!.id,
            version: 1,
            active: false,
          }),
      ],
      resetPasswordAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).resetPasswordAction({
            id: people.executor!.id,
            signIn: 'password',
            password: 'bardzo-dlugie-haslo-123',
            confirm: 'bardzo-dlugie-haslo-123',
          }),
      ],
      createPostAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).createPostAction({
            name: 'Nowe stanowisko',
            function: 'X',
            departmentId: null,
          }),
      ],
      updatePostAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).updatePostAction({
            id: 1,
            version: 1,
            name: 'Zmienione',
            function: 'X',
            departmentId: null,
          }),
      ],
      archivePostAction: [
        adminOnly,
        async () => (await import('@/actions/people')).archivePostAction({ id: 1, version: 1 }),
      ],
      setPostHolderAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).setPostHolderAction({
            postId: 1,
            version: 1,
            userId: null,
            from: '2030-01-01',
          }),
      ],
      grantPostRoleAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).grantPostRoleAction({
            postId: 1,
            version: 1,
            role: 'admin',
          }),
      ],
      endPostRoleAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).endPostRoleAction({
            postId: 1,
            version: 1,
            roleId: 1,
          }),
      ],
      createDepartmentAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).createDepartmentAction({
            name: 'Nowy',
            abbreviation: 'N',
          }),
      ],
      updateDepartmentAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).updateDepartmentAction({
            id: 1,
            version: 1,
            name: 'Zmieniony',
            abbreviation: 'Z',
          }),
      ],
      // Only admins and coordinators import; a coordinator importing into another program gets a
      // per-card refusal (tests/integration/import-screen.test.ts).
      confirmImportAction: [
        ['anonymous', 'executor', 'otherExecutor', 'goalOwner', 'otherGoalOwner'],
        async () => (await import('@/actions/import')).confirmImportAction({ cards: importCards }),
      ],
      archiveDepartmentAction: [
        adminOnly,
        async () =>
          (await import('@/actions/people')).archiveDepartmentAction({
            id: 1,
            version: 1,
          }),
      ],
      resendMailAction: [adminOnly, async () => (await import('@/actions/mail')).resendMailAction({ id: 1 })],
      saveMailSettingsAction: [
        adminOnly,
        async () => (await import('@/actions/mail')).saveMailSettingsAction({ digestHour: 9, version: 1 }),
      ],
      // Everyone signed in sets their own; there is no way to name another person.
      saveNotificationPreferencesAction: [
        ['anonymous'],
        async () =>
          (await import('@/actions/mail')).saveNotificationPreferencesAction({
            year_opened: 'off',
            reminder_before: 'off',
            reminder_after: 'off',
            report_submitted: 'digest',
            report_returned: 'off',
            report_approved: 'off',
            report_withdrawn: 'off',
            task_assigned: 'off',
            mention: 'off',
          }),
      ],
    };
  };

  it('has a row for every server action in the code', () => {
    const known = new Set([...Object.keys(matrix()), ...Object.keys(PUBLIC_ACTIONS), ...EXTRA_ROWS]);
    const actions = listActions();
    // The walk finds the actions at all (they moved once, from app/ to actions/).
    expect(actions).toContain('saveReportAction');
    expect(actions.filter((action) => !known.has(action))).toEqual([]);
  });

  it('refuses every wrong caller of every action, and nothing changes', async () => {
    const before = await everything(database);
    let refusals = 0;
    for (const [action, [refused, call]] of Object.entries(matrix())) {
      for (const actor of refused) {
        state.user = people[actor] ?? null;
        const result = await call();
        expect(result.status, `${action} by ${actor}`).toBe('error');
        expect(result.code, `${action} by ${actor}`).toBe(
          actor === 'anonymous' ? 'unauthenticated' : 'forbidden',
        );
        refusals++;
      }
    }
    state.user = null;
    expect(refusals).toBeGreaterThan(100);
    expect(await everything(database)).toEqual(before);
  });
});

/** Actions whose rows live in another file. */
const EXTRA_ROWS: string[] = [];
