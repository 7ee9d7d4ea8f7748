import { gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportEvents, reports, strategies, users } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { decideReport } from '@/lib/reports/decide';
import { saveReport } from '@/lib/reports/save';
import { openReportingYear } from '@/lib/reports/years';
import { getReportView } from '@/lib/reports/view';
import { everyOpenDataPath, getOpenData, useDatabase } from '../support/open-data';
import { testBackends } from '../support/test-db';
import { type WorkflowDatabase, openWorkflowDatabase } from '../support/workflow-db';

/*
 * Issue 21, item 5, for the open data: a published strategy whose drafts, submitted and returned
 * reports, return comments, review notes and people carry marker strings; every open data file of
 * it, fetched as an anonymous client, shows none of them, no login and no e-mail; an approval's
 * values show in the files, and once the approval is withdrawn they are gone from every file.
 */

const YEAR = 2012;
const MARKER = /ZNACZNIK/i;
const MARK = {
  draftNarrative: 'ZNACZNIK-SZKIC-NARRACJA',
  draftValue: 'ZNACZNIK-SZKIC-WARTOSC',
  returnedNarrative: 'ZNACZNIK-ZWROCONE-NARRACJA',
  returnedValue: 'ZNACZNIK-ZWROCONE-WARTOSC',
  returnComment: 'ZNACZNIK-KOMENTARZ-ZWROTU',
  submittedNarrative: 'ZNACZNIK-PRZEKAZANE-NARRACJA',
  submittedValue: 'ZNACZNIK-PRZEKAZANE-WARTOSC',
  acceptedNarrative: 'ZNACZNIK-ZAAKCEPTOWANE-NARRACJA',
  reviewNote: 'ZNACZNIK-UWAGI-PRZEGLADU',
  approvalComment: 'ZNACZNIK-KOMENTARZ-ZATWIERDZENIA',
  withdrawalComment: 'ZNACZNIK-KOMENTARZ-WYCOFANIA',
};
/** An indicator value of the report that is approved, then withdrawn: public only in between. */
const WITHDRAWN_VALUE = 'Wartość-zatwierdzona-potem-wycofana-731';
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;

