import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '@/db/client';
import { demoUsers } from '@/scripts/seed/demo';
import { signInOverHttp, startAppServer } from '../support/app-server';
import {
  dbLabel,
  healthStatus,
  onPostgres,
  recordFaultFigures,
  seconds,
  servingPids,
  sleep,
} from '../support/fault-writes';

/*
 * Fault test against the production server (`npm start`), on the database of this run
 * (DATABASE_URL set: PostgreSQL; else the embedded PGlite): PostgreSQL restarted under a
 * signed-in user, who keeps requesting a page meanwhile; the app must serve again by itself,
 * without restarting. On PGlite there is no database server to restart: the case records why.
 * The other faults: faults-kill, faults-disk-full.
 */

function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Cuts every connection of the app's database (when the server itself cannot be restarted). */
async function terminateConnections(databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = await openPostgres(process.env.DATABASE_URL!);
  try {
    await admin.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`,
    );
  } finally {
    await admin.close();
  }
}

describe(`faults on ${dbLabel}`, () => {
  const sections: string[] = [];
  afterAll(() => {
    recordFaultFigures('2-postgres-restart', sections);
  });

  it('PostgreSQL restarted under a signed-in user: the app serves again within seconds, without restarting', async () => {
    const title = `### PostgreSQL restarted mid-run (${dbLabel})`;
    if (!onPostgres) {
      sections.push(
        title,
        '',
        "Not applicable: the embedded database (PGlite) lives in the server's supervisor process (scripts/lib/embedded-server.ts); there is no database server to restart apart from the app.",
        '',
      );
      return;
    }
    const version = fs.existsSync('/etc/postgresql')
      ? fs.readdirSync('/etc/postgresql').sort().at(-1)
      : undefined;
    const cluster =
      version && fs.existsSync(path.join('/etc/postgresql', version, 'main')) ? version : undefined;
    const canRestart = process.getuid?.() === 0 && cluster !== undefined && commandExists('pg_ctlcluster');
    const server = await startAppServer();
    try {
      const cookie = await signInOverHttp(server.url, demoUsers.coordinator.login);
      const pidsBefore = servingPids(server);
      const pages: { at: number; status: number }[] = [];
      const health: { at: number; status: number }[] = [];
      let polling = true;
      const poll = async (into: typeof pages, request: () => Promise<number>) => {
        while (polling) {
          const at = Date.now();
          into.push({ at, status: await request() });
          await sleep(100);
        }
      };
      const pollers = Promise.all([
        poll(pages, async () => {
          try {
            const response = await fetch(`${server.url}/inbox`, {
              headers: { cookie },
              redirect: 'manual',
              signal: AbortSignal.timeout(5_000),
            });
            await response.arrayBuffer();
            return response.status;
          } catch {
            return 0;
          }
        }),
        poll(health, () => healthStatus(server.url)),
      ]);
      await sleep(1_000);
      expect(pages.at(-1)?.status, 'the page answers before the restart').toBe(200);

      // The database goes away: stopped (fast: its connections cut), started again once the health
      // check has said 503 — a restart in two steps, so that the time it is away is seen.
      const awayAt = Date.now();
      let method: string;
      if (canRestart) {
        method = `pg_ctlcluster ${cluster} main stop -m fast, then start`;
        execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster!, 'main', 'stop', '-m', 'fast']);
      } else {
        method = 'pg_terminate_backend on every connection of the app (not root, or no pg_ctlcluster)';
        await terminateConnections(server.databaseUrl!);
      }
      try {
        await waitFor(() => health.some((probe) => probe.at >= awayAt && probe.status === 503), 15_000);
      } finally {
        if (canRestart)
          execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster!, 'main', 'start']);
      }
      const backAt = Date.now();
      await waitFor(() => pages.some((probe) => probe.at >= backAt && probe.status === 200), 60_000);
      await sleep(1_000);
      polling = false;
      await pollers;

      const firstPage = pages.find((probe) => probe.at >= backAt && probe.status === 200)!;
      const lastFailure = pages.filter((probe) => probe.status !== 200).at(-1);
      const failed = pages.filter((probe) => probe.at >= awayAt && probe.status !== 200).length;
      const saw503 = health.filter((probe) => probe.at >= awayAt && probe.status === 503).length;
      const healthAfter = health.filter((probe) => probe.at > firstPage.at + 500);
      const pidsAfter = servingPids(server);
      sections.push(
        title,
        '',
        `A signed-in user (the coordinator) requested /inbox every 0.1 s while the database went away (${method}). The app was not restarted.`,
        '',
        '| measure | value |',
        '| --- | --- |',
        `| seconds the database was away (stop to started again) | ${seconds(backAt - awayAt)} s |`,
        `| seconds from the database's start to the first page answered 200 | ${seconds(firstPage.at - backAt)} s |`,
        `| seconds the user saw no page (first failure to the first 200 after) | ${seconds(firstPage.at - (pages.find((probe) => probe.at >= awayAt && probe.status !== 200)?.at ?? firstPage.at))} s |`,
        `| page requests that failed meanwhile | ${failed} |`,
        `| /api/health answered 503 while the database was away | ${saw503} times; 200 after it came back: ${healthAfter.every((probe) => probe.status === 200) ? 'yes' : 'no'} |`,
        `| serving process pid before / after | ${pidsBefore.join(', ')} / ${pidsAfter.join(', ')} (${JSON.stringify(pidsBefore) === JSON.stringify(pidsAfter) ? 'unchanged' : 'CHANGED'}) |`,
        '',
      );
      expect(saw503, '/api/health says 503 while the database is away').toBeGreaterThan(0);
      expect(healthAfter.length).toBeGreaterThan(0);
      expect(healthAfter.every((probe) => probe.status === 200)).toBe(true);
      expect(lastFailure === undefined || lastFailure.at < firstPage.at).toBe(true);
      expect(firstPage.at - backAt, 'serves again within seconds').toBeLessThan(15_000);
      expect(pidsAfter).toEqual(pidsBefore);
    } finally {
      await server.stop();
    }
  });
});
