import fs from 'node:fs';
import path from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { openReportingYear } from '@/lib/reports/years';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { actionContext as state } from '../support/action-context';
import {
  type WorkflowFixture,
  addWorkflowFixture,
  fixtureLogins,
  snapshotOf,
  userByLogin,
} from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';

/*
 * A server action's arguments come from the network: a forged call sends whatever it likes, not what
 * the page would. Every exported action (found in the code, so a new one is covered at once) called
 * with arguments of the wrong type, as someone allowed to use it, answers `invalid`: no TypeError
 * logged as a server failure, nothing written.
 */

vi.mock('@/server/current-user', async () => (await import('../support/action-context')).sessionModule());
vi.mock('@/lib/db', async () => (await import('../support/action-context')).dbModule());
vi.mock('next/cache', async () => (await import('../support/action-context')).cacheModule());
const cookieJar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ set: (name: string, value: string) => cookieJar.set(name, value) }),
}));

type Action = (...args: unknown[]) => Promise<{ status: string; code?: string } | undefined>;

/** Every exported function of every 'use server' module under actions/, by name. */
async function listActions(): Promise<Record<string, Action>> {
  const folder = path.resolve(import.meta.dirname, '../../actions');
  const found: Record<string, Action> = {};
  for (const file of fs.readdirSync(folder)) {
    const full = path.join(folder, file);
    if (!/^['"]use server['"]/m.test(fs.readFileSync(full, 'utf8'))) continue;
    const exported = (await import(full)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === 'function') found[name] = value as Action;
    }
  }
  return found;
}

/** Values a forged call may send where an id, a year, an object or form data belongs. */
const FORGED: unknown[] = [
  'forged',
  '',
  null,
  undefined,
  {},
  [],
  [1, 2],
  -1,
  1.5,
  Number.NaN,
  true,
  'a=b&c=d',
];

describe.each(testBackends())('server actions given arguments of the wrong type on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let actions: Record<string, Action>;
  const people: Record<string, CurrentUser> = {};

  beforeAll(async () => {
    database = await createMigrated(backend);
    state.database = database;
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);
    people.admin = await userByLogin(database.db, demoUsers.admin.login);
    people.executor = await userByLogin(database.db, fixtureLogins.executor);
    people.coordinator = await userByLogin(database.db, demoUsers.coordinator.login);
    await openReportingYear(database.db, people.admin, {
      strategyId: fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
    actions = await listActions();
  });
  afterEach(() => {
    state.user = null;
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    state.database = null;
    await database?.close();
  });

  const allRows = () =>
    snapshotOf(
      database.db,
      Object.fromEntries(Object.entries(schema).filter(([, value]) => is(value, PgTable))) as Record<
        string,
        PgTable
      >,
    );

  /**
   * Who may use each action and its valid leading arguments (the record it acts on), so that only
   * the argument under test is wrong. An action with no row takes only its input.
   */
  const callers = (): Record<string, { as: string; leading: unknown[]; nullYear?: boolean }> => ({
    createTaskAction: { as: 'coordinator', leading: [fixture.programId] },
    saveWeightsAction: { as: 'coordinator', leading: [fixture.programId] },
    saveTaskCardAction: { as: 'coordinator', leading: [fixture.taskId] },
    assignExecutorAction: { as: 'coordinator', leading: [fixture.taskId] },
    saveReportAction: { as: 'executor', leading: [fixture.taskId, 2012] },
    decideReportAction: { as: 'coordinator', leading: [fixture.taskId, 2012] },
    recallReportAction: { as: 'executor', leading: [fixture.taskId, 2012] },
    addCommentAction: { as: 'executor', leading: [fixture.taskId, 2012], nullYear: true },
    editCommentAction: { as: 'executor', leading: [fixture.taskId, 2012], nullYear: true },
    removeCommentAction: { as: 'executor', leading: [fixture.taskId, 2012], nullYear: true },
    markCommentsReadAction: { as: 'executor', leading: [fixture.taskId, 2012], nullYear: true },
    removeAttachmentAction: { as: 'executor', leading: [fixture.taskId, 2012], nullYear: true },
  });

  it('finds the actions, and knows the leading arguments of every action that has some', () => {
    expect(Object.keys(actions)).toEqual(expect.arrayContaining(['setLocale', 'saveReportAction']));
    expect(Object.keys(actions).length).toBeGreaterThan(20);
    const known = callers();
    for (const [name, action] of Object.entries(actions)) {
      expect(action.length - 1, name).toBe(known[name]?.leading.length ?? 0);
    }
  });

  it('answers invalid to a wrong argument in every place, logs no failure and writes nothing', async () => {
    const errors = vi.spyOn(console, 'error');
    const before = await allRows();
    const known = callers();
    let calls = 0;
    for (const [name, action] of Object.entries(actions)) {
      const { as, leading, nullYear } = known[name] ?? { as: 'admin', leading: [] };
      state.user = people[as]!;
      for (let place = 0; place < action.length; place++) {
        for (const forged of FORGED) {
          const args = [...leading, {}];
          args[place] = forged;
          const result = await action(...args);
          const what = `${name}(${args.map((arg) => JSON.stringify(arg) ?? 'undefined').join(', ')}) as ${as}`;
          expect(result?.status, what).toBe('error');
          expect(result?.code, what).toBe('invalid');
          // A wrong record argument is refused as such, before the input is looked at. A discussion's
          // year may be null (the task card's own thread): then the input ({}) is what is refused.
          if (nullYear && place === 1 && forged === null) {
            expect(result, what).not.toHaveProperty('fieldErrors._args');
          } else if (place < leading.length) expect(result, what).toHaveProperty('fieldErrors._args');
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(errors).not.toHaveBeenCalled();
    expect(cookieJar.size).toBe(0);
    expect(await allRows()).toEqual(before);
  });

  it('still sets the language from the form the page posts', async () => {
    const form = new FormData();
    form.set('locale', 'en');
    expect(await actions.setLocale!(form)).toEqual({ status: 'success', data: null });
    expect(cookieJar.get('NEXT_LOCALE')).toBe('en');
    const unknown = new FormData();
    unknown.set('locale', 'de');
    expect(await actions.setLocale!(unknown)).toMatchObject({ status: 'error', code: 'invalid' });
    expect(cookieJar.get('NEXT_LOCALE')).toBe('en');
    cookieJar.clear();
  });
});
