// Over 500 lines (the benchmark): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
/**
 * `npm run bench`: a script, not a test (these machines are shared and noisy). It generates a
 * city-scale strategy (~600 tasks over 10 years; PostgreSQL when DATABASE_URL is set — on a
 * throw-away database — else PGlite in a temp folder) and measures, side by side in one run:
 *  1. SQL statements per page, counted through the driver's logger, at the demo and the city scale
 *     (they must be equal: no query per row);
 *  2. the production server: sequential latency of every page (the council report's print view and
 *     XLSX against their targets), then req/s and p50/p95/p99 at 10 and 50 connections (autocannon),
 *     as a ratio of the minimal dynamic route (`select 1`), and a static asset as the floor;
 *  3. the first-load JavaScript of each page, as the browser loads it;
 *  4. a mixed load at 40 requests per second (reads and report saves by many users) for
 *     BENCH_MIXED_SECONDS (default 300): p95, p99, errors, the server's memory at start and end.
 * Prints the tables, writes bench-results.json and BENCHMARKS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { and, asc, eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { goals, postHolders, postRoles, programs, reports, tasks, users } from '../db/schema';
import { DEMO_PASSWORD, seedDemoData } from '../db/seed/demo';
import { loadSessionUser, signInWithPassword } from '../lib/auth/sessions';
import { generateCity } from '../lib/bench/city';
import { parseCards } from '../lib/cards/parse';
import { getTaskHistory } from '../lib/strategy/manage';
import { getHome } from '../lib/strategy/home';
import { getProgramView } from '../lib/strategy/views';
import { getTaskCard } from '../lib/strategy/task-card';
import { getReportView } from '../lib/reports/view';
import { listInbox } from '../lib/reports/inbox';
import { listTaskReports } from '../lib/reports/task-report-list';
import { getYearlyReport } from '../lib/reports/yearly';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 300);
const MIXED_RATE = 40;
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-bench-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NEXTAUTH_URL: base };
delete env.NEXTAUTH_SECRET;
const limits = { idleMinutes: 600, maxHours: 10 };

let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const name = `ms_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Data, and SQL statements per page at two scales

let statements = 0;
console.log('[bench] generating the city-scale strategy…');
const database = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir,
  logger: { logQuery: () => void statements++ },
});
await migrateDatabase(database);
await seedDemoData(database.db);
const city = await generateCity(database.db, { goals: 5, programs: 8, tasks: 15, years: 10, seed: 1 });
const reportYear = city.years[4]!;

interface Scale {
  strategyId: number;
  programId: number;
  taskId: number;
  year: number;
}
async function firstTask(strategyId: number) {
  const [row] = await database.db
    .select({ programId: programs.id, taskId: tasks.id })
    .from(tasks)
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .where(eq(goals.strategyId, strategyId))
    .orderBy(asc(tasks.id))
    .limit(1);
  return row!;
}
const demoStrategy = (
  await database.db.select({ id: goals.strategyId }).from(goals).orderBy(asc(goals.id)).limit(1)
)[0]!.id;
const demo: Scale = { strategyId: demoStrategy, ...(await firstTask(demoStrategy)), year: 2011 };
const large: Scale = { strategyId: city.strategyId, ...(await firstTask(city.strategyId)), year: reportYear };

const adminSession = await signInWithPassword(
  database.db,
  { login: 'admin', password: DEMO_PASSWORD },
  limits,
);
/** What each page loads (the layout's session and inbox count, then the page's own loaders). */
const pageLoads: Record<string, (scale: Scale) => Promise<unknown>> = {
  'home page': async () => {
    const user = await loadSessionUser(database.db, adminSession!.sessionId, limits);
    await listInbox(database.db, user);
    await getHome(database.db, user);
  },
  'program page': async (scale) => {
    const user = await loadSessionUser(database.db, adminSession!.sessionId, limits);
    await listInbox(database.db, user);
    await getProgramView(database.db, user, scale.programId);
  },
  'task card': async (scale) => {
    const user = await loadSessionUser(database.db, adminSession!.sessionId, limits);
    await listInbox(database.db, user);
    await getTaskCard(database.db, user, scale.taskId);
    await listTaskReports(database.db, user, scale.taskId);
    await getTaskHistory(database.db, user, scale.taskId);
  },
  inbox: async () => {
    const user = await loadSessionUser(database.db, adminSession!.sessionId, limits);
    await listInbox(database.db, user);
    await listInbox(database.db, user);
  },
  'council report (print view and XLSX)': async (scale) => {
    const user = await loadSessionUser(database.db, adminSession!.sessionId, limits);
    await getYearlyReport(database.db, user, scale.strategyId, scale.year);
  },
};
const statementRows: { page: string; demo: number; city: number }[] = [];
for (const [page, load] of Object.entries(pageLoads)) {
  const counts: number[] = [];
  for (const scale of [demo, large]) {
    await load(scale); // warm, and the session's last-seen write out of the way
    statements = 0;
    await load(scale);
    counts.push(statements);
  }
  statementRows.push({ page, demo: counts[0]!, city: counts[1]! });
}

