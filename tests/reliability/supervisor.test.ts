/**
 * `npm start` supervises the server in every mode (scripts/serve.ts, scripts/lib/restart-policy.ts):
 * a serving process killed as a crash would kill it is started again by itself; a crash loop stops
 * with a message that says why; the supervisor's own death takes its serving process with it (no
 * orphan keeps the port or the embedded database's lock). Run on the database of the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { embeddedFolderOf } from '@/db/client';
import { afterEach, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures';
import { type AppServer, commandLineOf, serverProcesses, startAppServer } from '../support/app-server';

const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

const servingPid = (server: AppServer) => serverProcesses(server).serving[0];

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function healthy(server: AppServer): Promise<boolean> {
  try {
    const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

const lines: string[] = [];
let server: AppServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe(`the supervisor (${database})`, () => {
  it('starts a killed serving process again and logs the cause; the embedded database stays open', async () => {
    // A heap limit (README, "Memory") goes to the first serving process and to every restarted one.
    server = await startAppServer({ env: { ...process.env, APP_HEAP_MIB: '768' } });
    const timesToServe: number[] = [];
    let pid = servingPid(server)!;
    expect(pid).toBeDefined();
    expect(commandLineOf(pid)).toContain('--max-old-space-size=768');
    for (let kill = 0; kill < 3; kill++) {
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      const next = await waitFor('a new serving process', () => {
        const found = servingPid(server!);
        return found !== undefined && found !== pid ? found : undefined;
      });
      await waitFor('health', async () => ((await healthy(server!)) ? true : undefined));
      timesToServe.push(Date.now() - killedAt);
      if (!process.env.DATABASE_URL) {
        // The supervisor serves the embedded database: its lock stays with it, whatever became of
        // the serving process.
        expect(fs.readFileSync(`${path.resolve(embeddedFolderOf(server.dataDir))}.lock`, 'utf8')).toBe(
          String(serverProcesses(server).supervisor),
        );
      }
      expect(server.logs.join('\n')).toContain(`process ${pid} killed by SIGKILL`);
      expect(commandLineOf(next)).toContain('--max-old-space-size=768');
      pid = next;
    }
    expect(server.process.exitCode).toBeNull();
    const delays = server.logs.flatMap((line) => /starting it again in ([\d.]+) s/.exec(line)?.[1] ?? []);
    expect(delays).toHaveLength(3);
    lines.push(
      `- A serving process killed with SIGKILL 3 times: started again by the supervisor each time, serving again after ${timesToServe
        .map((ms) => `${(ms / 1000).toFixed(1)} s`)
        .join(
          ', ',
        )} (the supervisor's backoff included: it waited ${delays.join(' s, ')} s); each restart logged with its cause.`,
    );
  });

  it('stops a crash loop with a message that says why', async () => {
    server = await startAppServer();
    const started = Date.now();
    const ended = new Promise<number | null>((resolve) =>
      server!.process.once('exit', (code) => resolve(code)),
    );
    let kills = 0;
    while (server.process.exitCode === null && Date.now() - started < 120_000) {
      const pid = await waitFor(
        'a serving process',
        () => servingPid(server!) ?? (server!.process.exitCode !== null ? -1 : undefined),
      );
      if (pid === -1) break;
      process.kill(pid, 'SIGKILL');
      kills++;
      await waitFor('the process to end', () => (servingPid(server!) === pid ? undefined : true));
    }
    const code = await ended;
    expect(code).toBe(1);
    expect(kills).toBe(5);
    expect(server.logs.join('\n')).toMatch(/5 unexpected ends within 60 s: a crash loop/);
    expect(await healthy(server)).toBe(false);
    lines.push(
      `- Killed 5 times within ${((Date.now() - started) / 1000).toFixed(0)} s: the supervisor stopped (exit code ${code}) with “a crash loop, which restarting will not cure”.`,
    );
  });

  it('takes its serving process with it when the supervisor itself is killed', async () => {
    server = await startAppServer();
    const supervisor = serverProcesses(server).supervisor!;
    const worker = servingPid(server)!;
    process.kill(supervisor, 'SIGKILL');
    await waitFor(
      'the serving process to end',
      () => (commandLineOf(worker) === '' ? true : undefined),
      30_000,
    );
    lines.push(
      '- The supervisor killed with SIGKILL: its serving process ended too (no orphan holds the port or the lock).',
    );
    recordFigures(`supervisor-${database}`, `Supervisor (${database})`, lines);
  });
});
