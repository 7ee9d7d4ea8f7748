/**
 * `npm run bench`: builds and starts the production server on a generated city-scale strategy
 * (~600 tasks over 10 years; PostgreSQL when DATABASE_URL is set — on a throw-away database — else
 * PGlite in a temp folder), signs in, and times the pages side by side in one run: the floors
 * (a static asset, the `select 1` health route) and the app's pages, the council report's print
 * view and its XLSX. Prints one table, writes bench-results.json and BENCHMARKS.md.
 * A script, not a test: these machines are shared and noisy.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { goals, programs, tasks } from '../db/schema';
import { seedDemoData } from '../db/seed/demo';
import { generateCity } from '../lib/bench/city';
import { parseCards } from '../lib/cards/parse';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-bench-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NEXTAUTH_URL: base };
delete env.NEXTAUTH_SECRET;

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

console.log('[bench] generating the city-scale strategy…');
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
await migrateDatabase(database);
await seedDemoData(database.db);
const city = await generateCity(database.db, { goals: 5, programs: 8, tasks: 15, years: 10, seed: 1 });
const [sample] = await database.db
  .select({ programId: programs.id, taskId: tasks.id })
  .from(tasks)
  .innerJoin(programs, eq(programs.id, tasks.programId))
  .innerJoin(goals, eq(goals.id, programs.goalId))
  .where(and(eq(goals.strategyId, city.strategyId)))
  .orderBy(asc(tasks.id))
  .limit(1);
const reportYear = city.years[4]!;
await database.close();

// The card parser, in this process: a city moving in pastes its whole plan at once.
const seedText = fs.readFileSync(
  path.join(root, 'db', 'seed', 'karta-zadania-cel-I-program-3-zadanie-1.txt'),
  'utf8',
);
function timeInProcess(name: string, run: () => unknown, bytes: number): Row {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { name, path: '(in process)', median: samples[2]!, p95: samples[4]!, max: samples[4]!, bytes };
}
const manyCards = Array.from({ length: 1400 }, () => seedText).join('\n\n');
let noise = '';
for (let i = 0; noise.length < 5_000_000; i++)
  noise += `${(i * 7919) % 104729} słowo Łódź ${i % 13 === 0 ? '\n' : ''}`;
const parserRows = [
  timeInProcess('card parser: 1,400 real cards (in process)', () => parseCards(manyCards), manyCards.length),
  timeInProcess('card parser: 5 MB of noise (in process)', () => parseCards(noise), noise.length),
];

console.log('[bench] starting the production server…');
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
server.stdout!.on('data', () => {});
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

async function signIn(): Promise<string> {
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
    body: new URLSearchParams({ csrfToken, login: 'admin', password: 'demo-Leszno-2009', json: 'true' }),
  });
  const session = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('next-auth.session-token='));
  if (!session) throw new Error('sign-in failed');
  return session.split(';')[0]!;
}

interface Row {
  name: string;
  path: string;
  median: number;
  p95: number;
  max: number;
  bytes: number;
}

async function time(name: string, pathName: string, cookie: string | null): Promise<Row> {
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
    if (i >= 2) samples.push(elapsed); // two warm-up requests
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { name, path: pathName, median: at(0.5), p95: at(0.95), max: samples.at(-1)!, bytes };
}

let exitCode = 0;
try {
  await waitForServer();
  const cookie = await signIn();
  const html = await (await fetch(`${base}/login`)).text();
  const asset = /\/_next\/static\/[^"]+\.css/.exec(html)?.[0] ?? '/favicon.ico';
  const rows: Row[] = [];
  rows.push(await time('static asset (floor)', asset, null));
  rows.push(await time('health: select 1 (floor)', '/api/health', null));
  rows.push(await time('home page', '/', cookie));
  rows.push(await time('program page (15 tasks)', `/programs/${sample!.programId}`, cookie));
  rows.push(await time('task card', `/tasks/${sample!.taskId}`, cookie));
  rows.push(await time('inbox', '/inbox', cookie));
  rows.push(
    await time(
      `council report print view (${city.tasks} tasks, ${reportYear})`,
      `/strategies/${city.strategyId}/report/${reportYear}`,
      cookie,
    ),
  );
  rows.push(
    await time(
      `council report XLSX (${city.tasks} tasks, ${reportYear})`,
      `/strategies/${city.strategyId}/report/${reportYear}/xlsx`,
      cookie,
    ),
  );
  rows.push(await time('dashboard (whole strategy)', `/dashboard?year=${reportYear}`, cookie));
  rows.push(...parserRows);

  const floor = rows[1]!.median;
  const targets: Record<string, number> = { 'council report print view': 1000, 'council report XLSX': 2000 };
  const table = [
    '| what | median ms | p95 ms | max ms | × health floor | size kB | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((row) => {
      const target = Object.entries(targets).find(([prefix]) => row.name.startsWith(prefix));
      const verdict = target ? `< ${target[1]} ms: ${row.p95 < target[1] ? 'met' : 'NOT met'} (p95)` : '';
      if (target && row.p95 >= target[1]) exitCode = 1;
      return `| ${row.name} | ${row.median.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.max.toFixed(1)} | ${(row.median / floor).toFixed(1)} | ${(row.bytes / 1024).toFixed(1)} | ${verdict} |`;
    }),
  ].join('\n');
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`;
  console.log(`\n${table}\n\n${machine}; ${RUNS} sequential requests each after 2 warm-ups.`);
  fs.writeFileSync(
    path.join(root, 'bench-results.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, rows }, null, 2),
  );
  fs.writeFileSync(
    path.join(root, 'BENCHMARKS.md'),
    `# Benchmarks\n\nProduced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: a generated strategy of ${city.tasks} tasks over ${city.years.length} years, the production server, ${RUNS} sequential requests per row after 2 warm-ups, signed in as the admin (who sees everything).\n\nMachine: ${machine}.\n\n${table}\n\nTargets (issue "council's report"): the XLSX for one year under 2 s, the print view under 1 s.\nLoad at 10 and 50 connections, SQL statements per page and the 5-minute mixed load are not measured yet.\n`,
  );
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
