/*
 * `npm run bench:profile`: where a page's time goes on the production server under load (issue 28).
 * Prepares the bench's data (scripts/bench/setup.ts: the demo and a city-scale strategy, on a
 * throw-away PostgreSQL database when DATABASE_URL is set, else PGlite), then for each page starts
 * the production server (scripts/serve.ts, the current build) with `node --cpu-prof`, loads the page
 * with autocannon at 10 connections for BENCH_PROFILE_SECONDS (default 15), stops the server and
 * prints the page's busy time by where the code comes from (a package, our code, Next's renderer,
 * garbage collection), self time during the measured load only, through the build's source maps;
 * and its top functions.
 *
 *   npm run bench:profile [-- login home task inbox program dashboard print xlsx docx health bare]
 *
 * BENCH_PROFILE_KEEP=1 keeps each page's .cpuprofile (its path is printed) for Chromium's DevTools.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createBareApp } from './bare';
import { signIn } from './load';
import { createTarget, prepareData, root } from './setup';

const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 15);

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The monotonic clock V8's profiles use, µs (CLOCK_MONOTONIC, as process.hrtime). */
const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(file: string): SourceMap | null {
  if (!maps.has(file)) {
    const mapFile = `${file}.map`;
    maps.set(
      file,
      fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : null,
    );
  }
  return maps.get(file)!;
}

