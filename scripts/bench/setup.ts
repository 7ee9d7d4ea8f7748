/*
 * The bench's set-up (scripts/bench.ts): where it runs (a throw-away database and data folder, a
 * port), the city-scale data, the SQL statements each page's loaders send at two scales, the
 * executors of the mixed load with their report inputs, and the card parser's time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { goals, postHolders, postRoles, programs, reports, strategies, tasks, users } from '../../db/schema';
import { loadSessionUser, signInWithPassword } from '../../lib/auth/sessions';
import { parseCards } from '../../lib/cards/parse';
import { listInbox } from '../../lib/reports/inbox';
import { listTaskReports } from '../../lib/reports/task-report-list';
import { getReportView } from '../../lib/reports/view';
import { getYearlyReport } from '../../lib/reports/yearly';
import { getTaskHistory } from '../../lib/strategy/task-history';
import { getHome } from '../../lib/strategy/home';
import { getTaskCard } from '../../lib/strategy/task-card';
import { getProgramView } from '../../lib/strategy/views';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { DEMO_PASSWORD, SEED_CARD_FILE, seedDemoData } from '../seed/demo';
import { generateCity } from './city';

export const root = path.resolve(import.meta.dirname, '../..');
export const RUNS = Number(process.env.BENCH_RUNS ?? 15);
export const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
export const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 300);
export const MIXED_RATE = 40;
/** The leak check: the mixed load goes on this much longer, the server's RSS read throughout. */
export const LEAK_SECONDS = Number(process.env.BENCH_LEAK_SECONDS ?? 600);
export const RSS_SAMPLE_SECONDS = 5;
const limits = { idleMinutes: 600, maxHours: 10 };

/** Where the bench runs: the server's environment and address, and how to remove the database. */
export interface BenchTarget {
  env: NodeJS.ProcessEnv;
  base: string;
  dataDir: string;
  dropDatabase: () => Promise<void>;
}

/**
 * A data folder in the temp folder, a free-looking port, and on PostgreSQL (`databaseUrl`) a database
 * of its own, named BENCH_DB_PREFIX (default ms_bench) and a random suffix; with `undefined` the
 * embedded database (PGlite) in the data folder, whatever DATABASE_URL says. No default: `--both`
 * passes `undefined` for its PGlite run, and a default of DATABASE_URL had turned that run into a
 * second PostgreSQL one, labelled PGlite, whenever DATABASE_URL was set.
 */
export async function createTarget(databaseUrl: string | undefined): Promise<BenchTarget> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NEXTAUTH_URL: base,
  };
  delete env.NEXTAUTH_SECRET;
  delete env.DATABASE_URL;
  let dropDatabase = async () => {};
  if (databaseUrl) {
    const throwaway = await createThrowawayDatabase(databaseUrl, process.env.BENCH_DB_PREFIX || 'ms_bench');
    env.DATABASE_URL = throwaway.url;
    dropDatabase = throwaway.drop;
  }
  return { env, base, dataDir, dropDatabase };
}

interface Scale {
  strategyId: number;
  programId: number;
  taskId: number;
  year: number;
}

/** What the set-up leaves for the server's part and the report. */
export interface BenchData {
  city: Awaited<ReturnType<typeof generateCity>>;
  reportYear: number;
  /** The seed card's strategy (demo scale) and the generated one (city scale). */
  demo: Scale;
  large: Scale;
  statementRows: { page: string; demo: number; city: number }[];
  /** One executor per task (login → task) for the mixed load. */
  writers: Map<string, number>;
  reportInputs: Map<number, unknown>;
  reportVersions: Map<number, number>;
  parserMs: number;
  /** The size of the parser's text, in characters. */
  parsedLength: number;
  /** The same cards as printed from a browser (see printedCards). */
  printedParserMs: number;
}

/** 1. Data, and SQL statements per page at two scales; then the card parser, in this process. */
export async function prepareData(target: BenchTarget): Promise<BenchData> {
  let statements = 0;
  console.log('[bench] generating the city-scale strategy…');
  const database = await openDatabase({
    databaseUrl: target.env.DATABASE_URL,
    dataDir: target.dataDir,
    logger: { logQuery: () => void statements++ },
  });
  await migrateDatabase(database);
  await seedDemoData(database.db);
  const city = await generateCity(database.db, { goals: 5, programs: 8, tasks: 15, years: 10, seed: 1 });
  const reportYear = city.years[4]!;

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
  const large: Scale = {
    strategyId: city.strategyId,
    ...(await firstTask(city.strategyId)),
    year: reportYear,
  };

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
  const statementRows: BenchData['statementRows'] = [];
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
  // Both strategies published (from today), for the public pages and open data.
  await database.db.update(strategies).set({ publishedFrom: sql`current_date` });
  await database.close();

  // The card parser, in this process: a city moving in pastes its whole plan at once.
  const seedText = fs.readFileSync(SEED_CARD_FILE, 'utf8');
  const manyCards = Array.from({ length: 1400 }, () => seedText).join('\n\n');
  return {
    city,
    reportYear,
    demo,
    large,
    statementRows,
    writers,
    reportInputs,
    reportVersions,
    parserMs: timeParser(manyCards),
    parsedLength: manyCards.length,
    printedParserMs: timeParser(printedCards(seedText, 1400)),
  };
}

/**
 * `count` cards as a browser prints them and Windows saves them: a page footer and header and a
 * separator line between cards, CRLF line ends (what the parser drops before reading the cards).
 */
function printedCards(cardText: string, count: number) {
  const between = (k: number) =>
    `\nhttps://bip.example.pl/strategia/karta?id=${k}    ${k}/${count}\n6.12.2026, 14:32    Karta zadania\n=====\n`;
  return Array.from({ length: count }, (_, k) => `${cardText}${between(k + 1)}`)
    .join('\n')
    .replace(/\n/g, '\r\n');
}

function timeParser(text: string) {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    parseCards(text);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[2]!;
}
