import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { listAuditEntries } from '@/lib/admin/audit-log';
import { listDepartments } from '@/lib/admin/people/departments';
import { listPosts } from '@/lib/admin/people/posts';
import { getUser, listUsers } from '@/lib/admin/people/users';
import { getStructure } from '@/lib/admin/structure';
import { hashPassword } from '@/lib/auth/password';
import { type CurrentUser, loadSessionUser, signInWithPassword } from '@/lib/auth/sessions';
import { previewImport } from '@/lib/cards/preview/preview-import';
import { isPublicError } from '@/lib/errors';
import { getReportView } from '@/lib/reports/view';
import { listInbox } from '@/lib/reports/inbox';
import { listReportingYears, openReportingYear } from '@/lib/reports/years';
import { listTaskReports } from '@/lib/reports/task-report-list';
import type { ReportStatus } from '@/db/schema/reporting';
import { getDashboard } from '@/lib/reports/dashboard';
import { getOfficeOverview, listYearReports } from '@/lib/reports/status-list';
import { listIndicatorSeries, listIndicatorValues } from '@/lib/reports/indicator-values';
import { getYearlyReport } from '@/lib/reports/yearly';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { getTaskHistory } from '@/lib/strategy/task-history';
import { getProgramWeights } from '@/lib/strategy/weights';
import { getGoalView, getProgramView, getStrategyView } from '@/lib/strategy/views';
import { getHome } from '@/lib/strategy/home';
import { getTaskCard } from '@/lib/strategy/task-card';
import { getOutgoingMail } from '@/lib/mail/office';
import { getMyPreferences } from '@/lib/mail/preferences';
import { openAttachment, storeAttachment } from '@/lib/discussion/attachments';
import { listUnreadComments } from '@/lib/discussion/unread';
import { getDiscussionView } from '@/lib/discussion/view';
import { PDF, streamOf } from '../support/evidence-files';
import { recordFigures } from '../support/figures';
import { type WorkflowFixture, addWorkflowFixture, fixtureLogins, userByLogin } from '../support/fixtures';
import { actionContext } from '../support/action-context';
import { createMigrated, testBackends } from '../support/test-db';

/*
 * The authorization matrix: every protected page's loader and every report action × every kind
 * of caller (anonymous, deactivated, no post, executor of this / another task, coordinator of this /
 * another program, goal owner of this / another goal, admin) × every report state. Deny by default:
 * anything not marked allowed must be refused, and a refusal changes nothing.
 */

const state = actionContext;
vi.mock('@/server/current-user', async () => (await import('../support/action-context')).sessionModule());
vi.mock('@/lib/db', async () => (await import('../support/action-context')).dbModule());
vi.mock('next/cache', async () => (await import('../support/action-context')).cacheModule());

const ACTORS = [
  'anonymous',
  'deactivated',
  'noPost',
  'executor',
  'otherExecutor',
  'coordinator',
  'otherCoordinator',
  'goalOwner',
  'otherGoalOwner',
  'admin',
] as const;
type Actor = (typeof ACTORS)[number];
const READERS: Actor[] = [
  'executor',
  'otherExecutor',
  'coordinator',
  'otherCoordinator',
  'goalOwner',
  'otherGoalOwner',
  'admin',
];
const MANAGERS: Actor[] = ['coordinator', 'goalOwner', 'admin'];
/** The report's people and the office: who comments on a report and attaches its evidence. */
const DISCUSSANTS: Actor[] = ['executor', 'coordinator', 'goalOwner', 'admin'];
/** Whoever coordinates a program, owns a goal or is the strategy office. */
const MANAGERS_ANYWHERE: Actor[] = [
  'coordinator',
  'otherCoordinator',
  'goalOwner',
  'otherGoalOwner',
  'admin',
];

