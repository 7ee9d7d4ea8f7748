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
 * The public pages (issue 21: overview, program and task card at both scales, and the task's open
 * data), anonymous, are measured in 2 and 3 beside the signed-in ones, against the static asset:
 * at 50 connections at least half its req/s, with no errors.
 * Prints the tables, writes bench-results.json and BENCHMARKS.md.
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
import { createServer, firstLoadJs, load, mixedLoad, sequential, signIn, type Load } from './bench/load';
import {
  JS_TARGET,
  type BenchPage,
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
import { LOAD_SECONDS, createTarget, prepareData } from './bench/setup';

const BARE_PAGE = 'bare Next.js page (the floor)';

const USAGE = `npm run bench [-- --public | --only=TEXT]
  (no flag)    the whole bench: statements, latency, throughput, first-load JavaScript, mixed load;
               writes bench-results.json and BENCHMARKS.md
  --public     the floors and the public pages only (no mixed load); writes bench-public-results.json
  --only=TEXT  only the sequential latency of the rows whose name contains TEXT, against their
               targets (e.g. --only=docx: the council report's .docx); prints them, writes nothing
Environment: DATABASE_URL (PostgreSQL, a throw-away database on it), BENCH_RUNS, BENCH_LOAD_SECONDS,
BENCH_MIXED_SECONDS.`;
const flags = process.argv.slice(2);
if (
  flags.includes('--help') ||
  flags.length > 1 ||
  flags.some((flag) => flag !== '--public' && !/^--only=.+/.test(flag))
) {
  console.log(USAGE);
  process.exit(flags.includes('--help') ? 0 : 2);
}
const publicOnly = flags.includes('--public');
const only = flags.find((flag) => flag.startsWith('--only='))?.slice('--only='.length);

/** Ends an --only run early, through the clean-up of a full run. */
class OnlyDone extends Error {}

const target = await createTarget();
const { base, env } = target;
const data = await prepareData(target);
const { city, demo, large, reportYear } = data;

// The floor: a bare Next.js app (scripts/bench/bare.ts), built and served beside ours in this run.
const bare = createBareApp(Number(new URL(base).port) + 1);
bare.build();
bare.start();

console.log('[bench] starting the production server…');
const server = createServer(target);
server.start();

let exitCode = 0;
try {
  await bare.waitUntilUp();
  await server.waitUntilUp();
  const cookie = await signIn(base, 'admin');
  const html = await (await fetch(`${base}/login`)).text();
  const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(html)?.[0] ?? '/favicon.ico';
  // The bare page first: every × column is against it (report.ts, throughput).
  const floors: BenchPage[] = [
    { name: BARE_PAGE, path: '/', auth: false, base: bare.base, bare: true },
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
    const chosen = pages.filter((page) => page.name.includes(only));
    if (chosen.length === 0) throw new Error(`--only=${only} names no row`);
    console.log('| page | median ms | p95 ms | max ms | KiB | target |');
    for (const page of chosen) {
      const result = await sequential(page.base ?? base, page.path, page.auth ? cookie : null);
      if (!latencyMet(page, result)) exitCode = 1;
      console.log(latencyRow(page, result));
    }
    console.log(`[bench] --only=${only}: only these rows were measured; nothing was written.`);
    // The finally block below stops the server and removes the data.
    throw new OnlyDone();
  }

  console.log('[bench] sequential latency…');
  const latencyRows: string[] = [];
  for (const page of pages) {
    const result = await sequential(page.base ?? base, page.path, page.auth ? cookie : null);
    if (!latencyMet(page, result)) exitCode = 1;
    latencyRows.push(latencyRow(page, result));
  }

  console.log(`[bench] load at 10 and 50 connections, ${LOAD_SECONDS} s each…`);
  const loads: Record<string, Record<number, Load>> = {};
  for (const page of pages) {
    loads[page.name] = {};
    for (const connections of [10, 50])
      loads[page.name]![connections] = await load(
        page.base ?? base,
        page.path,
        page.auth ? cookie : null,
        connections,
      );
  }
  const bareMemory = bare.memory();
  const { loadRows, ceiling, met: ratiosMet } = throughput(pages, loads);
  if (!ratiosMet) exitCode = 1;
  const publicVerdict = publicAgainstStatic(pages, loads);
  if (!publicVerdict.met) exitCode = 1;

  console.log('[bench] first-load JavaScript…');
  const jsRows: string[] = [];
  // Against the bare page's (target: at most JS_TARGET of it).
  const htmlPages = [
    floors[0]!,
    floors[3]!,
    ...(publicOnly ? signedIn.slice(0, 1) : signedIn),
    ...publicPages,
  ].filter((page) => !page.target && !/\.(?:json|csv)$/.test(page.path));
  let bareJs = 0;
  for (const page of htmlPages) {
    const js = await firstLoadJs(page.base ?? base, page.path, page.auth ? cookie : null);
    if (page.bare) bareJs = js.gzip;
    const ratio = js.gzip / bareJs;
    if (!page.bare && ratio > JS_TARGET) exitCode = 1;
    jsRows.push(
      `| ${page.name} | ${(js.raw / 1024).toFixed(1)} | ${(js.gzip / 1024).toFixed(1)} | ${ratio.toFixed(2)} | ${page.bare ? '' : ratio <= JS_TARGET ? 'met' : 'NOT met'} |`,
    );
  }
  const bareLines = [`Bare Next.js page: server memory (RSS) ${bareMemory} MiB after its load cells.`];

  if (publicOnly) {
    const report = buildPublicReport({
      machine: machineName(Boolean(env.DATABASE_URL)),
      latencyRows,
      loadRows,
      verdict: publicVerdict.lines,
      jsRows,
      bareLines,
    });
    writePublicReport(report, loads);
  } else {
    const people = [...data.writers.entries()].slice(0, 40);
    const sessions = new Map<string, string>();
    for (const [login] of people) sessions.set(login, await signIn(base, login));
    const versions = new Map<number, number>(
      people.map(([, taskId]) => [taskId, data.reportVersions.get(taskId)!]),
    );
    const mixed = await mixedLoad(server, base, data, 'one process', people, sessions, versions);
    if (mixed.errors > 0) exitCode = 1;
    // On PostgreSQL the same load again on two processes sharing the port (APP_PROCESSES=2),
    // the sessions and versions carried over: what the second core adds.
    let mixedTwo: string[] | null = null;
    if (env.DATABASE_URL) {
      await server.stop();
      server.start({ APP_PROCESSES: '2' });
      await server.waitUntilUp();
      const two = await mixedLoad(server, base, data, 'two processes', people, sessions, versions);
      if (two.errors > 0) exitCode = 1;
      mixedTwo = two.lines;
    }
    const machine = machineName(Boolean(env.DATABASE_URL));
    const report = buildReport({
      machine,
      data,
      latencyRows,
      loadRows,
      ceiling,
      jsRows,
      publicVerdict: publicVerdict.lines,
      bareLines,
      mixed: mixed.lines,
      mixedTwo,
    });
    if (data.statementRows.some((row) => row.demo !== row.city)) exitCode = 1;
    writeReport(report, { machine, statementRows: data.statementRows, loads, mixed: mixed.lines, mixedTwo });
  }
} catch (error) {
  if (!(error instanceof OnlyDone)) {
    console.error(error);
    exitCode = 1;
  }
} finally {
  await bare.stop();
  await server.stop();
  await target.dropDatabase();
  fs.rmSync(target.dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
