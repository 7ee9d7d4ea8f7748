/**
 * `npm run bench`: a script, not a test (these machines are shared and noisy). It builds, serves and
 * measures a bare Next.js page once (scripts/bench/bare.ts: the floor of every × column), then
 * generates a city-scale strategy (~600 tasks over 10 years; PostgreSQL when DATABASE_URL is set — on
 * a throw-away database — else PGlite in a temp folder) and measures, side by side in one run:
 *  1. SQL statements per page, counted through the driver's logger, at the demo and the city scale
 *     (they must be equal: no query per row);
 *  2. the production server: sequential latency of every page (the council report's print view,
 *     XLSX and .docx against their targets), then req/s and p50/p95/p99 at 10 and 50 connections
 *     (autocannon), as a ratio of the bare page, with a static asset and `select 1` as further rows;
 *  3. the first-load JavaScript of each page, as the browser loads it, against the bare page's;
 *  4. a mixed load at 40 requests per second (reads and report saves by many users) for
 *     BENCH_MIXED_SECONDS (default 300): p95, p99, errors, the server's memory;
 *  5. the leak check: the same load BENCH_LEAK_SECONDS (default 600) more, the server's RSS read
 *     every 5 s: at the start, after the mixed load and after the further period, the growth and the
 *     slope, against "at most 400 MiB per process" and "no growth" (at most 5 % or 20 MiB, the larger).
 * The public pages (issue 21: overview, program and task card at both scales, and the task's open
 * data), anonymous, are measured in 2 and 3 beside the signed-in ones, against the static asset:
 * at 50 connections at least half its req/s, with no errors.
 * Prints the tables, writes bench-results.json and BENCHMARKS.md.
 *
 * `npm run bench -- --both`: all of it on the embedded database (PGlite) and on PostgreSQL
 * (BENCH_PG_URL, else DATABASE_URL) in one invocation, one after the other, each with its own data
 * and server; the bare Next.js page is built, served and measured once, before them, and every table
 * has each database's row beside the other's.
 *
 * `npm run bench -- --public`: only the floors (static asset, `select 1`, sign-in page) and the
 * public pages, with their first-load JavaScript beside the home page's; no mixed load. Prints the
 * tables and writes bench-public-results.json; BENCHMARKS.md is left as it is.
 *
 * The parts: scripts/bench/setup.ts (the data and the statement counts), load.ts (the server and
 * the measures over HTTP), report.ts (the tables and the files).
 */
import fs from 'node:fs';
import { createBareApp } from './bench/bare';
import {
  createServer,
  firstLoadJs,
  load,
  mixedLoad,
  sequential,
  signIn,
  type Latency,
  type Load,
} from './bench/load';
import {
  JS_TARGET,
  type BareRows,
  type BenchPage,
  type DbRun,
  buildPublicReport,
  buildReport,
  latencyMet,
  latencyRow,
  machineName,
  publicAgainstStatic,
  throughput,
  writePublicReport,
  writeReport,
} from './bench/report';
import { LEAK_SECONDS, LOAD_SECONDS, createTarget, prepareData } from './bench/setup';

const BARE_PAGE = 'bare Next.js page (the floor)';

