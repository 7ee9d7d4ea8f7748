/**
 * The production server for the reliability suite's fault tests: `npm start` (scripts/start.ts,
 * which builds only when the sources changed) on a free port, on a database of its own, with the
 * demo data and the workflow fixture written before it starts. Embedded: a fresh DATA_DIR in the
 * temp folder. With DATABASE_URL: a throw-away database on that server (never the configured one).
 *
 * Besides starting and stopping, it keeps the server's output (`logs`), finds the pids of the
 * process tree (to kill the serving process with SIGKILL, as a crash would), samples a process's
 * resident memory, and signs a demo user in over HTTP (next-auth's credentials flow).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { createThrowawayDatabase } from '@/scripts/lib/throwaway-database';
import { DEMO_PASSWORD, seedDemoData } from '@/scripts/seed/demo';
import { type WorkflowFixture, addWorkflowFixture } from './fixtures';

const root = path.resolve(import.meta.dirname, '../..');

export interface AppServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  dataDir: string;
  /** The throw-away database's URL on PostgreSQL; undefined on the embedded database. */
  databaseUrl: string | undefined;
  /** The `npm start` process (scripts/start.ts). */
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr, line by line. */
  logs: string[];
  /** Waits until /api/health answers 200 (or throws after `timeoutMs`). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /**
   * Stops the server (SIGTERM, then SIGKILL) and removes its data folder and database; with
   * `keepData`, keeps them to be read directly (remove them later with `cleanup`).
   */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Removes the data folder and database kept by `stop({ keepData: true })`. */
  cleanup(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startAppServer(
  options: {
    env?: NodeJS.ProcessEnv;
    dataDir?: string;
    seed?: boolean;
    /** Runs on the seeded database before the server starts (more data, or reading ids for the test). */
    prepare?: (database: Database, fixture: WorkflowFixture) => Promise<void>;
  } = {},
): Promise<AppServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ms-rel-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    SEED_DEMO: 'true',
    ...options.env,
  };
  for (const name of ['NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'VITEST', 'NODE_ENV'])
    Reflect.deleteProperty(env, name);

  let dropDatabase = async () => {};
  if (process.env.DATABASE_URL) {
    const throwaway = await createThrowawayDatabase(process.env.DATABASE_URL, 'ms_rel');
    env.DATABASE_URL = throwaway.url;
    dropDatabase = throwaway.drop;
  } else {
    delete env.DATABASE_URL;
  }
  if (options.seed !== false) {
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    await migrateDatabase(database);
    await seedDemoData(database.db);
    const fixture = await addWorkflowFixture(database.db);
    await options.prepare?.(database, fixture);
    await database.close();
  }

  const logs: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      logs.push(...lines);
    });
  }
  const url = `http://127.0.0.1:${port}`;

  const server: AppServer = {
    url,
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    process: child,
    logs,
    async waitHealthy(timeoutMs = 300_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) {
          throw new Error(`the server ended (code ${child.exitCode}):\n${logs.slice(-30).join('\n')}`);
        }
        try {
          const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
          if (response.ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`the server did not become healthy in ${timeoutMs} ms:\n${logs.slice(-30).join('\n')}`);
    },
    async stop(stopOptions = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const ended = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          for (const pid of [child.pid!, ...descendantPids(child.pid!)]) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }, 15_000);
        await ended;
        clearTimeout(timer);
      }
      if (!stopOptions.keepData) await server.cleanup();
    },
    async cleanup() {
      await dropDatabase();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await server.waitHealthy();
  return server;
}

/** The pids of every descendant of `pid` (children first), read from /proc. */
export function descendantPids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const result: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      result.push(child);
      visit(child);
    }
  };
  visit(pid);
  return result;
}

/** The command line of a process, or '' when it has ended. */
export function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The parent of a process, or 0 when it has ended. */
function parentOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command may hold spaces and parentheses: the fields after the last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * The server's processes under `npm start`: the supervisor (scripts/serve.ts's first process) and the
 * serving processes it started (scripts/serve.ts processes whose parent is the supervisor). Between
 * a crash and the restart, `serving` is empty.
 */
export function serverProcesses(server: AppServer): { supervisor: number | undefined; serving: number[] } {
  const serve = descendantPids(server.process.pid!).filter((pid) =>
    commandLineOf(pid).includes('scripts/serve.ts'),
  );
  const isServing = (pid: number) => serve.includes(parentOf(pid));
  return { supervisor: serve.find((pid) => !isServing(pid)), serving: serve.filter(isServing) };
}

/** A process's resident memory in bytes (VmRSS), or 0 when it has ended. */
export function residentBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Signs a demo user in over HTTP as a browser would; returns the Cookie header of the session. */
export async function signInOverHttp(url: string, login: string, password = DEMO_PASSWORD): Promise<string> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const csrfResponse = await fetch(`${url}/api/auth/csrf`);
  keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, login, password, json: 'true' }),
  });
  keep(response);
  const session = [...cookies.keys()].find((name) => name.includes('session-token'));
  if (!session) throw new Error(`sign-in of ${login} failed: ${response.status}`);
  return cookieHeader();
}