/** Where a function's code comes from: a package, a file of ours, Next's renderer, V8 itself. */
function origin(frame: CallFrame): string {
  if (!frame.url) {
    if (frame.functionName === '(garbage collector)') return 'V8: garbage collection';
    if (frame.functionName === '(program)') return 'V8: (program: native, compiler)';
    if (frame.functionName === '(idle)') return '(idle)';
    return `native: ${frame.functionName || '(anonymous)'}`;
  }
  if (frame.url.startsWith('node:')) return 'Node internals';
  if (frame.url.startsWith('wasm:')) return '@electric-sql/pglite (WebAssembly: the embedded PostgreSQL)';
  let file = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  if (file.includes(`${path.sep}.next${path.sep}`)) {
    const entry = sourceMapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) file = entry.originalSource;
    else return 'our build (no source map)';
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file.replace(/\\/g, '/'));
  if (modules) {
    const [, name, rest] = modules;
    if (name === 'next') {
      if (/compiled\/next-server\/app-page/.test(rest!))
        return 'next: app-page runtime (React server render, RSC payload, HTML)';
      if (/compiled\//.test(rest!)) return `next: ${/compiled\/([^/]+)/.exec(rest!)![1]}`;
      return `next: ${rest!.split('/').slice(0, 3).join('/')}`;
    }
    return name!;
  }
  // Source maps name our files from the project (`[project]/lib/…`), the root, or the chunk's folder
  // (`../../lib/…`).
  const relative = file
    .replace(/^.*?\[project\]\//, '')
    .replace(`${root}/`, '')
    .replace(/^(?:\.\.?\/)+/, '');
  return `ours: ${relative.split('/').slice(0, 2).join('/')}`;
}

/** Self time per origin and per function, ms, from a .cpuprofile: the samples within [from, to] (µs). */
function summarize(profile: Profile, from: number, to: number) {
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, k) => {
    const delta = profile.timeDeltas[k] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const where = origin(node.callFrame);
    if (where === '(idle)') continue;
    busy += ms;
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + ms);
    const name = `${node.callFrame.functionName || '(anonymous)'} — ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `| ${name} | ${Math.round(ms)} | ${((100 * ms) / busy).toFixed(1)} % |`);
  return { busy, origins: top(byOrigin, 14), functions: top(byFunction, 12) };
}

async function stopProcess(child: ReturnType<typeof spawn>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

const target = await createTarget(process.env.DATABASE_URL || undefined);
const data = await prepareData(target);
const port = Number(new URL(target.base).port);
// What scripts/start.ts provides before it starts scripts/serve.ts.
const serverEnv: NodeJS.ProcessEnv = {
  ...target.env,
  NODE_ENV: 'production',
  NEXTAUTH_SECRET: crypto.randomBytes(48).toString('base64url'),
};
const pages: Record<string, { path: string; auth: boolean }> = {
  login: { path: '/login', auth: false },
  home: { path: '/', auth: true },
  inbox: { path: '/inbox', auth: true },
  program: { path: `/programs/${data.large.programId}`, auth: true },
  task: { path: `/tasks/${data.large.taskId}`, auth: true },
  dashboard: { path: '/dashboard', auth: true },
  // The council report of the city-scale strategy (600 tasks): the print view and the workbook.
  print: { path: `/strategies/${data.city.strategyId}/report/${data.reportYear}`, auth: true },
  xlsx: { path: `/strategies/${data.city.strategyId}/report/${data.reportYear}/xlsx`, auth: true },
  docx: { path: `/strategies/${data.city.strategyId}/report/${data.reportYear}/docx`, auth: true },
  health: { path: '/api/health', auth: false },
  bare: { path: '/', auth: false },
};
const chosen = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const names = chosen.length > 0 ? chosen : ['login', 'home', 'task', 'dashboard'];
for (const name of names)
  if (!pages[name]) throw new Error(`no page ${name}: ${Object.keys(pages).join(', ')}`);

const output: string[] = [];
try {
  for (const name of names) {
    const page = pages[name]!;
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), `ms-profile-${name}-`));
    const bare = name === 'bare' ? createBareApp(port + 1) : null;
    // The serving process writes its profile when it exits: exit-on-signal.ts makes SIGTERM a normal exit.
    const profiling = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    let server: ReturnType<typeof spawn>;
    let base = target.base;
    if (bare) {
      bare.build();
      base = bare.base;
      server = spawn(
        process.execPath,
        [...profiling, path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port + 1)],
        { cwd: bare.dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: 'ignore' },
      );
    } else {
      server = spawn(
        process.execPath,
        [
          ...profiling,
          '--import',
          'tsx',
          '--import',
          path.join(import.meta.dirname, 'exit-on-signal.ts'),
          path.join(root, 'scripts', 'serve.ts'),
        ],
        { cwd: root, env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] },
      );
    }
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}${bare ? '/' : '/api/health'}`)).ok) break;
      } catch {
        if (i > 240 || server.exitCode !== null) throw new Error('the server did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const cookie = page.auth ? await signIn(base, 'admin') : null;
    // Warm-up, then the measured load.
    await autocannon({
      url: `${base}${page.path}`,
      connections: 10,
      duration: 3,
      headers: cookie ? { cookie } : {},
    });
    const from = nowMicros();
    const result = await autocannon({
      url: `${base}${page.path}`,
      connections: 10,
      duration: SECONDS,
      headers: cookie ? { cookie } : {},
    });
    const to = nowMicros();
    await stopProcess(server);
    bare?.remove();
    // The serving process's profile is the largest (the supervisor's holds almost nothing).
    const files = fs
      .readdirSync(profileDir)
      .map((file) => path.join(profileDir, file))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    if (files.length === 0) throw new Error(`no profile written for ${name}`);
    const summary = summarize(JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as Profile, from, to);
    if (process.env.BENCH_PROFILE_KEEP) console.error(`[bench] kept: ${files[0]}`);
    else fs.rmSync(profileDir, { recursive: true, force: true });
    const requests = result.requests.total;
    output.push(
      `### ${name} (${page.path}): ${Math.round(result.requests.average)} req/s at 10 connections, ${SECONDS} s; ` +
        `in those ${SECONDS} s the serving thread was busy ${Math.round(summary.busy)} ms, ${(summary.busy / requests).toFixed(2)} ms per request`,
      '',
      '| where (self time) | ms | share of busy |',
      '| --- | ---: | ---: |',
      ...summary.origins,
      '',
      '| top functions (self time) | ms | share |',
      '| --- | ---: | ---: |',
      ...summary.functions,
      '',
    );
    console.log(output.slice(-(summary.origins.length + summary.functions.length + 8)).join('\n'));
  }
} finally {
  await target.dropDatabase();
  fs.rmSync(target.dataDir, { recursive: true, force: true });
}
fs.writeFileSync(path.join(root, 'bench-profile.md'), `${output.join('\n')}\n`);
console.log('[bench] written: bench-profile.md');
process.exit(0);
