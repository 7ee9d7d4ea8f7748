import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db/client';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { LOGIN_THROTTLE } from '@/lib/auth/login-throttle';
import { LoginThrottledError, signInWithPassword } from '@/lib/auth/sessions';
import pl from '@/messages/pl.json';
import { recordFigures } from '../support/figures';
import { createMigrated, testBackends } from '../support/test-db';

/*
 * A password guesser against one login, on a simulated clock: every answer costs the delay the
 * server imposes, the attacker retries at once. Counted: password checks made, delays, the lock,
 * and whether an unknown login can be told from a real one.
 */

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
const HOUR = 3_600_000;
const messageOf = { invalid: pl.login.invalid, throttled: pl.login.throttled, 'signed-in': '' } as const;

interface Run {
  messages: string[];
  delays: number[];
  checks: number;
  lockedAtTry: number | null;
  lockedAtMs: number | null;
}

describe.each(testBackends())('login abuse on $name', (backend) => {
  let database: Database;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
  });
  afterAll(async () => {
    recordFigures(
      `login-abuse-${backend.name}`,
      `Login abuse (${backend.name === 'postgres' ? 'PostgreSQL' : 'PGlite'})`,
      lines,
    );
    await database?.close();
  });

  async function attempt(login: string, password: string, now: number, delays: number[]) {
    try {
      const result = await signInWithPassword(database.db, { login, password }, limits, {
        now: new Date(now),
        wait: async (ms) => {
          delays.push(ms);
        },
      });
      return result ? 'signed-in' : 'invalid';
    } catch (error) {
      if (error instanceof LoginThrottledError) return 'throttled';
      throw error;
    }
  }

  /** Wrong passwords as fast as the server answers, for `durationMs` of simulated time. */
  async function guess(login: string, start: number, durationMs: number): Promise<Run> {
    const run: Run = { messages: [], delays: [], checks: 0, lockedAtTry: null, lockedAtMs: null };
    verifyCalls.count = 0;
    let now = start;
    while (now < start + durationMs) {
      const before = run.delays.length;
      const outcome = await attempt(login, 'haslo-' + run.messages.length, now, run.delays);
      run.messages.push(messageOf[outcome]);
      if (outcome === 'throttled' && run.lockedAtTry === null) {
        run.lockedAtTry = run.messages.length;
        run.lockedAtMs = now - start;
      }
      // Each answer takes its delay plus a second of the attacker's own; a locked answer is instant,
      // so a locked stretch is skipped a minute at a time rather than simulated try by try.
      now += outcome === 'throttled' ? 60_000 : (run.delays[before] ?? 0) + 1_000;
    }
    run.checks = verifyCalls.count;
    return run;
  }

  it('a guesser gets at most N password checks per lock period, and an unknown login looks the same', async () => {
    const start = Date.parse('2030-05-04T09:00:00Z');
    const real = await guess(demoUsers.goalOwner.login, start, HOUR);
    const unknown = await guess('ktos.nieistniejacy', start, HOUR);

    const firstDelays = real.delays.slice(0, LOGIN_THROTTLE.lockAfterFailures);
    lines.push(
      `- Policy: from the ${LOGIN_THROTTLE.delayAfterFailures + 1}th try within ${LOGIN_THROTTLE.windowMinutes} min each answer waits ` +
        `(${LOGIN_THROTTLE.baseDelayMs / 1000} s doubling, at most ${LOGIN_THROTTLE.maxDelayMs / 1000} s); ` +
        `${LOGIN_THROTTLE.lockAfterFailures} failures lock the login for ${LOGIN_THROTTLE.lockMinutes} min without checking passwords.`,
      `- One hour of guessing against \`${demoUsers.goalOwner.login}\` (an existing login; retrying at once, once a minute while locked): ${real.messages.length} tries answered, ` +
        `${real.checks} passwords checked; delays of the first ${firstDelays.length} tries (s): ${firstDelays.map((ms) => ms / 1000).join(', ')}; ` +
        `locked at try ${real.lockedAtTry}, ${Math.round((real.lockedAtMs ?? 0) / 1000)} s after the first.`,
      `- The same against an unknown login: ${unknown.messages.length} tries, ${unknown.checks} passwords checked, locked at try ${unknown.lockedAtTry}; ` +
        `messages shown identical to the existing login's, try by try: ${JSON.stringify(unknown.messages) === JSON.stringify(real.messages) ? 'yes' : 'NO'}; ` +
        `delays identical: ${JSON.stringify(unknown.delays) === JSON.stringify(real.delays) ? 'yes' : 'NO'}.`,
      `- Messages: “${pl.login.invalid}” for every failure before the lock, “${pl.login.throttled}” during it.`,
    );
    expect(unknown.messages).toEqual(real.messages);
    expect(unknown.delays).toEqual(real.delays);
    expect(real.lockedAtTry).toBe(LOGIN_THROTTLE.lockAfterFailures + 1);
    // An hour holds at most a handful of lock periods: N checks each.
    const periods = Math.ceil(HOUR / (LOGIN_THROTTLE.lockMinutes * 60_000));
    expect(real.checks).toBeLessThanOrEqual(periods * LOGIN_THROTTLE.lockAfterFailures);
    expect(real.checks).toBe(unknown.checks);

    // After the lock has run out, the owner signs in with the right password.
    const later = start + HOUR + (LOGIN_THROTTLE.lockMinutes + 1) * 60_000;
    expect(await attempt(demoUsers.goalOwner.login, DEMO_PASSWORD, later, [])).toBe('signed-in');
    lines.push(`- The right password after the lock has run out: signed in.`);
  });

  it('simultaneous guesses (separate connections on PostgreSQL) never get past N checks', async () => {
    const PARALLEL = 100;
    verifyCalls.count = 0;
    const now = Date.parse('2030-05-04T12:00:00Z');
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => attempt(demoUsers.admin.login, 'rownolegle-' + i, now, [])),
    );
    const refused = outcomes.filter((outcome) => outcome === 'throttled').length;
    lines.push(
      `- ${PARALLEL} simultaneous wrong passwords for one login: ${verifyCalls.count} passwords checked, ` +
        `${refused} refused by the lock unchecked.`,
    );
    expect(verifyCalls.count).toBe(LOGIN_THROTTLE.lockAfterFailures);
    expect(refused).toBe(PARALLEL - LOGIN_THROTTLE.lockAfterFailures);
    // The owner's right password is refused during the lock, too.
    expect(await attempt(demoUsers.admin.login, DEMO_PASSWORD, now + 60_000, [])).toBe('throttled');
  });
});
