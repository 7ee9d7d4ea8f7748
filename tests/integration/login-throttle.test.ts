import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import { loginAttempts } from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { LOGIN_THROTTLED } from '@/lib/auth/login-schema';
import { LOGIN_THROTTLE, delayForAttempt } from '@/lib/auth/login-throttle';
import { LoginThrottledError, signInWithPassword } from '@/lib/auth/sessions';
import { createMigrated, testBackends } from '../support/test-db';

// Count every password check: a locked login must be refused before its password is looked at.
const verifyCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/auth/password', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/password')>();
  return {
    ...original,
    verifyPassword: async (hash: string, password: string) => {
      verifyCalls.count++;
      return original.verifyPassword(hash, password);
    },
  };
});

const limits = { idleMinutes: 60, maxHours: 10 };
const MINUTE = 60_000;

type Outcome = 'signed-in' | 'invalid' | 'throttled';

describe.each(testBackends())('login throttle on $name', (backend) => {
  let database: Database;
  // An injected clock and an injected wait: the delays are recorded, never slept.
  let clock: number;
  let waits: number[];

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(() => {
    clock = Date.parse('2030-03-01T08:00:00Z');
    waits = [];
    verifyCalls.count = 0;
  });

  async function attempt(login: string, password: string): Promise<Outcome> {
    try {
      const result = await signInWithPassword(database.db, { login, password }, limits, {
        now: new Date(clock),
        wait: async (ms) => {
          waits.push(ms);
        },
      });
      return result ? 'signed-in' : 'invalid';
    } catch (error) {
      if (error instanceof LoginThrottledError) {
        expect(error.message).toBe(LOGIN_THROTTLED);
        return 'throttled';
      }
      throw error;
    }
  }

  /** `count` wrong passwords a few seconds apart; the outcomes and the waits applied. */
  async function fail(login: string, count: number) {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < count; i++) {
      outcomes.push(await attempt(login, 'zle-haslo'));
      clock += 5_000;
    }
    return outcomes;
  }

  it('delays from the 4th try, doubling up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(delayForAttempt)).toEqual([
      0, 0, 0, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000,
    ]);
  });

  it('treats an unknown login exactly like an existing one: same answers, same delays, same lock', async () => {
    const existing = await fail(demoUsers.goalOwner.login, LOGIN_THROTTLE.lockAfterFailures + 2);
    const existingWaits = waits;
    waits = [];
    const unknown = await fail('nikt.taki', LOGIN_THROTTLE.lockAfterFailures + 2);
    expect(unknown).toEqual(existing);
    expect(waits).toEqual(existingWaits);
    expect(existing).toEqual([
      ...Array<Outcome>(LOGIN_THROTTLE.lockAfterFailures).fill('invalid'),
      'throttled',
      'throttled',
    ]);
    // Both logins have a counter row: the table does not tell real accounts apart either.
    const rows = await database.db.select().from(loginAttempts);
    expect(rows.map((row) => row.login).sort()).toEqual(['nikt.taki', demoUsers.goalOwner.login].sort());
    expect(new Set(rows.map((row) => row.failures))).toEqual(new Set([LOGIN_THROTTLE.lockAfterFailures]));
  });

  it('locks after N failures: the right password is refused without being checked, and works after the lock', async () => {
    const login = demoUsers.admin.login;
    expect(await fail(login, LOGIN_THROTTLE.lockAfterFailures)).not.toContain('throttled');
    expect(verifyCalls.count).toBe(LOGIN_THROTTLE.lockAfterFailures);
    expect(waits.filter((ms) => ms > 0)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000, 5_000]);

    verifyCalls.count = 0;
    expect(await attempt(login, DEMO_PASSWORD)).toBe('throttled');
    // Any spelling of the login is the same counter.
    expect(await attempt(`  ${login.toUpperCase()} `, DEMO_PASSWORD)).toBe('throttled');
    clock += LOGIN_THROTTLE.lockMinutes * MINUTE - 2 * MINUTE;
    expect(await attempt(login, DEMO_PASSWORD)).toBe('throttled');
    expect(verifyCalls.count).toBe(0);

    clock += 2 * MINUTE;
    waits = [];
    expect(await attempt(login, DEMO_PASSWORD)).toBe('signed-in');
    expect(verifyCalls.count).toBe(1);
    expect(waits).toEqual([0]);
    expect(await database.db.select().from(loginAttempts).where(eq(loginAttempts.login, login))).toEqual([]);
  });

  it('a success resets the counter', async () => {
    const login = demoUsers.coordinator.login;
    await fail(login, LOGIN_THROTTLE.lockAfterFailures - 1);
    expect(await attempt(login, DEMO_PASSWORD)).toBe('signed-in');
    waits = [];
    // A full new allowance: no delay for the first three, no lock before another N failures.
    expect(await fail(login, LOGIN_THROTTLE.lockAfterFailures)).not.toContain('throttled');
    expect(waits.slice(0, LOGIN_THROTTLE.delayAfterFailures)).toEqual([0, 0, 0]);
    expect(await attempt(login, DEMO_PASSWORD)).toBe('throttled');
  });

  it('failures spread beyond the window never lock', async () => {
    const login = 'rozlozone.proby';
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 3 * LOGIN_THROTTLE.lockAfterFailures; i++) {
      outcomes.push(await attempt(login, 'zle-haslo'));
      clock += 2 * MINUTE;
    }
    expect(outcomes).not.toContain('throttled');
  });

  it('forgets a login once its window and its lock have passed, and keeps the others', async () => {
    const rowOf = async (login: string) =>
      (await database.db.select().from(loginAttempts).where(eq(loginAttempts.login, login)))[0];
    // One made-up login locked, one with a failure or two.
    expect(await fail('zapomniany.login', LOGIN_THROTTLE.lockAfterFailures)).toContain('invalid');
    expect(await attempt('zapomniany.login', 'zle-haslo')).toBe('throttled');
    const keep = Math.max(LOGIN_THROTTLE.windowMinutes, LOGIN_THROTTLE.lockMinutes);
    clock += (keep - 5) * MINUTE;
    await fail('pamietany.login', 2);
    // Not yet: the lock still holds.
    await attempt('ktokolwiek', 'zle-haslo');
    expect(await rowOf('zapomniany.login')).toBeDefined();
    expect(await attempt('zapomniany.login', 'zle-haslo')).toBe('throttled');

    clock += 6 * MINUTE;
    await attempt('ktokolwiek', 'zle-haslo');
    expect(await rowOf('zapomniany.login')).toBeUndefined();
    // The recent one still counts: its next failures go on from 2.
    expect((await rowOf('pamietany.login'))?.failures).toBe(2);
    // And the forgotten one starts afresh, as it would have anyway.
    waits = [];
    expect(await attempt('zapomniany.login', 'zle-haslo')).toBe('invalid');
    expect(waits).toEqual([0]);
  });

  it('simultaneous tries never check more than N passwords', async () => {
    const login = 'rownolegle';
    const outcomes = await Promise.all(
      Array.from({ length: 3 * LOGIN_THROTTLE.lockAfterFailures }, () => attempt(login, 'zle-haslo')),
    );
    expect(outcomes.filter((outcome) => outcome === 'invalid')).toHaveLength(
      LOGIN_THROTTLE.lockAfterFailures,
    );
    expect(verifyCalls.count).toBe(LOGIN_THROTTLE.lockAfterFailures);
  });
});