// Many people for the mixed load: the executors of the city's tasks, with a report of the open year.
const executors = await database.db
  .selectDistinct({ login: users.login, taskId: postRoles.taskId })
  .from(postRoles)
  .innerJoin(postHolders, eq(postHolders.postId, postRoles.postId))
  .innerJoin(users, eq(users.id, postHolders.userId))
  .innerJoin(reports, and(eq(reports.taskId, postRoles.taskId), eq(reports.year, reportYear)))
  .where(and(eq(postRoles.role, 'executor'), inArray(reports.status, ['draft', 'returned'])))
  .limit(400);
const writers = new Map<string, number>();
for (const row of executors) {
  // One writer per task, so that saves meet a conflict only when the script loses track.
  const taken = new Set(writers.values());
  if (row.taskId && !writers.has(row.login) && !taken.has(row.taskId) && writers.size < 40)
    writers.set(row.login, row.taskId);
}
const reportInputs = new Map<number, unknown>();
const reportVersions = new Map<number, number>();
for (const [login, taskId] of writers) {
  const user = await loadSessionUser(
    database.db,
    (await signInWithPassword(database.db, { login, password: DEMO_PASSWORD }, limits))!.sessionId,
    limits,
  );
  const view = await getReportView(database.db, user, taskId, reportYear);
  reportVersions.set(taskId, view.version);
  reportInputs.set(taskId, {
    stages: view.stages.map((stage) => ({
      stageId: stage.stageId,
      actual: stage.planned ? String(stage.planned / 2).replace('.', ',') : '',
    })),
    indicators: view.indicators.map((indicator) => ({
      indicatorId: indicator.indicatorId,
      actualText: 'ok. 40',
    })),
  });
}
await database.close();

// The card parser, in this process: a city moving in pastes its whole plan at once.
const seedText = fs.readFileSync(
  path.join(root, 'db', 'seed', 'karta-zadania-cel-I-program-3-zadanie-1.txt'),
  'utf8',
);
const manyCards = Array.from({ length: 1400 }, () => seedText).join('\n\n');
function timeParser(text: string) {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    parseCards(text);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[2]!;
}
const parserMs = timeParser(manyCards);

// ---------------------------------------------------------------------------------------------
// 2. The production server

/** Starts `npm start`'s script (the build when it is not current, then scripts/serve.ts). */
function startServer(extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout!.on('data', () => {});
  return child;
}
async function stopServer() {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

console.log('[bench] starting the production server…');
let server = startServer();

async function waitForServer() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the server did not start');
}

/** The resident memory of the server: the processes under scripts/start.ts (`next start`), MiB. */
function serverMemory(): number {
  const descendants = (pid: number): number[] => {
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      // no children
    }
    return children.flatMap((child) => [child, ...descendants(child)]);
  };
  let total = 0;
  for (const pid of descendants(server.pid!)) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(total);
}

