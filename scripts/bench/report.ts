/*
 * The bench's report (scripts/bench.ts): the tables it prints, bench-results.json and
 * BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Latency, Load } from './load';
import { LOAD_SECONDS, RUNS, root, type BenchData } from './setup';

export const f1 = (value: number) => value.toFixed(1);

/** A page the server part measures; `target` is its p95 latency limit, ms. */
export interface BenchPage {
  name: string;
  path: string;
  auth: boolean;
  target?: number;
  /** The target is on the median, not the p95 (the council report's print view, issue 28). */
  targetOnMedian?: boolean;
  /** A public page (anonymous, from the public cache): measured against the static asset. */
  public?: boolean;
  /** Its server's address when not ours: the bare Next.js app (scripts/bench/bare.ts). */
  base?: string;
  /** The bare Next.js page: the floor every × column is against. */
  bare?: boolean;
  /** Its throughput target: at least this share of the bare page's req/s, at 10 and 50 connections. */
  ratio?: number;
}

/** First-load JavaScript of every page: at most this share of the bare page's (gzipped). */
export const JS_TARGET = 1.1;

/** The public pages' target: at 50 connections, at least this share of the static asset's req/s. */
export const PUBLIC_TARGET = 0.5;

/** Whether a page's latency meets its target (its p95 below it, or its median at most it). */
export function latencyMet(page: BenchPage, result: Latency): boolean {
  if (!page.target) return true;
  return page.targetOnMedian ? result.median <= page.target : result.p95 < page.target;
}

/** A row of the sequential latency table; the page's target is met or not. */
export function latencyRow(page: BenchPage, result: Latency): string {
  const verdict = page.target
    ? `${page.targetOnMedian ? 'median ≤' : 'p95 <'} ${page.target} ms: ${latencyMet(page, result) ? 'met' : 'NOT met'}`
    : '';
  return `| ${page.name} | ${f1(result.median)} | ${f1(result.p95)} | ${f1(result.max)} | ${(result.bytes / 1024).toFixed(1)} | ${verdict} |`;
}

/**
 * The throughput table's rows: × the bare Next.js page (the page marked `bare`, served in the same
 * run), each page against its target; and a line on where our pages stand.
 */
export function throughput(
  pages: BenchPage[],
  loads: Record<string, Record<number, Load>>,
): { loadRows: string[]; ceiling: string; met: boolean } {
  const floorPage = pages.find((page) => page.bare)!;
  const floor = loads[floorPage.name]!;
  let met = true;
  const loadRows = pages.map((page) => {
    const at = loads[page.name]!;
    const ratios = [10, 50].map((c) => at[c]!.rps / floor[c]!.rps);
    const cells = [10, 50].map(
      (c, k) =>
        `${Math.round(at[c]!.rps)} | ${at[c]!.p50} / ${at[c]!.p95} / ${at[c]!.p99} | ${ratios[k]!.toFixed(2)}`,
    );
    const errors = at[10]!.errors + at[50]!.errors;
    const timeouts = at[10]!.timeouts + at[50]!.timeouts;
    let verdict = '';
    if (page.ratio) {
      const ok = ratios.every((ratio) => ratio >= page.ratio!);
      if (!ok) met = false;
      verdict = `≥ ${page.ratio}: ${ok ? 'met' : 'NOT met'}`;
    }
    return `| ${page.name} | ${cells.join(' | ')} | ${errors} | ${timeouts} | ${verdict} |`;
  });

  const ours = pages.filter((page) => page.auth && !page.target).map((page) => loads[page.name]!);
  if (ours.length === 0) return { loadRows, ceiling: '', met };
  const range = (c: number) => {
    const ratios = ours.map((at) => at[c]!.rps / floor[c]!.rps);
    return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
  };
  const ceiling = `The signed-in pages above (not the council report) reach ${range(10)} (@10) and ${range(50)} (@50) of the bare Next.js page's throughput, measured in the same run.`;
  return { loadRows, ceiling, met };
}

/**
 * The public pages against the static asset (`pages[0]`): at 50 connections at least PUBLIC_TARGET
 * of its req/s, and no errors or timeouts at either number of connections.
 */
export function publicAgainstStatic(
  pages: BenchPage[],
  loads: Record<string, Record<number, Load>>,
): { rows: string[]; met: boolean } {
  const asset = loads[pages.find((page) => page.name.startsWith('static asset'))!.name]!;
  let met = true;
  const rows = pages
    .filter((page) => page.public)
    .map((page) => {
      const at = loads[page.name]!;
      const ratios = [10, 50].map((c) => at[c]!.rps / asset[c]!.rps);
      const failures = at[10]!.errors + at[50]!.errors + at[10]!.timeouts + at[50]!.timeouts;
      const ok = ratios[1]! >= PUBLIC_TARGET && failures === 0;
      if (!ok) met = false;
      return `| ${page.name} | ${ratios[0]!.toFixed(2)} | ${ratios[1]!.toFixed(2)} | ${failures} | ${ok ? 'met' : 'NOT met'} |`;
    });
  return { met, rows };
}