const USAGE = `npm run bench [-- --both] [-- --public | --only=TEXT]
  (no flag)    the whole bench on one database (PostgreSQL when DATABASE_URL is set, else PGlite):
               statements, latency, throughput, first-load JavaScript, mixed load, leak check;
               writes bench-results.json and BENCHMARKS.md
  --both       the same on PGlite and on PostgreSQL (BENCH_PG_URL, else DATABASE_URL) in one run,
               each table with both databases' rows (the bare page's load cells measured again just
               before each database's, so that both ratios see the same machine); with --public or
               --only as well, those on both databases
  --public     the floors and the public pages only (no mixed load); writes bench-public-results.json
  --only=TEXT  only the sequential latency of the rows whose name contains TEXT, against their
               targets (e.g. --only=docx: the council report's .docx); prints them, writes nothing
Environment: DATABASE_URL (PostgreSQL, a throw-away database on it), BENCH_PG_URL (PostgreSQL for
--both), BENCH_DB_PREFIX (the throw-away database's name before its random part; ms_bench),
BENCH_RUNS, BENCH_LOAD_SECONDS, BENCH_MIXED_SECONDS (300), BENCH_LEAK_SECONDS (600; 0: no leak check).`;
const flags = process.argv.slice(2);
if (
  flags.includes('--help') ||
  flags.filter((flag) => flag !== '--both').length > 1 ||
  flags.some((flag) => flag !== '--public' && flag !== '--both' && !/^--only=.+/.test(flag))
) {
  console.log(USAGE);
  process.exit(flags.includes('--help') ? 0 : 2);
}
const publicOnly = flags.includes('--public');
const only = flags.find((flag) => flag.startsWith('--only='))?.slice('--only='.length);
const postgresUrl = process.env.BENCH_PG_URL || process.env.DATABASE_URL;
if (flags.includes('--both') && !postgresUrl) {
  console.error('--both needs PostgreSQL: set BENCH_PG_URL or DATABASE_URL.');
  process.exit(2);
}
/** The databases to run on, in order: undefined is the embedded one (PGlite). */
const databases: (string | undefined)[] = flags.includes('--both')
  ? [undefined, postgresUrl]
  : [process.env.DATABASE_URL || undefined];
const dbName = (url: string | undefined) => (url ? 'PostgreSQL' : 'PGlite');

let exitCode = 0;

// The floor: a bare Next.js app (scripts/bench/bare.ts), built once; its latency and JavaScript
// measured first, its load cells just before each database's (barePageLoads).
const bare = createBareApp(3800 + Math.floor(Math.random() * 90));
process.on('exit', () => bare.remove());
const barePage: BenchPage = { name: BARE_PAGE, path: '/', auth: false, base: bare.base, bare: true };
let bareLatency: Latency;
let bareJs: { raw: number; gzip: number };
let bareMemory = 0;
try {
  bare.build();
  bare.start();
  await bare.waitUntilUp();
  console.log('[bench] the bare Next.js page…');
  bareLatency = await sequential(bare.base, '/', null);
  bareJs = await firstLoadJs(bare.base, '/', null);
} finally {
  await bare.stop();
}

/**
 * The bare page's load cells, on a freshly started bare server, right before a database's own:
 * the machine drifts over an hour-long run (other work, thermal), and a floor measured once at the
 * start would put that drift into the second database's ratios. Its server's RSS after the cells
 * is kept for the report (the largest of the runs).
 */
async function barePageLoads(): Promise<Record<number, Load>> {
  bare.start();
  try {
    await bare.waitUntilUp();
    const loads: Record<number, Load> = {};
    for (const connections of [10, 50]) loads[connections] = await load(bare.base, '/', null, connections);
    bareMemory = Math.max(bareMemory, bare.memory());
    return loads;
  } finally {
    await bare.stop();
  }
}

/** Ends an --only run early, through the clean-up of a full run. */
class OnlyDone extends Error {}

const runs: (DbRun & { loads: Record<string, Record<number, Load>> })[] = [];
const bareRows: BareRows = {
  latencyRow: latencyRow(barePage, bareLatency!),
  jsRow: `| ${BARE_PAGE} | ${(bareJs!.raw / 1024).toFixed(1)} | ${(bareJs!.gzip / 1024).toFixed(1)} | 1.00 | |`,
  memory: 0,
};
if (only) console.log('| page | database | median ms | p95 ms | max ms | KiB | target |');

