import { eq, sql } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { DEMO_PASSWORD, demoUsers } from '@/scripts/seed/demo';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { setUserActive } from '@/lib/admin/people/users';
import { authOptions } from '@/server/auth-options';
import { getCurrentUser, requirePageUser } from '@/server/current-user';
import { type CurrentUser, loadSessionUser, revokeSession, signInWithPassword } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { getReportView } from '@/lib/reports/view';
import { listInbox } from '@/lib/reports/inbox';
import { getHome } from '@/lib/strategy/home';
import { getStrategyView, listStrategies } from '@/lib/strategy/views';
import { getTaskCard } from '@/lib/strategy/task-card';
import { recordFigures } from '../support/figures';
import { type WorkflowFixture, fixtureLogins } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * A captured session id (a cookie someone copied) must stop working the moment the user logs out,
 * is deactivated, or leaves their post — and when it passes its idle or absolute limit. Checked at
 * the session layer (loadSessionUser), on the app's own path (getCurrentUser: next-auth's token →
 * the session row), and in the data layer the pages read the strategy through.
 */

// The app's path: the request carries a real session cookie (a token encrypted with the secret,
// as next-auth writes it), next-auth's getToken reads it; the database is the test's.
const state: { cookie: string | null; database: Database | null } = { cookie: null, database: null };
vi.mock('next/headers', () => ({
  headers: async () => new Headers(state.cookie ? { cookie: `next-auth.session-token=${state.cookie}` } : {}),
}));
vi.mock('@/lib/db', () => ({
  getDb: async () => state.database!.db,
  getDatabase: async () => state.database!,
}));
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    throw new Error(`redirect to ${to}`);
  },
}));

const LIMITS = { idleMinutes: 60, maxHours: 10 };
// getCurrentUser reads the limits from the environment (the defaults: 60 minutes idle, 10 hours);
// the cookie is the plain-http one (no NEXTAUTH_URL on https).
process.env.NEXTAUTH_SECRET ??= 'reliability-sessions-test-secret-0123456789abcdef';
delete process.env.NEXTAUTH_URL;
delete process.env.SESSION_IDLE_MINUTES;
delete process.env.SESSION_MAX_HOURS;

/** Runs `read` as a request whose session cookie carries this session id. */
async function withSessionCookie<T>(sid: string, read: () => Promise<T>): Promise<T> {
  state.cookie = await encode({ token: { sid }, secret: process.env.NEXTAUTH_SECRET! });
  try {
    return await read();
  } finally {
    state.cookie = null;
  }
}

/** How the app sees a request carrying this session id. */
async function appUser(sid: string): Promise<CurrentUser | null> {
  return withSessionCookie(sid, () => getCurrentUser());
}

async function refusal(
  read: () => Promise<unknown>,
): Promise<'forbidden' | 'unauthenticated' | 'empty' | 'allowed'> {
  try {
    const result = await read();
    return Array.isArray(result) && result.length === 0 ? 'empty' : 'allowed';
  } catch (error) {
    if (isPublicError(error, 'forbidden')) return 'forbidden';
    if (isPublicError(error, 'unauthenticated')) return 'unauthenticated';
    throw error;
  }
}

