import { afterAll, describe, expect, it } from 'vitest';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import { RESTART_POLICY } from '@/scripts/lib/restart-policy';
import { demoUsers } from '@/scripts/seed/demo';
import { signInOverHttp, startAppServer } from '../support/app-server';
import { type Baseline, baselineOf, readBack, verifyWrites } from '../support/fault-checks';
import {
  dbLabel,
  healthStatus,
  type Outcome,
  type Prepared,
  prepareWrites,
  recordFaultFigures,
  seconds,
  servingPids,
  sleep,
  type Write,
  WriteDriver,
} from '../support/fault-writes';
import { fixtureLogins } from '../support/fixtures';

/*
 * Fault test against the production server (`npm start`), on the database of this run
 * (DATABASE_URL set: PostgreSQL; else the embedded PGlite): the serving process killed with
 * SIGKILL in the middle of bursts of writes. Writes go over HTTP through the server actions, as the
 * browser sends them (tests/support/fault-writes.ts); the database is read directly afterwards
 * (tests/support/fault-checks.ts). The other faults: faults-postgres-restart, faults-disk-full.
 */

const KILLS = 10;
/** The supervisor stops after this many unexpected ends within a minute (scripts/lib/restart-policy.ts). */
const CRASH_LOOP_KILLS = RESTART_POLICY.maxCrashes;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The failures' codes and how many of each, e.g. "conflict: 5, failed: 2". */
function failureCodes(writes: Write[]): string {
  const codes = new Map<string, number>();
  for (const write of writes)
    if (write.outcome === 'failed') codes.set(write.code ?? '?', (codes.get(write.code ?? '?') ?? 0) + 1);
  return [...codes].map(([code, n]) => `${code}: ${n}`).join(', ') || 'none';
}

describe(`faults on ${dbLabel}`, () => {
  const sections: string[] = [];
  afterAll(() => {
    recordFaultFigures('1-kill', sections);
  });

  it(`SIGKILL of the serving process in the middle of bursts of writes, ${KILLS} times: it serves again by itself, every answered write is there once, none that failed is half there`, async () => {
    const prepared: Prepared = { reports: [], card: { taskId: 0, form: {} as TaskCardInput } };
    let baseline: Baseline = { reports: new Map() };
    const server = await startAppServer({
      prepare: async (database, fixture) => {
        await prepareWrites(database, fixture, prepared);
        baseline = await baselineOf(database, prepared);
      },
    });
    const recoveries: number[] = [];
    let driver: WriteDriver | undefined;
    try {
      const logins = [
        fixtureLogins.executor,
        fixtureLogins.otherExecutor,
        fixtureLogins.otherCoordinator,
        fixtureLogins.otherGoalOwner,
        demoUsers.coordinator.login,
        demoUsers.goalOwner.login,
      ];
      const cookies: Record<string, string> = {};
      for (const login of logins) cookies[login] = await signInOverHttp(server.url, login);
      driver = new WriteDriver(server, cookies);
      const fixtureActors = {
        executor: fixtureLogins.executor,
        coordinator: demoUsers.coordinator.login,
        goalOwner: demoUsers.goalOwner.login,
      };
      const streams = [
        driver.reportStream(prepared.reports[0]!, fixtureActors),
        driver.reportStream(prepared.reports[1]!, fixtureActors),
        driver.reportStream(prepared.reports[2]!, {
          executor: fixtureLogins.otherExecutor,
          coordinator: fixtureLogins.otherCoordinator,
          goalOwner: fixtureLogins.otherGoalOwner,
        }),
        driver.cardStream(prepared.card, demoUsers.coordinator.login),
      ];
      const failedStreams = Promise.all(streams).then(
        () => null,
        (error: unknown) => error,
      );

      const killTimes: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        // A burst: the streams write for a while, then the serving process dies under them. The
        // supervisor takes 5 unexpected ends within a minute for a crash loop and stops: at most 4
        // kills fall in any minute (the streams keep writing while the test waits).
        const before = driver.writes.length;
        const earliest = (killTimes.at(-(CRASH_LOOP_KILLS - 1)) ?? 0) + RESTART_POLICY.windowMs + 1_000;
        await sleep(
          Math.max(
            700 + Math.random() * 1300,
            killTimes.length >= CRASH_LOOP_KILLS - 1 ? earliest - Date.now() : 0,
          ),
        );
        // The burst must have writes answered before the kill (else it was no burst).
        const answered = () => driver!.writes.slice(before).some((write) => write.outcome !== 'no answer');
        const burstDeadline = Date.now() + 30_000;
        while (!answered() && Date.now() < burstDeadline) await sleep(100);
        if (!answered())
          throw new Error(
            `no write answered within 30 s in burst ${kill + 1}: ${JSON.stringify(driver.writes.slice(-6))}\n${server.logs.slice(-30).join('\n')}`,
          );
        const serving = servingPids(server);
        expect(serving.length, 'a serving process').toBeGreaterThan(0);
        const victim = serving[kill % serving.length]!;
        const servedAgain = server.logs.filter((line) => line.includes('serving again')).length;
        const killedAt = Date.now();
        process.kill(victim, 'SIGKILL');
        killTimes.push(killedAt);
        // Serves again by itself: the supervisor says a new process listens, and the health check answers.
        for (;;) {
          const again = server.logs.filter((line) => line.includes('serving again')).length > servedAgain;
          if (again && !servingPids(server).includes(victim) && (await healthStatus(server.url)) === 200)
            break;
          if (server.process.exitCode !== null || Date.now() - killedAt > 90_000)
            throw new Error(`not serving again 90 s after the kill:\n${server.logs.slice(-30).join('\n')}`);
          await sleep(50);
        }
        recoveries.push(Date.now() - killedAt);
      }
      await sleep(1_500);
      driver.stopped = true;
      const streamError = await failedStreams;
      if (streamError) throw streamError;
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      if (driver) driver.stopped = true;
    }

    // The server stopped, its database read directly.
    await server.stop({ keepData: true });
    const check = await readBack(server, (database) =>
      verifyWrites(database, prepared, baseline, driver!.writes),
    );
    const count = (outcome: Outcome) => driver!.writes.filter((write) => write.outcome === outcome).length;
    sections.push(
      `### SIGKILL in the middle of bursts of writes (${dbLabel})`,
      '',
      `The serving process (scripts/serve.ts) killed with SIGKILL ${recoveries.length} times while three report workflows (draft saved, submitted, accepted, approved or returned, approval withdrawn) and a card editor wrote over HTTP through the server actions. Every write carries a unique marker; the database was read directly afterwards.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| kills | ${recoveries.length} |`,
      `| writes answered success | ${count('success')} |`,
      `| writes answered with a failure (a retry's conflict after an unanswered copy was committed, or the database away) | ${count('failed')} (${failureCodes(driver.writes)}) |`,
      `| writes without an answer (cut by the kill) | ${count('no answer')} |`,
      `| time to serve again, min / median / max | ${seconds(Math.min(...recoveries))} s / ${seconds(median(recoveries))} s / ${seconds(Math.max(...recoveries))} s |`,
      `| mismatches (answered write missing or twice, failed write present, audit ≠ data) | ${check.mismatches.length} |`,
      '',
    );
    expect(check.mismatches).toEqual([]);
    expect(recoveries).toHaveLength(KILLS);
  });
});