/** The public pages' table, the rows of each database. */
function publicTable(runs: DbRun[]): string[] {
  return [
    `## Public pages against the static asset (target: ≥ ${PUBLIC_TARGET} × its req/s at 50 connections, 0 errors)`,
    '',
    'Anonymous, answered from the public cache after the first request (`scripts/lib/public-cache.ts`).',
    '',
    '| page | database | × static @10 | × static @50 | errors + timeouts | target |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...interleave(runs, (run) => run.publicRows),
  ];
}

/** What one database's run of the bench gives the report (scripts/bench.ts). */
export interface DbRun {
  /** The database's name in the tables: PGlite or PostgreSQL. */
  db: string;
  data?: BenchData;
  /** Rows without the bare page's (its latency is measured once, before the databases' runs). */
  latencyRows: string[];
  /** The bare page's load cells, measured right before this database's. */
  bareLoadRow: string;
  loadRows: string[];
  ceiling: string;
  jsRows: string[];
  publicRows: string[];
  mixed?: string[];
  mixedTwo?: string[] | null;
}

/** A table row with the database's name as its second cell. */
export function withDb(row: string, db: string): string {
  const cut = row.indexOf(' | ');
  return `${row.slice(0, cut)} | ${db}${row.slice(cut)}`;
}

/** The runs' rows of a table side by side: each page's row of every database, page after page. */
function interleave(runs: DbRun[], rowsOf: (run: DbRun) => string[]): string[] {
  const count = Math.max(...runs.map((run) => rowsOf(run).length));
  const rows: string[] = [];
  for (let k = 0; k < count; k++)
    for (const run of runs) {
      const row = rowsOf(run)[k];
      if (row) rows.push(withDb(row, run.db));
    }
  return rows;
}

/** The bare page's rows measured once for every database (its database cell: none). */
export interface BareRows {
  latencyRow: string;
  jsRow: string;
  memory: number;
}