describe.each(testBackends())('captured sessions on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  let admin: CurrentUser;
  const rows: string[] = [];
  let refusedChecks = 0;

  const signIn = async (login: string) => {
    const session = await signInWithPassword(database.db, { login, password: DEMO_PASSWORD }, LIMITS);
    expect(session, login).not.toBeNull();
    return session!.sessionId;
  };

  /** Valid before the event: both the session layer and the app's path accept it. */
  async function expectAccepted(sid: string) {
    expect(await loadSessionUser(database.db, sid, LIMITS)).not.toBeNull();
    expect(await appUser(sid)).not.toBeNull();
  }

  /** After the event: refused by the session layer, by getCurrentUser, and requirePageUser redirects. */
  async function expectRefused(sid: string, scenario: string, now?: Date) {
    expect(await loadSessionUser(database.db, sid, LIMITS, now), scenario).toBeNull();
    refusedChecks++;
    if (!now) {
      expect(await appUser(sid), scenario).toBeNull();
      await withSessionCookie(sid, () => expect(requirePageUser()).rejects.toThrow('redirect to /login'));
      refusedChecks += 2;
    }
  }

  beforeAll(async () => {
    // With a reporting year open, so that executors have something in their inbox.
    const opened = await openWorkflowDatabase(backend, { openYear: 2012 });
    ({ database, fixture } = opened);
    state.database = database;
    admin = opened.people.admin!;
  });
  afterAll(async () => {
    recordFigures(
      `sessions-${backend.name}`,
      `Captured sessions (${backend.name === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
      [
        'A real session id from a sign-in, replayed after each event below: refused by the session layer',
        '(`loadSessionUser`), by the app’s path (`getCurrentUser`, `requirePageUser` redirects to the sign-in page)',
        'and, where the session itself stays valid, by every data-layer read of the strategy.',
        '',
        '| event | result |',
        '| --- | --- |',
        ...rows,
        '',
        `- Refusals checked: ${refusedChecks}; sessions accepted when they should have been refused: 0.`,
      ],
    );
    state.database = null;
    await database?.close();
  });

  it('logout: the session id stops working (revokeSession and the next-auth signOut event)', async () => {
    const first = await signIn(demoUsers.goalOwner.login);
    const second = await signIn(demoUsers.goalOwner.login);
    await expectAccepted(first);
    await expectAccepted(second);
    await revokeSession(database.db, first);
    await expectRefused(first, 'revokeSession');
    // The app's logout: next-auth's signOut event with the token.
    const signOut = authOptions.events!.signOut! as (message: { token: { sid: string } }) => Promise<void>;
    await signOut({ token: { sid: second } });
    await expectRefused(second, 'signOut event');
    // Another sign-in of the same user is unaffected.
    await expectAccepted(await signIn(demoUsers.goalOwner.login));
    rows.push(
      '| logout (`revokeSession`; next-auth `signOut` event) | both captured sessions refused; a new sign-in works |',
    );
  });

  it('deactivation by the admin revokes every session of the user', async () => {
    const login = fixtureLogins.otherExecutor;
    const sessions = [await signIn(login), await signIn(login)];
    for (const sid of sessions) await expectAccepted(sid);
    const [target] = await database.db.select().from(schema.users).where(eq(schema.users.login, login));
    const result = await setUserActive(database.db, admin, {
      id: target!.id,
      version: target!.version,
      active: false,
    });
    expect(result.revokedSessions).toBe(2);
    for (const sid of sessions) await expectRefused(sid, 'setUserActive');
    const [open] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.userSessions)
      .where(sql`${schema.userSessions.userId} = ${target!.id} and ${schema.userSessions.revokedAt} is null`);
    expect(open!.n).toBe(0);
    // Reactivated, the old sessions stay dead.
    await setUserActive(database.db, admin, { id: target!.id, version: result.version, active: true });
    for (const sid of sessions) await expectRefused(sid, 'reactivated');
    rows.push(
      `| deactivated by the admin (\`setUserActive\`) | ${result.revokedSessions} sessions revoked in the same transaction, refused — still refused after reactivation |`,
    );
  });

  it('deactivation straight in the database (users.is_active = false): refused at the next request', async () => {
    const login = fixtureLogins.otherCoordinator;
    const sid = await signIn(login);
    await expectAccepted(sid);
    await database.db.update(schema.users).set({ isActive: false }).where(eq(schema.users.login, login));
    await expectRefused(sid, 'is_active = false');
    rows.push(
      '| `users.is_active = false` set directly (sessions not revoked) | refused at the next request |',
    );
  });

  it('the post ends: the session stays, every read of the strategy is refused', async () => {
    const login = fixtureLogins.executor;
    const sid = await signIn(login);
    const before = (await appUser(sid))!;
    expect(before.roles.length).toBeGreaterThan(0);
    const reads = (user: CurrentUser) => ({
      getTaskCard: () => getTaskCard(database.db, user, fixture.taskId),
      getStrategyView: () => getStrategyView(database.db, user, fixture.strategyId),
      getReportView: () => getReportView(database.db, user, fixture.taskId, 2012),
      listInbox: () => listInbox(database.db, user),
      listStrategies: () => listStrategies(database.db, user),
    });
    for (const [name, read] of Object.entries(reads(before))) {
      expect(await refusal(read), `${name} while holding the post`).toBe('allowed');
    }

    // The admin ends the holding today (Warsaw time); the post has no holder from then on.
    const [holding] = await database.db
      .select({ postId: schema.postHolders.postId })
      .from(schema.postHolders)
      .where(eq(schema.postHolders.userId, before.id));
    const [post] = await database.db.select().from(schema.posts).where(eq(schema.posts.id, holding!.postId));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
    await setPostHolder(database.db, admin, {
      postId: post!.id,
      version: post!.version,
      userId: null,
      from: today,
    });

    const after = await appUser(sid);
    expect(after, 'the session itself stays valid').not.toBeNull();
    expect(after!.roles).toEqual([]);
    const outcomes: string[] = [];
    for (const [name, read] of Object.entries(reads(after!))) {
      const outcome = await refusal(read);
      expect(['forbidden', 'empty'], `${name} after the post ended`).toContain(outcome);
      outcomes.push(`${name} ${outcome}`);
      refusedChecks++;
    }
    const home = await getHome(database.db, after!);
    expect(JSON.stringify(home)).not.toContain('Inkubator');
    refusedChecks++;
    rows.push(
      `| the post ends (\`setPostHolder\` without a holder) | session valid, roles empty: ${outcomes.join(', ')}; the home page shows none of the strategy |`,
    );
  });

  it('expires after the idle and the absolute limit', async () => {
    const login = demoUsers.coordinator.login;
    const start = Date.now();
    const idle = await signIn(login);
    expect(await loadSessionUser(database.db, idle, LIMITS, new Date(start + 59 * 60_000))).not.toBeNull();
    // That request moved the idle clock: 61 minutes after it the session is over.
    await expectRefused(idle, 'idle', new Date(start + (59 + 61) * 60_000));

    // Kept busy (a request every 50 minutes), it still ends at the absolute limit.
    const busy = await signIn(login);
    let last = start;
    let accepted = 0;
    for (let at = start + 50 * 60_000; at < start + LIMITS.maxHours * 3_600_000 - 60_000; at += 50 * 60_000) {
      expect(
        await loadSessionUser(database.db, busy, LIMITS, new Date(at)),
        `after ${(at - start) / 60_000} min`,
      ).not.toBeNull();
      accepted++;
      last = at;
    }
    await expectRefused(
      busy,
      'absolute',
      new Date(Math.max(last + 50 * 60_000, start + LIMITS.maxHours * 3_600_000 + 60_000)),
    );
    // A fresh sign-in of the same user works.
    await expectAccepted(await signIn(login));
    rows.push(
      `| idle for 61 minutes (limit ${LIMITS.idleMinutes}) | refused |`,
      `| used every 50 minutes (${accepted} requests accepted) past the absolute limit of ${LIMITS.maxHours} h | refused |`,
    );
  });
});
