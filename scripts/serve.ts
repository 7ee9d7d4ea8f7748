/**
 * The production server (started by scripts/start.ts once the build is current): Next's request
 * handler behind a bounded queue, in one process or, with APP_PROCESSES > 1 (PostgreSQL only),
 * in several that share the port (node:cluster), under a supervisor that restarts a crashed one.
 *
 * The queue (scripts/lib/request-queue.ts): at most MAX_CONCURRENT_REQUESTS requests are rendered
 * at once per process; the rest wait their turn (pages before prefetches), and one whose visitor
 * has gone before its turn is not rendered at all. Without the bound, a burst (everyone at the
 * reporting deadline) has thousands of pages rendering side by side on Node's one thread: each
 * finishes late, memory grows with the crowd, and garbage collection eats the throughput. Static
 * files and the health check skip the queue. The queue is per process and holds nothing another
 * process or instance needs.
 *
 * The processes: Node renders on one core; APP_PROCESSES processes use as many. Everything they
 * share lives in PostgreSQL (sessions, login counters, migrations under an advisory lock). In
 * every mode the first process is a supervisor that serves no page and starts a serving process
 * again when it dies (superviseProcesses below). Without DATABASE_URL the supervisor also opens the
 * embedded database (PGlite) and serves it on a Unix socket (./lib/embedded-server.ts): its memory
 * and its statements stay out of the serving process. lib/env.ts still refuses more than one
 * serving process there: one engine runs one statement at a time, so more processes would wait.
 *
 * The public pages (`/public/…`, `/sitemap.xml`, `/robots.txt`) are the same for every visitor:
 * each serving process answers them from its cache (scripts/lib/public-cache.ts) in front of the
 * queue, renders a missing one once through Next (an internal request to the port, through the
 * queue), and reads the public revision about once a second to drop what a change made old.
 */
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { getDb } from '../lib/db';
import { parseEnv } from '../lib/env';
import { readPublicRevision } from '../lib/public/revision';
import { SERVER_SETTINGS, admit } from './lib/edge';
import { passFrontDoor } from './lib/front-door';
import { loopbackGet } from './lib/loopback-get';
import { type EmbeddedServer, serveEmbeddedDatabase } from './lib/embedded-server';
import { servingHeapArgs } from './lib/heap';
import { POLL_MS, type Rendered, createPublicCache, publicCacheKey } from './lib/public-cache';
import { createRequestQueue } from './lib/request-queue';
import { RESTART_POLICY, createRestartPolicy, describeExit } from './lib/restart-policy';
import { seedDemoOnStart } from './seed/on-start';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || '0.0.0.0';
const env = parseEnv(process.env);
const { MAX_CONCURRENT_REQUESTS: concurrency, APP_PROCESSES: processes } = env;
const ready = `[monitor] ready on http://localhost:${port}`;

const SKIPS_QUEUE = /^\/(?:_next\/static\/|favicon\.ico|api\/health(?:$|\?))/;

/**
 * The header of the cache's own render requests (any serving process may get one: the port is
 * shared), with a secret the supervisor makes at start and its processes inherit: such a request
 * goes to Next through the queue, never to the cache.
 */
const RENDER_HEADER = 'x-monitor-public-render';
const RENDER_SECRET_VARIABLE = 'MONITOR_PUBLIC_RENDER_SECRET';

/** The address the cache's render requests go to: this server, on the loopback when it listens on all. */
const loopback = ['0.0.0.0', '::', ''].includes(hostname) ? '127.0.0.1' : hostname;

/**
 * One render of a public key through Next, for the cache: an anonymous GET (no cookie, no
 * Accept-Encoding: the cache keeps the plain body) with the Host of the configured site URL, never
 * a visitor's (a visitor's Host would otherwise end up in links served to everyone).
 */
function renderThroughNext(key: string, agent: http.Agent): Promise<Rendered> {
  const site = new URL(process.env.NEXTAUTH_URL ?? `http://localhost:${port}`);
  return loopbackGet({
    host: loopback,
    port,
    path: key,
    agent,
    headers: {
      host: site.host,
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      [RENDER_HEADER]: process.env[RENDER_SECRET_VARIABLE],
    },
    timeoutMs: SERVER_SETTINGS.requestTimeout,
  });
}