for (const databaseUrl of databases) {
  const db = dbName(databaseUrl);
  console.log(`[bench] ${db}: the data…`);
  const target = await createTarget(databaseUrl);
  const { base, env } = target;
  const server = createServer(target);
  try {
    const data = await prepareData(target);
    const { city, demo, large, reportYear } = data;
    console.log(`[bench] ${db}: starting the production server…`);
    server.start();
    await server.waitUntilUp();
    const cookie = await signIn(base, 'admin');
    const html = await (await fetch(`${base}/login`)).text();
    const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(html)?.[0] ?? '/favicon.ico';
    const floors: BenchPage[] = [
      { name: 'static asset', path: asset, auth: false },
      { name: 'health: select 1 (minimal dynamic route)', path: '/api/health', auth: false },
      { name: 'sign-in page (the lightest page: no query)', path: '/login', auth: false, ratio: 0.8 },
    ];
    // Anonymous, answered from the public cache (scripts/lib/public-cache.ts) after the first request.
    const publicPages: BenchPage[] = [
      { name: 'public: strategy overview (demo)', path: `/public/pl/strategies/${demo.strategyId}` },
      {
        name: `public: strategy overview (${city.tasks} tasks)`,
        path: `/public/pl/strategies/${large.strategyId}`,
      },
      { name: 'public: program page (demo)', path: `/public/pl/programs/${demo.programId}` },
      { name: 'public: program page (15 tasks)', path: `/public/pl/programs/${large.programId}` },
      { name: 'public: task card (demo)', path: `/public/pl/tasks/${demo.taskId}` },
      { name: 'public: task card (city)', path: `/public/pl/tasks/${large.taskId}` },
      { name: 'public: task JSON (city)', path: `/public/data/tasks/${large.taskId}.json` },
      { name: 'public: task CSV (city)', path: `/public/data/tasks/${large.taskId}.csv` },
    ].map((page) => ({ ...page, auth: false, public: true }));
    const signedIn: BenchPage[] = [
      { name: 'home page', path: '/', auth: true, ratio: 0.6 },
      { name: 'program page (15 tasks)', path: `/programs/${large.programId}`, auth: true, ratio: 0.4 },
      { name: 'task card', path: `/tasks/${large.taskId}`, auth: true, ratio: 0.4 },
      { name: 'inbox', path: '/inbox', auth: true, ratio: 0.6 },
      // The office's dashboard shows the first strategy: the seed card's.
      { name: 'dashboard (demo strategy)', path: '/dashboard', auth: true, ratio: 0.4 },
      {
        name: `council report print view (${city.tasks} tasks)`,
        path: `/strategies/${city.strategyId}/report/${reportYear}`,
        auth: true,
        target: 200,
        targetOnMedian: true,
      },
      {
        name: `council report XLSX (${city.tasks} tasks)`,
        path: `/strategies/${city.strategyId}/report/${reportYear}/xlsx`,
        auth: true,
        target: 2000,
      },
      {
        name: `council report .docx with charts (${city.tasks} tasks)`,
        path: `/strategies/${city.strategyId}/report/${reportYear}/docx`,
        auth: true,
        target: 3000,
      },
    ];
    const pages = publicOnly ? [...floors, ...publicPages] : [...floors, ...signedIn, ...publicPages];
    if (only) {
      // The bare page's row once, with the first database's.
      const candidates = databaseUrl === databases[0] ? [barePage, ...pages] : pages;
      const chosen = candidates.filter((page) => page.name.includes(only));
      if (chosen.length === 0) throw new Error(`--only=${only} names no row`);
      for (const page of chosen) {
        const result = page.bare
          ? bareLatency!
          : await sequential(base, page.path, page.auth ? cookie : null);
        if (!latencyMet(page, result)) exitCode = 1;
        const row = latencyRow(page, result);
        console.log(
          `${row.slice(0, row.indexOf(' | '))} | ${page.bare ? '—' : db}${row.slice(row.indexOf(' | '))}`,
        );
      }
      throw new OnlyDone();
    }

    console.log(`[bench] ${db}: sequential latency…`);
    const latencyRows: string[] = [];
    for (const page of pages) {
      const result = await sequential(base, page.path, page.auth ? cookie : null);
      if (!latencyMet(page, result)) exitCode = 1;
      latencyRows.push(latencyRow(page, result));
    }

    console.log(`[bench] ${db}: the bare page's load cells, then ours, ${LOAD_SECONDS} s each…`);
    // The app's server stays up (warm) while the bare one runs beside it, idle.
    const loads: Record<string, Record<number, Load>> = { [BARE_PAGE]: await barePageLoads() };
    for (const page of pages) {
      loads[page.name] = {};
      for (const connections of [10, 50])
        loads[page.name]![connections] = await load(base, page.path, page.auth ? cookie : null, connections);
    }
    const { loadRows, ceiling, met: ratiosMet } = throughput([barePage, ...pages], loads);
    if (!ratiosMet) exitCode = 1;
    const publicVerdict = publicAgainstStatic(pages, loads);
    if (!publicVerdict.met) exitCode = 1;

    console.log(`[bench] ${db}: first-load JavaScript…`);
    const jsRows: string[] = [];
    // Against the bare page's (target: at most JS_TARGET of it).
    const htmlPages = [floors[2]!, ...(publicOnly ? signedIn.slice(0, 1) : signedIn), ...publicPages].filter(
      (page) => !page.target && !/\.(?:json|csv)$/.test(page.path),
    );
    for (const page of htmlPages) {
      const js = await firstLoadJs(base, page.path, page.auth ? cookie : null);
      const ratio = js.gzip / bareJs!.gzip;
      if (ratio > JS_TARGET) exitCode = 1;
      jsRows.push(
        `| ${page.name} | ${(js.raw / 1024).toFixed(1)} | ${(js.gzip / 1024).toFixed(1)} | ${ratio.toFixed(2)} | ${ratio <= JS_TARGET ? 'met' : 'NOT met'} |`,
      );
    }
    const run: (typeof runs)[number] = {
      db,
      data,
      latencyRows,
      bareLoadRow: loadRows[0]!,
      loadRows: loadRows.slice(1),
      ceiling,
      jsRows,
      publicRows: publicVerdict.rows,
      loads,
    };
    runs.push(run);
    if (publicOnly) continue;

    const people = [...data.writers.entries()].slice(0, 40);
    const sessions = new Map<string, string>();
    for (const [login] of people) sessions.set(login, await signIn(base, login));
    const versions = new Map<number, number>(
      people.map(([, taskId]) => [taskId, data.reportVersions.get(taskId)!]),
    );
    const mixed = await mixedLoad(
      server,
      base,
      data,
      `${db}, one process`,
      people,
      sessions,
      versions,
      LEAK_SECONDS,
    );
    if (mixed.errors > 0 || !mixed.memoryMet) exitCode = 1;
    run.mixed = mixed.lines;
    // On PostgreSQL the same load again on two processes sharing the port (APP_PROCESSES=2),
    // the sessions and versions carried over: what the second core adds.
    if (env.DATABASE_URL) {
      await server.stop();
      server.start({ APP_PROCESSES: '2' });
      await server.waitUntilUp();
      const two = await mixedLoad(server, base, data, `${db}, two processes`, people, sessions, versions);
      if (two.errors > 0) exitCode = 1;
      run.mixedTwo = two.lines;
    }
    if (data.statementRows.some((row) => row.demo !== row.city)) exitCode = 1;
  } catch (error) {
    if (!(error instanceof OnlyDone)) {
      console.error(error);
      exitCode = 1;
    }
  } finally {
    await server.stop();
    await target.dropDatabase();
    fs.rmSync(target.dataDir, { recursive: true, force: true });
  }
}

if (only) {
  console.log(`[bench] --only=${only}: only these rows were measured; nothing was written.`);
} else if (runs.length > 0) {
  // What was measured is written even when a database's run failed (its error is printed above);
  // the exit code says it failed.
  if (runs.length < databases.length) exitCode = 1;
  const machine = machineName(runs.map((run) => run.db));
  bareRows.memory = bareMemory;
  if (publicOnly) {
    writePublicReport(
      buildPublicReport({ machine, bare: bareRows, runs }),
      Object.fromEntries(runs.map((run) => [run.db, run.loads])),
    );
  } else {
    writeReport(buildReport({ machine, bare: bareRows, runs }), { machine, runs });
  }
}
process.exit(exitCode);