/** The machine, as the report names it. */
export function machineName(databases: string[]): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${databases.join(' and ')}`;
}

const LATENCY_HEAD = [
  '| page | database | median | p95 | max | size kB | target |',
  '| --- | --- | ---: | ---: | ---: | ---: | --- |',
];
const LOAD_HEAD = [
  '| page | database | req/s @10 | p50 / p97.5 / p99 ms @10 | × bare @10 | req/s @50 | p50 / p97.5 / p99 ms @50 | × bare @50 | errors | timeouts | target (× bare) |',
  '| --- | --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |',
];
const JS_HEAD = [
  `| page | database | kB | kB gzip | × bare (gzip) | target ≤ ${JS_TARGET} |`,
  '| --- | --- | ---: | ---: | ---: | --- |',
];
/** The bare page's database cell: it has none, and is measured once for all. */
const NO_DB = '— (once for all)';

/** The bare page's load rows: one per database, measured right before that database's cells. */
const bareLoadRows = (runs: DbRun[]) =>
  runs.map((run) => withDb(run.bareLoadRow, `— (just before ${run.db}'s cells)`));

/** The report's lines, as printed and written to BENCHMARKS.md: every table with each database's rows. */
export function buildReport(parts: { machine: string; bare: BareRows; runs: DbRun[] }): string[] {
  const { machine, bare, runs } = parts;
  const city = runs[0]!.data!.city;
  return [
    `Machine: ${machine}. Generated strategy: ${city.tasks} tasks over ${city.years.length} years; the demo strategy is the seed card. Each database has its own server, data and run (${runs.map((run) => run.db).join(', then ')}); the bare Next.js page's latency and JavaScript are measured once, before them, its throughput again just before each database's load cells.`,
    ...runs
      .filter((run) => !run.mixed)
      .flatMap((run) => [
        '',
        `**${run.db}: the run stopped before its mixed load** (its error is in the bench's output).`,
      ]),
    '',
    '## SQL statements per page (counted through the driver’s logger)',
    '',
    '| page | database | demo scale | city scale | same |',
    '| --- | --- | ---: | ---: | --- |',
    ...interleave(runs, (run) =>
      run.data!.statementRows.map(
        (row) => `| ${row.page} | ${row.demo} | ${row.city} | ${row.demo === row.city ? 'yes' : 'NO'} |`,
      ),
    ),
    '',
    `## Sequential latency (${RUNS} requests after 2 warm-ups, ms)`,
    '',
    ...LATENCY_HEAD,
    withDb(bare.latencyRow, NO_DB),
    ...interleave(runs, (run) => run.latencyRows),
    '',
    `## Throughput (autocannon, ${LOAD_SECONDS} s per cell)`,
    '',
    ...LOAD_HEAD,
    ...bareLoadRows(runs),
    ...interleave(runs, (run) => run.loadRows),
    '',
    'Errors: failed connections and answers other than 2xx. Timeouts: requests still unanswered after autocannon’s 10 s, because they waited behind the others (the server renders a few at a time; at 50 connections a page that takes a quarter of a second waits longer than that).',
    '',
    ...runs.flatMap((run) => [`${run.db}: ${run.ceiling}`, '']),
    ...publicTable(runs),
    '',
    '## First-load JavaScript',
    '',
    ...JS_HEAD,
    withDb(bare.jsRow, NO_DB),
    ...interleave(runs, (run) => run.jsRows),
    '',
    '## Mixed load and leak check',
    '',
    `Bare Next.js page: server memory (RSS) ${bare.memory} MiB after its load cells.`,
    '',
    ...runs.flatMap((run) => [
      `### ${run.db}`,
      '',
      ...(run.mixedTwo
        ? [
            'One process (the default):',
            '',
            ...run.mixed!,
            '',
            'Two processes (`APP_PROCESSES=2`), the same load (without the further period) right after:',
            '',
            ...run.mixedTwo,
          ]
        : (run.mixed ?? ['- not measured: the run stopped before it.'])),
      '',
    ]),
    ...runs.flatMap((run, k) => [
      ...(k > 0 ? [''] : []),
      `Card parser (in process, ${run.db} run): 1,400 real cards (${(run.data!.parsedLength / 2 ** 20).toFixed(1)} MB) in ${f1(run.data!.parserMs)} ms; the same cards as printed from a browser (page footers and headers, separators, CRLF): ${f1(run.data!.printedParserMs)} ms.`,
    ]),
  ];
}

/** Prints the report and writes bench-results.json and BENCHMARKS.md. */
export function writeReport(
  report: string[],
  results: {
    machine: string;
    runs: (DbRun & { loads: Record<string, Record<number, Load>> })[];
  },
) {
  const { machine, runs } = results;
  console.log(`\n${report.join('\n')}\n`);
  fs.writeFileSync(
    path.join(root, 'bench-results.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        runs: runs.map((run) => ({
          db: run.db,
          statementRows: run.data?.statementRows,
          loads: run.loads,
          mixed: run.mixed,
          mixedTwo: run.mixedTwo,
        })),
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(root, 'BENCHMARKS.md'),
    `# Benchmarks\n\nProduced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, the production server, signed in as the admin (who sees everything), the public pages anonymous. Targets: the council report's XLSX under 2 s (p95) and its print view at most 200 ms (median); no query per row; no errors under the mixed load; the × columns against a bare Next.js page built and served in the same run (sign-in ≥ 0.8, home and inbox ≥ 0.6, program page, task card and dashboard ≥ 0.4, at 10 and 50 connections); first-load JavaScript at most 1.1 × the bare page's; every public page and open-data file at least half the static asset's throughput at 50 connections, with no errors; after the mixed load at most 400 MiB RSS per serving process, and no growth over the further period (at most 5 % or 20 MiB, whichever is larger).\n\n${report.join('\n')}\n`,
  );
}

/** The report of `npm run bench -- --public`: the floors and the public pages. */
export function buildPublicReport(parts: { machine: string; bare: BareRows; runs: DbRun[] }): string[] {
  const { machine, bare, runs } = parts;
  return [
    `Machine: ${machine}. \`npm run bench -- --public\`: the floors and the public pages only.`,
    '',
    `## Sequential latency (${RUNS} requests after 2 warm-ups, ms)`,
    '',
    ...LATENCY_HEAD,
    withDb(bare.latencyRow, NO_DB),
    ...interleave(runs, (run) => run.latencyRows),
    '',
    `## Throughput (autocannon, ${LOAD_SECONDS} s per cell)`,
    '',
    ...LOAD_HEAD,
    ...bareLoadRows(runs),
    ...interleave(runs, (run) => run.loadRows),
    '',
    ...publicTable(runs),
    '',
    '## First-load JavaScript',
    '',
    ...JS_HEAD,
    withDb(bare.jsRow, NO_DB),
    ...interleave(runs, (run) => run.jsRows),
    '',
    `Bare Next.js page: server memory (RSS) ${bare.memory} MiB after its load cells.`,
  ];
}

/** Prints the public report and writes bench-public-results.json (BENCHMARKS.md stays as it is). */
export function writePublicReport(
  report: string[],
  loads: Record<string, Record<string, Record<number, Load>>>,
) {
  console.log(`\n${report.join('\n')}\n`);
  fs.writeFileSync(
    path.join(root, 'bench-public-results.json'),
    JSON.stringify({ date: new Date().toISOString(), loads, report }, null, 2),
  );
}
