import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { type AppServer, signInOverHttp, startAppServer } from '../support/app-server';
import {
  FIXTURE_TASK_TITLE,
  type WorkflowFixture,
  addWorkflowFixture,
  fixtureLogins,
} from '../support/fixtures';

/*
 * Every page and download, requested over HTTP from the production server (`npm start`) by each
 * persona, answers with the status the permission map gives it: 200 what they may open, 403 what
 * they may not (the refusal page, app/forbidden.tsx), 404 what does not exist. Everyone signed in
 * reads the strategy, so its records are no secret: a 404 only for a record that is not there.
 * The office's screens refuse before they look anything up: a 403 for a user id that exists and one
 * that does not alike. Anonymous: the pages send to the sign-in page, the downloads answer 401.
 */

const PERSONAS = {
  admin: demoUsers.admin.login,
  /** Owns goal I (the fixture's program and task are under it). */
  goalOwner: demoUsers.goalOwner.login,
  /** Coordinates the fixture's program (and executes its seed task). */
  coordinator: demoUsers.coordinator.login,
  /** Executes the fixture task only. */
  executor: fixtureLogins.executor,
  /** Coordinates the program of the other goal. */
  otherCoordinator: fixtureLogins.otherCoordinator,
} as const;
type Persona = keyof typeof PERSONAS;
const ALL = Object.keys(PERSONAS) as Persona[];
type Expected = Record<Persona, 200 | 403 | 404>;

/** The same answer for everyone signed in. */
const every = (status: 200 | 403 | 404): Expected =>
  Object.fromEntries(ALL.map((persona) => [persona, status])) as Expected;
/** 200 for these personas, 403 for the others. */
const only = (...allowed: Persona[]): Expected =>
  Object.fromEntries(ALL.map((persona) => [persona, allowed.includes(persona) ? 200 : 403])) as Expected;

/**
 * The fixture's ids: the server's database gets the demo data and the fixture written the same way
 * (tests/support/app-server.ts), in a fresh database, so the same ids. The admin's 200 on the
 * fixture task's page with its title checks that.
 */
async function fixtureIds(): Promise<WorkflowFixture> {
  const database = await openPglite(undefined);
  try {
    await migrateDatabase(database);
    await seedDemoData(database.db);
    return await addWorkflowFixture(database.db);
  } finally {
    await database.close();
  }
}

