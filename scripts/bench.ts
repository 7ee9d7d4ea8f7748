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
 * `BENCH_ONLY=<part of a row's name>` (e.g. `BENCH_ONLY=docx npm run bench`) measures only the
 * sequential latency of the matching rows against their targets, prints them and writes nothing.
 *
 * The parts: scripts/bench/setup.ts (the data and the statement counts), load.ts (the server and
 * the measures over HTTP), report.ts (the tables and the files).
 */
import fs from 'node:fs';
import { createServer, firstLoadJs, load, mixedLoad, sequential, signIn, type Load } from './bench/load';
import {
  type BenchPage,
  buildReport,
  latencyRow,
  machineName,
  throughput,
  writeReport,
} from './bench/report';
import { LOAD_SECONDS, createTarget, prepareData } from './bench/setup';

/** Ends a BENCH_ONLY run early, through the clean-up of a full run. */
class OnlyDone extends Error {}

const target = await createTarget();
const { base, env } = target;
const data = await prepareData(target);
const { city, large, reportYear } = data;

console.log('[bench] starting the production server…');
const server = createServer(target);
server.start();

let exitCode = 0;
try {
  await server.waitUntilUp();
  const cookie = await signIn(base, 'admin');
  const html = await (await fetch(`${base}/login`)).text();
  const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(html)?.[0] ?? '/favicon.ico';
  const pages: BenchPage[] = [
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
    {
      name: `council report .docx with charts (${city.tasks} tasks)`,
      path: `/strategies/${city.strategyId}/report/${reportYear}/docx`,
      auth: true,
      target: 3000,
    },
  ];
  const only = process.env.BENCH_ONLY;
  if (only) {
    const chosen = pages.filter((page) => page.name.includes(only));
    if (chosen.length === 0) throw new Error(`BENCH_ONLY=${only} names no row`);
    console.log('| page | median ms | p95 ms | max ms | KiB | target |');
    for (const page of chosen) {
      const result = await sequential(base, page.path, page.auth ? cookie : null);
      if (page.target && result.p95 >= page.target) exitCode = 1;
      console.log(latencyRow(page, result));
    }
    console.log(`[bench] BENCH_ONLY=${only}: only these rows were measured; nothing was written.`);
    // The finally block below stops the server and removes the data.
    throw new OnlyDone();
  }

  console.log('[bench] sequential latency…');
  const latencyRows: string[] = [];
  for (const page of pages) {
    const result = await sequential(base, page.path, page.auth ? cookie : null);
    if (page.target && result.p95 >= page.target) exitCode = 1;
    latencyRows.push(latencyRow(page, result));
  }

  console.log(`[bench] load at 10 and 50 connections, ${LOAD_SECONDS} s each…`);
  const loads: Record<string, Record<number, Load>> = {};
  for (const page of pages) {
    loads[page.name] = {};
    for (const connections of [10, 50])
      loads[page.name]![connections] = await load(base, page.path, page.auth ? cookie : null, connections);
  }
  const { loadRows, ceiling } = throughput(pages, loads);

  console.log('[bench] first-load JavaScript…');
  const jsRows: string[] = [];
  for (const page of pages.filter((candidate) => candidate.auth && !/\/(xlsx|docx)$/.test(candidate.path))) {
    const js = await firstLoadJs(base, page.path, cookie);
    jsRows.push(`| ${page.name} | ${(js.raw / 1024).toFixed(1)} | ${(js.gzip / 1024).toFixed(1)} |`);
  }

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
    mixed: mixed.lines,
    mixedTwo,
  });
  if (data.statementRows.some((row) => row.demo !== row.city)) exitCode = 1;
  writeReport(report, { machine, statementRows: data.statementRows, loads, mixed: mixed.lines, mixedTwo });
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
process.exit(exitCode);
