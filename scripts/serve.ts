/**
 * The production server (started by scripts/start.ts once the build is current): Next's request
 * handler behind a bounded queue, in one process or, with APP_PROCESSES > 1 (PostgreSQL only),
 * in several that share the port (node:cluster).
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
 * share lives in PostgreSQL (sessions, login counters, migrations under an advisory lock). The
 * embedded database opens its folder in one process only, so lib/env.ts refuses more than one
 * process without DATABASE_URL. A process that dies is replaced.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { parseEnv } from '../lib/env';
import { SERVER_SETTINGS, admit } from './lib/edge';
import { createRequestQueue } from './lib/request-queue';
import { seedDemoOnStart } from './seed/on-start';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || '0.0.0.0';
const env = parseEnv(process.env);
const { MAX_CONCURRENT_REQUESTS: concurrency, APP_PROCESSES: processes } = env;
const ready = `[monitor] ready on http://localhost:${port}`;

const SKIPS_QUEUE = /^\/(?:_next\/static\/|favicon\.ico|robots\.txt|api\/health(?:$|\?))/;

/** With SEED_DEMO=true, the demo data goes into an empty database before anything is served. */
async function seedDemoData() {
  if (env.SEED_DEMO !== 'true') return;
  try {
    await seedDemoOnStart({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  } catch (error) {
    console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

async function serveRequests(announce: boolean) {
  await seedDemoData();
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  const queue = createRequestQueue(concurrency);

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
  // The edge (scripts/lib/edge.ts): timeouts and header size here, origin, body size and the
  // encoding of server actions in admit(); what passes goes on to Next, through the queue.
  const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) =>
    void admit(request, response, (admitted) => {
      if (SKIPS_QUEUE.test(admitted.url ?? '')) {
        void serve(admitted, response);
        return;
      }
      void queue.enqueue(admitted, () => serve(admitted, response));
    });
  http
    .createServer(SERVER_SETTINGS, onRequest)
    .on('checkContinue', onRequest)
    .listen(port, hostname, () => {
      if (announce) console.log(`${ready} (${concurrency} requests at a time)`);
    });
}

/** The first process of several: starts them, replaces one that dies, stops them on a signal. */
function superviseProcesses() {
  let stopping = false;
  /** The processes that got as far as serving, and when each was started. */
  const served = new Set<number>();
  const startedAt = new Map<number, number>();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());

  cluster.on('listening', (worker) => {
    served.add(worker.id);
    if (served.size === processes) {
      console.log(`${ready} (${processes} processes, ${concurrency} requests at a time each)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(`[monitor] process ${worker.process.pid} ended (${signal ?? `code ${code}`})`);
    // One that could not start (a wrong setting, the database away: the database is opened before
    // the port is) would only fail again: stop, as a single process would.
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    if (!served.has(worker.id) || lived < 60_000) {
      console.error('[monitor] it ended within a minute of starting: stopping');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
    });
  }
  for (let i = 0; i < processes; i++) fork();
}

if (processes > 1 && cluster.isPrimary) superviseProcesses();
else await serveRequests(cluster.isPrimary);