describe.each(testBackends())('no private data in the open data files on $name', (backend) => {
  let world: WorkflowDatabase;
  const db = () => world.database.db;
  const person = (name: string) => world.people[name] as CurrentUser;
  let namesBefore: string[] = [];
  let logins: string[] = [];
  let emails: string[] = [];

  async function report(
    who: string,
    taskId: number,
    intent: 'save' | 'submit',
    narrative: string,
    indicatorText: string,
    year = YEAR,
  ) {
    const view = await getReportView(db(), person(who), taskId, year);
    await saveReport(db(), person(who), taskId, year, {
      intent,
      version: view.version,
      narrative,
      stages: view.stages.map((stage) => ({
        stageId: stage.stageId,
        actual: stage.planned ? String(stage.planned) : '',
      })),
      indicators: view.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: indicatorText,
      })),
      confirmUnplanned: false,
    });
  }
  const version = async (taskId: number, year: number) =>
    (await getReportView(db(), person('admin'), taskId, year)).version;
  const decide = async (who: string, taskId: number, action: string, comment: string, year = YEAR) =>
    decideReport(db(), person(who), taskId, year, { action, version: await version(taskId, year), comment });

  /** Every open data file of the published strategies, as an anonymous client gets them. */
  async function everyFile() {
    const files: { path: string; body: string }[] = [];
    for (const path of await everyOpenDataPath()) {
      const response = await getOpenData(path);
      expect(response.status, path).toBe(200);
      files.push({ path, body: await response.text() });
    }
    return files;
  }

  function expectNothingPrivate(files: { path: string; body: string }[]) {
    for (const { path, body } of files) {
      expect(MARKER.exec(body)?.[0], path).toBeUndefined();
      expect(EMAIL.exec(body)?.[0], path).toBeUndefined();
      for (const text of [...namesBefore, ...logins, ...emails])
        expect(body.includes(text), `${path}: ${text}`).toBe(false);
    }
  }

  beforeAll(async () => {
    world = await openWorkflowDatabase(backend, { openYear: YEAR });
    useDatabase(db());
    const { fixture } = world;
    namesBefore = (await db().select({ name: users.displayName }).from(users)).map((row) => row.name);
    // Every person's name, login and e-mail is a marker from now on.
    await db()
      .update(users)
      .set({
        displayName: sql`'ZNACZNIK-OSOBA-' || ${users.id}`,
        login: sql`'znacznik-login-' || ${users.id}`,
        email: sql`'znacznik-email-' || ${users.id} || '@example.org'`,
      });
    const people = await db().select({ login: users.login, email: users.email }).from(users);
    logins = people.map((row) => row.login);
    emails = people.flatMap((row) => (row.email ? [row.email] : []));

    // A draft (the seed task); a report returned with a comment, then submitted again (the
    // fixture's task), and another returned one in the next year; on the other goal's task a report
    // accepted with a review note and approved.
    await report('coordinator', fixture.seedTaskId, 'save', MARK.draftNarrative, MARK.draftValue);
    await report('executor', fixture.taskId, 'submit', MARK.returnedNarrative, MARK.returnedValue);
    await decide('coordinator', fixture.taskId, 'return', MARK.returnComment);
    await report('executor', fixture.taskId, 'submit', MARK.submittedNarrative, MARK.submittedValue);
    await openReportingYear(db(), person('admin'), {
      strategyId: fixture.strategyId,
      year: YEAR + 1,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    await report('executor', fixture.taskId, 'submit', MARK.returnedNarrative, MARK.returnedValue, YEAR + 1);
    await decide('coordinator', fixture.taskId, 'return', MARK.returnComment, YEAR + 1);
    await report('otherExecutor', fixture.otherTaskId, 'submit', MARK.acceptedNarrative, WITHDRAWN_VALUE);
    await decide('otherCoordinator', fixture.otherTaskId, 'accept', MARK.reviewNote);
    await decide('otherGoalOwner', fixture.otherTaskId, 'approve', MARK.approvalComment);

    await db()
      .update(strategies)
      .set({ publishedFrom: sql`current_date` });
  });
  afterAll(async () => {
    await world?.database.close();
  });

  it('has reports in every private state carrying the markers (the test data is what it claims)', async () => {
    const rows = await db()
      .select({ taskId: reports.taskId, year: reports.year, status: reports.status })
      .from(reports)
      .where(gte(reports.year, YEAR));
    const { fixture } = world;
    expect(rows).toEqual(
      expect.arrayContaining([
        { taskId: fixture.seedTaskId, year: YEAR, status: 'draft' },
        { taskId: fixture.taskId, year: YEAR, status: 'submitted' },
        { taskId: fixture.otherTaskId, year: YEAR, status: 'approved' },
        { taskId: fixture.taskId, year: YEAR + 1, status: 'returned' },
      ]),
    );
    const comments = (await db().select({ comment: reportEvents.comment }).from(reportEvents)).map(
      (row) => row.comment,
    );
    expect(comments).toEqual(
      expect.arrayContaining([MARK.returnComment, MARK.reviewNote, MARK.approvalComment]),
    );
  });

  it('shows no marker, login or e-mail in any file, and shows the approved values', async () => {
    const files = await everyFile();
    // The list, the schema and the whole download; the strategy, its 5 years, 2 goals, 2 programs
    // and 3 tasks in both formats.
    expect(files.length).toBe(3 + 2 * (1 + 5 + 2 + 2 + 3));
    expectNothingPrivate(files);
    // The approved value is public: in the task's files, the year's and the whole download.
    const showing = files.filter((file) => file.body.includes(WITHDRAWN_VALUE)).map((file) => file.path);
    expect(showing).toEqual(
      expect.arrayContaining([
        `/public/data/tasks/${world.fixture.otherTaskId}.json`,
        `/public/data/tasks/${world.fixture.otherTaskId}.csv`,
        expect.stringMatching(/\/years\/2012\.json$/),
        expect.stringMatching(/\/years\/2012\.csv$/),
        expect.stringMatching(/\/all\.json$/),
      ]),
    );
  });

  it('drops a withdrawn approval from every file: its values and its points', async () => {
    const taskPath = `/public/data/tasks/${world.fixture.otherTaskId}.json`;
    type Card = {
      task: { progress: number; stages: { cells: { year: number; actual: number | null }[] }[] };
    };
    const approved = (await (await getOpenData(taskPath)).json()) as Card;
    const actualsOf = (card: Card) =>
      card.task.stages.flatMap((stage) =>
        stage.cells.filter((cell) => cell.year === YEAR).map((cell) => cell.actual),
      );
    expect(actualsOf(approved).every((actual) => actual !== null && actual > 0)).toBe(true);
    expect(approved.task.progress).toBeGreaterThan(0);

    await decide('otherGoalOwner', world.fixture.otherTaskId, 'withdraw', MARK.withdrawalComment);
    const files = await everyFile();
    expectNothingPrivate(files);
    expect(files.filter((file) => file.body.includes(WITHDRAWN_VALUE)).map((file) => file.path)).toEqual([]);
    const withdrawn = (await (await getOpenData(taskPath)).json()) as Card;
    expect(actualsOf(withdrawn).every((actual) => actual === null)).toBe(true);
    expect(withdrawn.task.progress).toBe(0);
  });
});