describe('the status of every page and download, per persona, on the production server', () => {
  let server: AppServer;
  let fixture: WorkflowFixture;
  const cookies: Partial<Record<Persona, string>> = {};

  beforeAll(async () => {
    fixture = await fixtureIds();
    server = await startAppServer();
    for (const persona of ALL) cookies[persona] = await signInOverHttp(server.url, PERSONAS[persona]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A session cookie that is no session (expired, revoked or made up): past proxy.ts, refused by the app. */
  const NO_SESSION = 'next-auth.session-token=not-a-session';
  type Caller = Persona | 'anonymous' | 'noSession';
  const cookieOf = (caller: Caller | undefined) =>
    caller === undefined || caller === 'anonymous'
      ? undefined
      : caller === 'noSession'
        ? NO_SESSION
        : cookies[caller]!;
  const get = (path: string, caller?: Caller) => {
    const cookie = cookieOf(caller);
    return fetch(`${server.url}${path}`, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
      signal: AbortSignal.timeout(60_000),
    });
  };

  const pages = (): [string, Expected][] => {
    const { strategyId: s, goalId: g, programId: p, otherProgramId: op, taskId: t, seedTaskId: st } = fixture;
    const manage = only('admin', 'goalOwner', 'coordinator');
    const office = only('admin');
    return [
      // The strategy: everyone signed in reads it.
      ['/', every(200)],
      ['/inbox', every(200)],
      [`/strategies/${s}`, every(200)],
      [`/goals/${g}`, every(200)],
      [`/programs/${p}`, every(200)],
      [`/tasks/${t}`, every(200)],
      [`/tasks/${st}/reports/2011`, every(200)],
      [`/strategies/${s}/report/2011`, every(200)],
      // Screens of some roles.
      ['/dashboard', only('admin', 'goalOwner', 'coordinator', 'otherCoordinator')],
      ['/import', only('admin', 'coordinator', 'otherCoordinator')],
      [`/programs/${p}/weights`, manage],
      [`/programs/${p}/tasks/new`, manage],
      [`/tasks/${t}/edit`, manage],
      [`/programs/${op}/weights`, only('admin', 'otherCoordinator')],
      // The strategy office.
      ['/admin', office],
      ['/admin/audit', office],
      ['/admin/departments', office],
      ['/admin/posts', office],
      ['/admin/posts/1', office],
      ['/admin/reporting', office],
      [`/admin/reporting/${s}/2011`, office],
      ['/admin/structure', office],
      ['/admin/users', office],
      ['/admin/users/1', office],
      // A user that does not exist: the office's 404, everyone else's 403 (the same as for one that does).
      ['/admin/users/999999', { ...office, admin: 404 }],
      ['/admin/posts/999999', { ...office, admin: 404 }],
      // Records that do not exist.
      ['/tasks/999999', every(404)],
      ['/tasks/999999/edit', every(404)],
      ['/programs/999999/weights', every(404)],
      [`/tasks/${st}/reports/2030`, every(404)],
      ['/strategies/999999', every(404)],
      // The council report's print view is a route handler's document, with the same answers.
      ['/strategies/999999/report/2011', every(404)],
      [`/strategies/${s}/report/2040`, every(404)],
      [`/strategies/${s}/report/20x1`, every(404)],
      ['/no-such-page', every(404)],
    ];
  };

  const downloads = (): [string, Expected][] => [
    [`/strategies/${fixture.strategyId}/indicators.csv`, every(200)],
    [`/strategies/${fixture.strategyId}/report/2011/xlsx`, every(200)],
    [`/strategies/${fixture.strategyId}/report/2011/docx`, every(200)],
    ['/strategies/999999/indicators.csv', every(404)],
    ['/strategies/999999/report/2011/xlsx', every(404)],
    ['/strategies/999999/report/2011/docx', every(404)],
    [`/strategies/${fixture.strategyId}/report/20x1/xlsx`, every(404)],
    [`/strategies/${fixture.strategyId}/report/20x1/docx`, every(404)],
  ];

  it('reads the ids the server has', async () => {
    const response = await get(`/tasks/${fixture.taskId}`, 'admin');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(FIXTURE_TASK_TITLE);
  });

  it('answers each page with the status of the permission map, and the refusal page with its title', async () => {
    const seen: Record<string, Partial<Record<Persona, number>>> = {};
    const wanted: Record<string, Expected> = {};
    for (const [path, expected] of pages()) {
      wanted[path] = expected;
      seen[path] = {};
      for (const persona of ALL) {
        const response = await get(path, persona);
        const html = await response.text();
        seen[path][persona] = response.status;
        // Next sends a refusal's body as its error shell, rendered in the browser from the payload
        // (tests/e2e check the heading there); the head is the server's: the title says which page it is.
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
        if (response.status === 403)
          expect(title, `${path} as ${persona}`).toBe('Brak dostępu · Monitor Strategii');
        if (response.status === 404)
          expect(title, `${path} as ${persona}`).toBe('Nie znaleziono strony · Monitor Strategii');
        if (response.status === 200)
          expect(title, `${path} as ${persona}`).not.toMatch(/^(Brak dostępu|Nie znaleziono)/);
      }
    }
    // Compared whole, so one run shows every wrong status at once.
    expect(seen).toEqual(wanted);
  });

  it('answers each download with the status of the permission map; without a session, the sign-in page', async () => {
    const seen: Record<string, Partial<Record<Caller, number>>> = {};
    const wanted: Record<string, Partial<Record<Caller, number>>> = {};
    for (const [path, expected] of downloads()) {
      // proxy.ts sends a request without a session cookie to the sign-in page before any route
      // runs; a cookie that is no session gets the route's own 401.
      wanted[path] = { ...expected, anonymous: 307, noSession: 401 };
      seen[path] = {};
      for (const caller of [...ALL, 'anonymous', 'noSession'] as const) {
        const response = await get(path, caller);
        await response.arrayBuffer();
        seen[path][caller] = response.status;
      }
    }
    expect(seen).toEqual(wanted);
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    for (const [path] of pages()) {
      if (path === '/no-such-page') continue;
      for (const caller of ['anonymous', 'noSession'] as const) {
        const response = await get(path, caller);
        await response.arrayBuffer();
        expect([response.status, response.headers.get('location')], `${path} as ${caller}`).toEqual([
          307,
          expect.stringMatching(/\/login(\?|$)/),
        ]);
      }
    }
  });

  it('answers an upload to the card import: 403 for an executor, 401 for no session, 200 for a coordinator', async () => {
    const upload = (caller: Caller) => {
      const form = new FormData();
      form.set('text', 'Karta zadania');
      const cookie = cookieOf(caller);
      return fetch(`${server.url}/import/upload`, {
        method: 'POST',
        body: form,
        redirect: 'manual',
        headers: cookie ? { cookie } : {},
      });
    };
    const executor = await upload('executor');
    expect([executor.status, await executor.json()]).toEqual([403, { status: 'error', code: 'forbidden' }]);
    const goalOwner = await upload('goalOwner');
    expect([goalOwner.status, await goalOwner.json()]).toEqual([403, { status: 'error', code: 'forbidden' }]);
    const anonymous = await upload('anonymous');
    await anonymous.arrayBuffer();
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([
      307,
      expect.stringContaining('/login'),
    ]);
    const noSession = await upload('noSession');
    expect([noSession.status, await noSession.json()]).toEqual([
      401,
      { status: 'error', code: 'unauthenticated' },
    ]);
    const coordinator = await upload('coordinator');
    expect(coordinator.status).toBe(200);
    expect(await coordinator.json()).toMatchObject({ status: 'success' });
  });
});