/** With SEED_DEMO=true, the demo data goes into an empty database before anything is served. */
async function seedDemoData() {
  // The embedded database is loaded by the supervisor, which serves it (./lib/embedded-server.ts).
  if (env.SEED_DEMO !== 'true' || env.EMBEDDED_DATABASE_SOCKET) return;
  try {
    await seedDemoOnStart({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  } catch (error) {
    console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

async function serveRequests() {
  await seedDemoData();
  // tsx, which runs this file, turns Node's source maps on for its TypeScript. Left on in a serving
  // process, Node would read and keep the source map of every compiled chunk of the build that Next
  // loads (.next/server: ~40 MB of maps and the sources inside them, held in the heap for the life
  // of the process) and translate the stack of every error created while rendering. Next's build is
  // compiled code in production: its stack traces stay as compiled (issue 28).
  process.setSourceMapsEnabled(false);
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  const queue = createRequestQueue(concurrency);
  const renderAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 });
  const renderSecret = process.env[RENDER_SECRET_VARIABLE];
  const publicCache = createPublicCache({
    render: (key) => renderThroughNext(key, renderAgent),
    // Tests count renders in the log (tests/reliability/public-cache.test.ts); off in production.
    onRender:
      process.env.PUBLIC_CACHE_LOG === 'renders'
        ? (key, rendered, revision) =>
            console.log(
              `[public-cache] process ${process.pid} rendered ${key}: ${rendered.status} at revision ${revision}`,
            )
        : undefined,
  });

  /** Hands one request to Next and resolves when its response is over (sent, or the visitor gone). */
  function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      response.once('close', () => resolve());
      handle(request, response).catch((error: unknown) => {
        console.error(error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  await app.prepare();
  await watchPublicRevision(publicCache.setRevision);
  // The edge (scripts/lib/edge.ts): timeouts and header size here, origin, body size and the
  // encoding of server actions in admit(); what passes goes on to the public cache, or to Next
  // through the front door (./lib/front-door.ts: security headers, nonce, sign-in redirect, in
  // place of proxy.ts) and the queue.
  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) =>
    void admit(request, response, (admitted) => {
      if (SKIPS_QUEUE.test(admitted.url ?? '')) {
        if (!passFrontDoor(admitted, response)) void serve(admitted, response);
        return;
      }
      const toNext = () => {
        if (!passFrontDoor(admitted, response)) void queue.enqueue(admitted, () => serve(admitted, response));
      };
      const isRender = renderSecret !== undefined && admitted.headers[RENDER_HEADER] === renderSecret;
      const key = isRender ? null : publicCacheKey(admitted);
      if (key === null) return toNext();
      publicCache.serve(key, admitted, response, toNext).catch((error: unknown) => {
        console.error(error);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  http.createServer(SERVER_SETTINGS, onRequest).on('checkContinue', onRequest).listen(port, hostname);
}

/**
 * Reads the public revision now and then every POLL_MS, one small query through the app's own
 * database (lib/db.ts keeps one per process on globalThis, so this is the connection Next's pages
 * use: one connection on the embedded database's socket). A failed reading is
 * logged once; the cache stops answering from memory while they fail (public-cache.ts).
 */
async function watchPublicRevision(setRevision: (revision: number) => void) {
  let reading = false;
  let failing = false;
  const read = async () => {
    if (reading) return;
    reading = true;
    try {
      setRevision(await readPublicRevision(await getDb()));
      if (failing) console.log('[public-cache] reading the public revision again');
      failing = false;
    } catch (error) {
      if (!failing) {
        console.error(
          `[public-cache] cannot read the public revision, public pages go to Next: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      failing = true;
    } finally {
      reading = false;
    }
  };
  await read();
  setInterval(() => void read(), POLL_MS).unref();
}

/**
 * The supervisor, in every mode: the first process serves nothing itself, it starts the serving
 * processes (one on the embedded database, APP_PROCESSES on PostgreSQL), starts one again when it
 * ends unexpectedly (a crash, an out-of-memory abort, a SIGKILL), with the backoff and the
 * crash-loop stop of ./lib/restart-policy.ts, logs each restart with its cause, and stops them all
 * on SIGINT/SIGTERM (then closes the embedded database it serves).
 */
async function superviseProcesses() {
  // The embedded database is opened, migrated and loaded here, and served to the serving process.
  let embedded: EmbeddedServer | undefined;
  if (!env.DATABASE_URL) {
    try {
      embedded = await serveEmbeddedDatabase(env.DATA_DIR, env.SEED_DEMO === 'true');
    } catch (error) {
      console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    process.env.EMBEDDED_DATABASE_SOCKET = embedded.socketPath;
  }
  /** Ends the supervisor once its serving processes have: the embedded database is closed first. */
  let finishing = false;
  const finish = () => {
    if (finishing) return;
    finishing = true;
    void (embedded?.stop() ?? Promise.resolve())
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit());
  };
  // One process accepts its connections itself; several share them round-robin through this one.
  if (processes === 1) cluster.schedulingPolicy = cluster.SCHED_NONE;
  // The serving processes inherit it (the public cache's render requests may reach any of them).
  process.env[RENDER_SECRET_VARIABLE] = crypto.randomBytes(32).toString('base64url');
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();
  const policy = createRestartPolicy();

  const stopAll = (signal: NodeJS.Signals = 'SIGTERM') => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) finish();
    for (const worker of workers) worker?.process.kill(signal);
    // A process that does not end within 10 s of the signal is killed.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, 10_000).unref();
  };

  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (announced) console.log(`[monitor] process ${worker.process.pid} serving again`);
    if (!announced && listening.size === processes) {
      announced = true;
      const each =
        processes > 1
          ? `${processes} processes, ${concurrency} requests at a time each`
          : `${concurrency} requests at a time`;
      console.log(`${ready} (${each})`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    const pid = worker.process.pid;
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) finish();
      return;
    }
    const cause = describeExit(code, signal);
    const decision = policy.crashed(Date.now());
    if (decision.action === 'stop') {
      console.error(
        `[monitor] process ${pid} ${cause}. That is ${decision.crashesInWindow} unexpected ends within ` +
          `${RESTART_POLICY.windowMs / 1000} s: a crash loop, which restarting will not cure. Stopping; ` +
          'the messages above say why the processes ended (a setting, the database, the disk).',
      );
      process.exitCode = 1;
      stopAll();
      return;
    }
    console.error(
      `[monitor] process ${pid} ${cause}; starting it again in ${decision.delayMs / 1000} s ` +
        `(${decision.crashesInWindow} of ${RESTART_POLICY.maxCrashes} allowed within ${RESTART_POLICY.windowMs / 1000} s)`,
    );
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, decision.delayMs);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(signal));
  // Each serving process gets the heap limit, if one is set (README, "Memory"): a restarted one too.
  const heapLimit = servingHeapArgs(env.APP_HEAP_MIB);
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...heapLimit] });
  for (let i = 0; i < processes; i++) cluster.fork();
}

if (cluster.isPrimary) {
  await superviseProcesses();
} else {
  // A serving process whose supervisor is gone (killed) ends too, rather than serve unsupervised.
  process.on('disconnect', () => process.exit(1));
  await serveRequests();
}