async function rowsOf(database: Database) {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries({
    reports: schema.reports,
    reportEvents: schema.reportEvents,
    reportStageValues: schema.reportStageValues,
    reportIndicatorValues: schema.reportIndicatorValues,
    stageYears: schema.stageYears,
    indicatorYears: schema.indicatorYears,
    auditLog: schema.auditLog,
    mailOutbox: schema.mailOutbox,
    comments: schema.comments,
    commentMentions: schema.commentMentions,
    commentReads: schema.commentReads,
    attachments: schema.attachments,
    attachmentChunks: schema.attachmentChunks,
  })) {
    out[name] = (await database.db.select().from(table)).map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

describe.each(testBackends())('authorization matrix on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  const actors: Partial<Record<Actor, CurrentUser | null>> = { anonymous: null };
  const counts = { pageCells: 0, pageRefusals: 0, actionCells: 0, actionRefusals: 0, allowed: 0 };

  beforeAll(async () => {
    database = await createMigrated(backend);
    state.database = database;
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);
    for (const [actor, login] of Object.entries({
      executor: fixtureLogins.executor,
      otherExecutor: fixtureLogins.otherExecutor,
      otherCoordinator: fixtureLogins.otherCoordinator,
      otherGoalOwner: fixtureLogins.otherGoalOwner,
      coordinator: demoUsers.coordinator.login,
      goalOwner: demoUsers.goalOwner.login,
      admin: demoUsers.admin.login,
    })) {
      actors[actor as Actor] = await userByLogin(database.db, login);
    }
    // Someone with an account and no post, and someone deactivated while signed in.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await database.db.insert(schema.users).values([
      { login: 'bez.stanowiska', displayName: 'Bez Stanowiska', passwordHash },
      { login: 'byly.pracownik', displayName: 'Były Pracownik', passwordHash },
    ]);
    actors.noPost = await userByLogin(database.db, 'bez.stanowiska');
    const session = await signInWithPassword(
      database.db,
      { login: 'byly.pracownik', password: DEMO_PASSWORD },
      { idleMinutes: 60, maxHours: 10 },
    );
    await database.db
      .update(schema.users)
      .set({ isActive: false })
      .where(eq(schema.users.login, 'byly.pracownik'));
    actors.deactivated = await loadSessionUser(database.db, session!.sessionId, {
      idleMinutes: 60,
      maxHours: 10,
    });
    expect(actors.deactivated).toBeNull();
    await openReportingYear(database.db, actors.admin!, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
  });
  afterAll(async () => {
    recordFigures(
      `authorization-${backend.name}`,
      `Authorization matrix (${backend.name === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
      [
        `- Callers: ${ACTORS.join(', ')}.`,
        `- Page loaders: ${counts.pageCells} cells, ${counts.pageRefusals} refusals (each "unauthenticated" or "forbidden").`,
        `- Report actions × report states: ${counts.actionCells} cells, ${counts.actionRefusals} refusals, each checked to change no row; ${counts.allowed} allowed transitions performed.`,
        '- Every server action found in the code is also called by every caller it must refuse in tests/integration/actions-authorization.test.ts (run by `npm test`).',
      ],
    );
    state.database = null;
    await database?.close();
  });

  it('refuses every protected page to everyone not allowed to see it', async () => {
    const db = () => database.db;
    const evidence = await storeAttachment(db(), actors.executor!, fixture.taskId, 2012, {
      name: 'protokół.pdf',
      declaredBytes: PDF.length,
      body: streamOf(PDF),
    });
    const cardEvidence = await storeAttachment(db(), actors.coordinator!, fixture.taskId, null, {
      name: 'umowa.pdf',
      declaredBytes: PDF.length,
      body: streamOf(PDF),
    });
    const pages: [string, Actor[], (user: CurrentUser | null) => Promise<unknown>][] = [
      ['home', [...READERS, 'noPost'], (user) => getHome(db(), user)],
      ['strategy', READERS, (user) => getStrategyView(db(), user, fixture.strategyId)],
      ['goal', READERS, (user) => getGoalView(db(), user, fixture.goalId)],
      ['program', READERS, (user) => getProgramView(db(), user, fixture.programId)],
      ['task card', READERS, (user) => getTaskCard(db(), user, fixture.taskId)],
      ['task card: reports', READERS, (user) => listTaskReports(db(), user, fixture.taskId)],
      ['task card: history', READERS, (user) => getTaskHistory(db(), user, fixture.taskId)],
      ['report', READERS, (user) => getReportView(db(), user, fixture.taskId, 2012)],
      ['inbox', [...READERS, 'noPost'], (user) => listInbox(db(), user)],
      ['inbox: new comments', [...READERS, 'noPost'], (user) => listUnreadComments(db(), user)],
      ['report: discussion', READERS, (user) => getDiscussionView(db(), user, fixture.taskId, 2012)],
      ['task card: discussion', READERS, (user) => getDiscussionView(db(), user, fixture.taskId, null)],
      [
        'task card: evidence download',
        READERS,
        (user) => openAttachment(db(), user, fixture.taskId, null, cardEvidence.attachmentId),
      ],
      [
        'report: evidence download',
        READERS,
        (user) => openAttachment(db(), user, fixture.taskId, 2012, evidence.attachmentId),
      ],
      [
        'yearly report, XLSX, .docx',
        READERS,
        (user) => getYearlyReport(db(), user, fixture.strategyId, 2012),
      ],
      ['indicators CSV', READERS, (user) => listIndicatorValues(db(), user, fixture.strategyId)],
      ['dashboard indicators', READERS, (user) => listIndicatorSeries(db(), user, fixture.programId)],
      ['dashboard', MANAGERS_ANYWHERE, (user) => getDashboard(db(), user, {})],
      ['task editor', MANAGERS, (user) => getTaskEditor(db(), user, fixture.taskId)],
      ['weights, new task', MANAGERS, (user) => getProgramWeights(db(), user, fixture.programId)],
      [
        'import preview',
        ['coordinator', 'otherCoordinator', 'admin'],
        (user) =>
          previewImport(db(), user, { text: 'x' }).catch((error: unknown) => {
            // Allowed callers get past authorization to the parser, which refuses this text.
            if (isPublicError(error, 'invalid')) return null;
            throw error;
          }),
      ],
      ['admin: reporting', ['admin'], (user) => listReportingYears(db(), user)],
      [
        'admin: reports of a year',
        ['admin'],
        (user) => listYearReports(db(), user, fixture.strategyId, 2012),
      ],
      ['home: office overview', ['admin'], (user) => getOfficeOverview(db(), user)],
      ['admin: structure', ['admin'], (user) => getStructure(db(), user)],
      ['admin: users', ['admin'], (user) => listUsers(db(), user)],
      ['admin: user', ['admin'], (user) => getUser(db(), user, actors.executor!.id)],
      ['admin: departments', ['admin'], (user) => listDepartments(db(), user)],
      ['admin: posts', ['admin'], (user) => listPosts(db(), user)],
      ['admin: change log', ['admin'], (user) => listAuditEntries(db(), user, {})],
      ['admin: outgoing mail', ['admin'], (user) => getOutgoingMail(db(), user)],
      ['notification settings', [...READERS, 'noPost'], (user) => getMyPreferences(db(), user)],
    ];
    for (const [page, allowed, load] of pages) {
      for (const actor of ACTORS) {
        counts.pageCells++;
        const outcome = await load(actors[actor] ?? null).then(
          () => 'ok',
          (error: unknown) => (isPublicError(error) ? error.code : `crash: ${String(error)}`),
        );
        if (allowed.includes(actor)) {
          expect(outcome, `${page} for ${actor}`).toBe('ok');
        } else {
          counts.pageRefusals++;
          expect(outcome, `${page} for ${actor}`).toBe(
            actor === 'anonymous' || actor === 'deactivated' ? 'unauthenticated' : 'forbidden',
          );
        }
      }
    }
  });

  it('allows each report action only to the right person in the right state, and a refusal changes nothing', async () => {
    const { saveReportAction, decideReportAction, recallReportAction } = await import('@/actions/reports');
    const [report] = await database.db
      .select()
      .from(schema.reports)
      .where(and(eq(schema.reports.taskId, fixture.taskId), eq(schema.reports.year, 2012)));
    const submitter = actors.executor!.id;
    const statuses: ReportStatus[] = ['draft', 'returned', 'submitted', 'accepted', 'approved'];
    // Explicit, not derived from lib/reports/rules.ts: who may do what in which state here.
    const allowed: Record<string, Partial<Record<ReportStatus, Actor[]>>> = {
      save: { draft: ['executor'], returned: ['executor'] },
      submit: { draft: ['executor'], returned: ['executor'] },
      accept: { submitted: ['coordinator'] },
      return: { submitted: ['coordinator'], accepted: ['goalOwner'] },
      approve: { accepted: ['goalOwner'] },
      withdraw: { approved: ['goalOwner'] },
      // Only while nobody has acted: this task's submissions wait for the coordinator first.
      recall: { submitted: ['executor'] },
    };
    const view = await getReportView(database.db, actors.admin!, fixture.taskId, 2012);
    const form = (intent: 'save' | 'submit', version: number) => ({
      intent,
      version,
      narrative: 'Opis',
      stages: view.stages.map((stage) => ({ stageId: stage.stageId, actual: stage.planned ? '1' : '' })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: '1',
      })),
      confirmUnplanned: false,
    });
    for (const status of statuses) {
      for (const [action, byStatus] of Object.entries(allowed)) {
        for (const actor of ACTORS) {
          // Put the report in the state under test, as submitted by the executor.
          const [current] = await database.db
            .update(schema.reports)
            .set({ status, submittedBy: status === 'draft' ? null : submitter })
            .where(eq(schema.reports.id, report!.id))
            .returning({ version: schema.reports.version });
          const version = current!.version;
          state.user = actors[actor] ?? null;
          const before = await rowsOf(database);
          const result =
            action === 'save' || action === 'submit'
              ? await saveReportAction(fixture.taskId, 2012, form(action, version))
              : action === 'recall'
                ? await recallReportAction(fixture.taskId, 2012, { version })
                : await decideReportAction(fixture.taskId, 2012, { action, version, comment: 'Uwagi' });
          counts.actionCells++;
          const expected = byStatus[status]?.includes(actor) ?? false;
          if (expected) {
            counts.allowed++;
            expect(result.status, `${action} on ${status} by ${actor}`).toBe('success');
          } else {
            counts.actionRefusals++;
            expect(result.status, `${action} on ${status} by ${actor}`).toBe('error');
            expect(
              ['unauthenticated', 'forbidden', 'conflict'],
              `${action} on ${status} by ${actor}`,
            ).toContain(result.status === 'error' ? result.code : '');
            expect(await rowsOf(database), `${action} on ${status} by ${actor} changed data`).toEqual(before);
          }
        }
      }
    }
    state.user = null;
  });

  it('lets only the task’s people comment and attach, on its card and its report (files locked once approved), and a refusal changes nothing', async () => {
    const { addCommentAction, editCommentAction, removeCommentAction, removeAttachmentAction } =
      await import('@/actions/comments');
    const [report] = await database.db
      .select()
      .from(schema.reports)
      .where(and(eq(schema.reports.taskId, fixture.taskId), eq(schema.reports.year, 2012)));
    // Explicit: who may do what to which thread — the report's in each state (comments go on after
    // approval) and the task card's own (no state: never locked).
    type Thread = ReportStatus | 'task card';
    const allowed: Record<string, Partial<Record<Thread, Actor[]>>> = {
      comment: {
        draft: DISCUSSANTS,
        submitted: DISCUSSANTS,
        approved: DISCUSSANTS,
        'task card': DISCUSSANTS,
      },
      'edit own comment': { draft: ['executor'], approved: ['executor'], 'task card': ['executor'] },
      'remove comment': {
        draft: ['executor', 'admin'],
        approved: ['executor', 'admin'],
        'task card': ['executor', 'admin'],
      },
      attach: { draft: DISCUSSANTS, submitted: DISCUSSANTS, approved: [], 'task card': DISCUSSANTS },
      'remove file': { draft: ['executor', 'admin'], approved: [], 'task card': ['executor', 'admin'] },
    };
    for (const [action, byStatus] of Object.entries(allowed)) {
      for (const thread of Object.keys(byStatus) as Thread[]) {
        // The report stays a draft while the task card's thread is tried.
        const status: ReportStatus = thread === 'task card' ? 'draft' : thread;
        const YEAR = thread === 'task card' ? null : 2012;
        for (const actor of ACTORS) {
          await database.db.update(schema.reports).set({ status }).where(eq(schema.reports.id, report!.id));
          // The executor's comment and file that the edits and removals aim at, fresh for each cell.
          state.user = actors.executor!;
          const comment = await addCommentAction(fixture.taskId, YEAR, { body: 'Komentarz wykonawcy' });
          await database.db
            .update(schema.reports)
            .set({ status: 'draft' })
            .where(eq(schema.reports.id, report!.id));
          const file = await storeAttachment(database.db, actors.executor!, fixture.taskId, YEAR, {
            name: 'dowód.pdf',
            declaredBytes: PDF.length,
            body: streamOf(PDF),
          });
          await database.db.update(schema.reports).set({ status }).where(eq(schema.reports.id, report!.id));
          if (comment.status !== 'success') throw new Error('setup comment failed');
          const commentId = comment.data.commentId;
          state.user = actors[actor] ?? null;
          const before = await rowsOf(database);
          const result: { status: string; code?: string } =
            action === 'comment'
              ? await addCommentAction(fixture.taskId, YEAR, { body: `Pytanie od ${actor}` })
              : action === 'edit own comment'
                ? await editCommentAction(fixture.taskId, YEAR, { commentId, body: 'Poprawka' })
                : action === 'remove comment'
                  ? await removeCommentAction(fixture.taskId, YEAR, { commentId })
                  : action === 'remove file'
                    ? await removeAttachmentAction(fixture.taskId, YEAR, { attachmentId: file.attachmentId })
                    : await storeAttachment(database.db, state.user, fixture.taskId, YEAR, {
                        name: 'nowy.pdf',
                        declaredBytes: PDF.length,
                        body: streamOf(PDF),
                      }).then(
                        () => ({ status: 'success' }),
                        (error: unknown) =>
                          isPublicError(error)
                            ? { status: 'error', code: error.code }
                            : Promise.reject(error),
                      );
          counts.actionCells++;
          const expected = byStatus[thread]?.includes(actor) ?? false;
          if (expected) {
            counts.allowed++;
            expect(result.status, `${action} on ${thread} by ${actor}`).toBe('success');
          } else {
            counts.actionRefusals++;
            expect(result.status, `${action} on ${thread} by ${actor}`).toBe('error');
            expect(
              ['unauthenticated', 'forbidden', 'invalid'],
              `${action} on ${thread} by ${actor}`,
            ).toContain(result.code);
            expect(await rowsOf(database), `${action} on ${thread} by ${actor} changed data`).toEqual(before);
          }
        }
      }
    }
    state.user = null;
  });
});