async function signIn(login: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ csrfToken, login, password: DEMO_PASSWORD, json: 'true' }),
  });
  const session = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${login}`);
  return session.split(';')[0]!;
}

interface Latency {
  median: number;
  p95: number;
  max: number;
  bytes: number;
}
async function sequential(pathName: string, cookie: string | null): Promise<Latency> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${pathName}`, {
      headers: cookie ? { cookie } : {},
      redirect: 'manual',
    });
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${pathName}: HTTP ${response.status}`);
    bytes = body.byteLength;
    if (i >= 2) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { median: at(0.5), p95: at(0.95), max: samples.at(-1)!, bytes };
}

interface Load {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Failed connections and non-2xx answers. */
  errors: number;
  /** Requests autocannon gave up on, unanswered after its 10 s timeout. */
  timeouts: number;
}
/**
 * Waits until the server has finished what an earlier cell left queued (autocannon stops sending
 * at its deadline, the server goes on answering): three quick health checks in a row, or two
 * minutes. Without it a cell would measure the previous cell's backlog.
 */
async function settle() {
  let quick = 0;
  const until = performance.now() + 120_000;
  while (quick < 3 && performance.now() < until) {
    const started = performance.now();
    await (await fetch(`${base}/api/health`)).arrayBuffer();
    quick = performance.now() - started < 50 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function load(pathName: string, cookie: string | null, connections: number): Promise<Load> {
  await settle();
  const result = await autocannon({
    url: `${base}${pathName}`,
    connections,
    duration: LOAD_SECONDS,
    headers: cookie ? { cookie } : {},
  });
  const latency = result.latency as unknown as Record<string, number>;
  return {
    rps: result.requests.average,
    p50: latency.p50 ?? 0,
    p95: latency.p97_5 ?? latency.p95 ?? 0,
    p99: latency.p99 ?? 0,
    // autocannon's `errors` includes its `timeouts`: counted once, each in its own column.
    errors: result.errors - result.timeouts + result.non2xx,
    timeouts: result.timeouts,
  };
}

/**
 * First-load JavaScript: the scripts a page's HTML makes the browser fetch, raw and gzipped. Not the
 * `noModule` one (Next's polyfills for browsers without ES modules): a current browser skips it.
 */
async function firstLoadJs(pathName: string, cookie: string): Promise<{ raw: number; gzip: number }> {
  const html = await (await fetch(`${base}${pathName}`, { headers: { cookie } })).text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  const sources = [
    ...new Set(
      tags
        .filter((tag) => !/\snomodule\b/i.test(tag))
        .map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1])
        .filter((source): source is string => source !== undefined),
    ),
  ];
  let raw = 0;
  let gzip = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, base))).arrayBuffer());
    raw += body.length;
    gzip += zlib.gzipSync(body).length;
  }
  return { raw, gzip };
}

/** The report-save action's id, from the build's server reference manifest. */
function actionId(name: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { exportedName?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, value]) => value.exportedName === name);
  if (!entry) throw new Error(`no server action ${name} in the build`);
  return entry[0];
}

/**
 * The mixed load: MIXED_RATE requests per second for MIXED_SECONDS from 40 executors, every tenth
 * a report save, the rest their pages (task card, inbox, home, report form). Each save carries the
 * version the previous answer gave; a save sent before that answer came gets a conflict.
 */
async function mixedLoad(
  label: string,
  people: [string, number][],
  sessions: Map<string, string>,
  versions: Map<number, number>,
): Promise<string[]> {
  // Read from the build this server runs (a restart rebuilds when the sources changed).
  const saveId = actionId('saveReportAction');
  console.log(`[bench] mixed load (${label}): ${MIXED_RATE} req/s for ${MIXED_SECONDS} s…`);
  await settle();
  const memoryStart = serverMemory();
  const latencies: number[] = [];
  let answeredInTime = 0;
  let errors = 0;
  let saves = 0;
  let conflicts = 0;
  let reads = 0;
  const inflight: Promise<void>[] = [];
  /** Counts an error; the first one is printed, so that a failing run says why. */
  const fail = (what: string) => {
    if (errors++ === 0) console.error(`[bench] first error of the mixed load (${label}): ${what}`);
  };
  const started = performance.now();
  for (let i = 0; i < MIXED_RATE * MIXED_SECONDS; i++) {
    const due = started + (i * 1000) / MIXED_RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const [login, taskId] = people[i % people.length]!;
    const session = sessions.get(login)!;
    const write = i % 10 === 0;
    inflight.push(
      (async () => {
        const t0 = performance.now();
        try {
          if (write) {
            const version = versions.get(taskId)!;
            const input = {
              intent: 'save',
              version,
              narrative: `Zapis ${i}`,
              confirmUnplanned: false,
              // The generated history over-achieves some stages: half of this year's plan can take
              // one past its plan, which a reporter confirms (issue 19); the save is what is measured.
              confirmOverPlan: true,
              ...(reportInputs.get(taskId) as object),
            };
            const response = await fetch(`${base}/tasks/${taskId}/reports/${reportYear}`, {
              method: 'POST',
              headers: {
                cookie: session,
                'Next-Action': saveId,
                'Content-Type': 'text/plain;charset=UTF-8',
                Accept: 'text/x-component',
                Origin: base,
              },
              body: JSON.stringify([taskId, reportYear, input]),
            });
            const text = await response.text();
            if (response.status !== 200) fail(`save: HTTP ${response.status} ${text.slice(0, 300)}`);
            // The action's reply is an RSC stream; its result row holds the new version.
            const saved = /"status":"success","data":\{"status":"\w+","version":(\d+)\}/.exec(text);
            if (saved) {
              saves++;
              versions.set(taskId, Number(saved[1]));
            } else if (text.includes('"code":"conflict"')) {
              conflicts++;
            } else if (response.status === 200) {
              fail(`save: ${text.slice(0, 300)}`);
            }
          } else {
            const target = [`/tasks/${taskId}`, '/inbox', '/', `/tasks/${taskId}/reports/${reportYear}`][
              i % 4
            ]!;
            const response = await fetch(`${base}${target}`, {
              headers: { cookie: session },
              redirect: 'manual',
            });
            await response.arrayBuffer();
            if (response.status !== 200) fail(`${target}: HTTP ${response.status}`);
            reads++;
          }
        } catch (error) {
          fail(String(error));
        }
        latencies.push(performance.now() - t0);
        if (performance.now() - started <= MIXED_SECONDS * 1000) answeredInTime++;
      })(),
    );
  }
  await Promise.all(inflight);
  const memoryEnd = serverMemory();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  if (errors > 0) exitCode = 1;
  return [
    `- ${latencies.length} requests in ${MIXED_SECONDS} s at ${MIXED_RATE} req/s from ${people.length} signed-in executors: ${reads} page reads, ${saves} report saves (${conflicts} conflicts, reported to the user as such).`,
    `- latency p50 ${f1(q(0.5))} ms, p95 ${f1(q(0.95))} ms, p99 ${f1(q(0.99))} ms; errors: ${errors}.`,
    `- answered within the ${MIXED_SECONDS} s: ${answeredInTime} (${f1(answeredInTime / MIXED_SECONDS)} req/s; the rest after it, from the queue).`,
    `- server memory (RSS): ${memoryStart} MiB at the start, ${memoryEnd} MiB at the end.`,
  ];
}

let exitCode = 0;
const f1 = (value: number) => value.toFixed(1);
try {
  await waitForServer();
  const cookie = await signIn('admin');
  const html = await (await fetch(`${base}/login`)).text();
  const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(html)?.[0] ?? '/favicon.ico';
  const pages: { name: string; path: string; auth: boolean; target?: number }[] = [
    { name: 'static asset (floor)', path: asset, auth: false },
    { name: 'health: select 1 (minimal dynamic route)', path: '/api/health', auth: false },
    { name: 'sign-in page (the lightest page: no query)', path: '/login', auth: false },
    { name: 'home page', path: '/', auth: true },
    { name: 'program page (15 tasks)', path: `/programs/${large.programId}`, auth: true },
    { name: 'task card', path: `/tasks/${large.taskId}`, auth: true },
    { name: 'inbox', path: '/inbox', auth: true },
    {
      name: `council report print view (${city.tasks} tasks)`,
      path: `/strategies/${city.strategyId}/report/${reportYear}`,
      auth: true,
      target: 1000,
    },
    {
      name: `council report XLSX (${city.tasks} tasks)`,
      path: `/strategies/${city.strategyId}/report/${reportYear}/xlsx`,
      auth: true,
      target: 2000,
    },
  ];

  console.log('[bench] sequential latency…');
  const latencyRows: string[] = [];
  for (const page of pages) {
    const result = await sequential(page.path, page.auth ? cookie : null);
    const verdict = page.target ? `< ${page.target} ms: ${result.p95 < page.target ? 'met' : 'NOT met'}` : '';
    if (page.target && result.p95 >= page.target) exitCode = 1;
    latencyRows.push(
      `| ${page.name} | ${f1(result.median)} | ${f1(result.p95)} | ${f1(result.max)} | ${(result.bytes / 1024).toFixed(1)} | ${verdict} |`,
    );
  }

  console.log(`[bench] load at 10 and 50 connections, ${LOAD_SECONDS} s each…`);
  const loads: Record<string, Record<number, Load>> = {};
  for (const page of pages) {
    loads[page.name] = {};
    for (const connections of [10, 50])
      loads[page.name]![connections] = await load(page.path, page.auth ? cookie : null, connections);
  }
  const floor = loads[pages[1]!.name]!;
  const loadRows = pages.map((page) => {
    const at = loads[page.name]!;
    const cells = [10, 50].map(
      (c) =>
        `${Math.round(at[c]!.rps)} | ${at[c]!.p50} / ${at[c]!.p95} / ${at[c]!.p99} | ${(at[c]!.rps / floor[c]!.rps).toFixed(2)}`,
    );
    const errors = at[10]!.errors + at[50]!.errors;
    const timeouts = at[10]!.timeouts + at[50]!.timeouts;
    return `| ${page.name} | ${cells.join(' | ')} | ${errors} | ${timeouts} |`;
  });

  // What any page of the framework reaches on this machine, against what ours reach.
  const lightest = loads[pages[2]!.name]!;
  const ours = pages.filter((page) => page.auth && !page.target).map((page) => loads[page.name]!);
  const range = (c: number, of: Record<number, Load>) => {
    const ratios = ours.map((at) => at[c]!.rps / of[c]!.rps);
    return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
  };
  const ceiling = [
    `The lightest page (sign-in, no query, no session) reaches ${(lightest[10]!.rps / floor[10]!.rps).toFixed(2)} (@10) and ${(lightest[50]!.rps / floor[50]!.rps).toFixed(2)} (@50) of the minimal dynamic route:`,
    `what a page rendered by the framework gets on this machine before any work of ours. The signed-in pages above (not the council report) reach ${range(10, floor)} (@10) and ${range(50, floor)} (@50) of the minimal route,`,
    `${range(10, lightest)} (@10) and ${range(50, lightest)} (@50) of the lightest page.`,
  ].join(' ');

  console.log('[bench] first-load JavaScript…');
  const jsRows: string[] = [];
  for (const page of pages.filter((candidate) => candidate.auth && !candidate.path.endsWith('/xlsx'))) {
    const js = await firstLoadJs(page.path, cookie);
    jsRows.push(`| ${page.name} | ${(js.raw / 1024).toFixed(1)} | ${(js.gzip / 1024).toFixed(1)} |`);
  }

  const people = [...writers.entries()].slice(0, 40);
  const sessions = new Map<string, string>();
  for (const [login] of people) sessions.set(login, await signIn(login));
  const versions = new Map<number, number>(people.map(([, taskId]) => [taskId, reportVersions.get(taskId)!]));
  const mixed = await mixedLoad('one process', people, sessions, versions);
  // On PostgreSQL the same load again on two processes sharing the port (APP_PROCESSES=2),
  // the sessions and versions carried over: what the second core adds.
  let mixedTwo: string[] | null = null;
  if (env.DATABASE_URL) {
    await stopServer();
    server = startServer({ APP_PROCESSES: '2' });
    await waitForServer();
    mixedTwo = await mixedLoad('two processes', people, sessions, versions);
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`;
  const report = [
    `Machine: ${machine}. Generated strategy: ${city.tasks} tasks over ${city.years.length} years; the demo strategy is the seed card.`,
    '',
    '## SQL statements per page (counted through the driver’s logger)',
    '',
    '| page | demo scale | city scale | same |',
    '| --- | ---: | ---: | --- |',
    ...statementRows.map(
      (row) => `| ${row.page} | ${row.demo} | ${row.city} | ${row.demo === row.city ? 'yes' : 'NO'} |`,
    ),
    '',
    `## Sequential latency (${RUNS} requests after 2 warm-ups, ms)`,
    '',
    '| page | median | p95 | max | size kB | target |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...latencyRows,
    '',
    `## Throughput (autocannon, ${LOAD_SECONDS} s per cell)`,
    '',
    '| page | req/s @10 | p50 / p97.5 / p99 ms @10 | × minimal @10 | req/s @50 | p50 / p97.5 / p99 ms @50 | × minimal @50 | errors | timeouts |',
    '| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |',
    ...loadRows,
    '',
    'Errors: failed connections and answers other than 2xx. Timeouts: requests still unanswered after autocannon’s 10 s, because they waited behind the others (the server renders a few at a time; at 50 connections a page that takes a quarter of a second waits longer than that).',
    '',
    ceiling,
    '',
    '## First-load JavaScript',
    '',
    '| page | kB | kB gzip |',
    '| --- | ---: | ---: |',
    ...jsRows,
    '',
    '## Mixed load',
    '',
    ...(mixedTwo
      ? [
          'One process (the default):',
          '',
          ...mixed,
          '',
          'Two processes (`APP_PROCESSES=2`), the same load right after:',
          '',
          ...mixedTwo,
        ]
      : mixed),
    '',
    `Card parser (in process): 1,400 real cards (${(manyCards.length / 2 ** 20).toFixed(1)} MB) in ${f1(parserMs)} ms.`,
  ];
  if (statementRows.some((row) => row.demo !== row.city)) exitCode = 1;
  console.log(`\n${report.join('\n')}\n`);
  fs.writeFileSync(
    path.join(root, 'bench-results.json'),
    JSON.stringify(
      { date: new Date().toISOString(), machine, statementRows, loads, mixed, mixedTwo },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(root, 'BENCHMARKS.md'),
    `# Benchmarks\n\nProduced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, the production server, signed in as the admin (who sees everything). Targets: the council report's XLSX under 2 s and its print view under 1 s; no query per row; no errors under the mixed load; every page at least half the minimal dynamic route's throughput (the × columns).\n\n${report.join('\n')}\n`,
  );
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await stopServer();
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
