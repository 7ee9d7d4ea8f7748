/*
 * The bench's server part (scripts/bench.ts): starts `npm start`'s script, signs in over HTTP, and
 * measures sequential latency, throughput at a number of connections (autocannon), first-load
 * JavaScript and the mixed load of reads and report saves.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { DEMO_PASSWORD } from '../seed/demo';
import {
  LOAD_SECONDS,
  MIXED_RATE,
  MIXED_SECONDS,
  RSS_SAMPLE_SECONDS,
  RUNS,
  root,
  type BenchTarget,
} from './setup';

const f1 = (value: number) => value.toFixed(1);

/** The production server under test: started, restarted with other settings, stopped, measured. */
export function createServer(target: BenchTarget) {
  let server: ChildProcess | null = null;
  return {
    /** Starts `npm start`'s script (the build when it is not current, then scripts/serve.ts). */
    start(extra: Record<string, string> = {}) {
      server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
        cwd: root,
        env: { ...target.env, ...extra },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      server.stdout!.on('data', () => {});
    },
    async stop() {
      const running = server;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      running.kill('SIGTERM');
      await new Promise((resolve) => running.once('exit', resolve));
    },
    async waitUntilUp() {
      for (let i = 0; i < 600; i++) {
        try {
          if ((await fetch(`${target.base}/api/health`)).ok) return;
        } catch {
          // not up yet
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error('the server did not start');
    },
    /** The resident memory of the server: the processes under scripts/start.ts, MiB. */
    memory(): number {
      return this.rss().total;
    },
    /**
     * The resident memory of the server's processes, MiB: their total (the supervisor, scripts/serve.ts,
     * included) and each serving process's (the supervisor's children, scripts/serve.ts's workers).
     */
    rss(): Rss {
      const children = (pid: number): number[] => {
        try {
          return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
            .trim()
            .split('\n')
            .filter(Boolean)
            .map(Number);
        } catch {
          return []; // no children
        }
      };
      const descendants = (pid: number): number[] =>
        children(pid).flatMap((child) => [child, ...descendants(child)]);
      const rssOf = (pid: number) => {
        try {
          const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
        } catch {
          return 0; // gone meanwhile
        }
      };
      const all = descendants(server!.pid!);
      const supervisors = children(server!.pid!);
      const serving = supervisors.flatMap(children);
      return {
        total: Math.round(all.reduce((sum, pid) => sum + rssOf(pid), 0)),
        supervisor: Math.round(supervisors.reduce((sum, pid) => sum + rssOf(pid), 0)),
        processes: serving.map((pid) => Math.round(rssOf(pid))),
      };
    },
  };
}
export type BenchServer = ReturnType<typeof createServer>;

/** The server's resident memory, MiB: all its processes, and each serving process. */
export interface Rss {
  total: number;
  /** The supervisor (scripts/serve.ts), which on the embedded database holds the engine (PGlite). */
  supervisor: number;
  processes: number[];
}

export async function signIn(base: string, login: string): Promise<string> {
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

/**
 * fetch, once more after a network error: a kept-alive connection that the server closed between two
 * requests answers the next one with ECONNRESET (seen once in a 45-minute run). A second failure is one.
 */
async function fetchOnceMore(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

export interface Latency {
  median: number;
  p95: number;
  max: number;
  bytes: number;
}
export async function sequential(base: string, pathName: string, cookie: string | null): Promise<Latency> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const started = performance.now();
    const response = await fetchOnceMore(`${base}${pathName}`, {
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

export interface Load {
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
async function settle(base: string) {
  let quick = 0;
  const until = performance.now() + 120_000;
  while (quick < 3 && performance.now() < until) {
    const started = performance.now();
    try {
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      quick = performance.now() - started < 50 ? quick + 1 : 0;
    } catch {
      // A kept-alive connection the server closed meanwhile (ECONNRESET): not settled yet, ask again.
      quick = 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function load(
  base: string,
  pathName: string,
  cookie: string | null,
  connections: number,
): Promise<Load> {
  await settle(base);
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
export async function firstLoadJs(
  base: string,
  pathName: string,
  cookie: string | null,
): Promise<{ raw: number; gzip: number }> {
  const html = await (
    await fetchOnceMore(`${base}${pathName}`, { headers: cookie ? { cookie } : {} })
  ).text();
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

/** What the mixed load saves and where: the open year and each task's report input. */
export interface MixedLoadData {
  reportYear: number;
  reportInputs: Map<number, unknown>;
}

/** The leak check's limits (issue 28): every serving process at most this much RSS, MiB. */
export const RSS_LIMIT_MIB = 400;
/** "No growth": over the further period at most this share of the RSS it began with, or … */
export const GROWTH_SHARE = 0.05;
/** … at most this many MiB, whichever is larger. */
export const GROWTH_MIB = 20;

/** A reading of the server's memory during the mixed load: seconds since its start, MiB. */
interface RssSample {
  at: number;
  total: number;
  supervisor: number;
  /** The largest serving process. */
  largest: number;
}

/** The least-squares slope of the largest process's RSS over the samples, MiB per minute. */
function slope(samples: RssSample[]): number {
  if (samples.length < 2) return 0;
  const xs = samples.map((sample) => sample.at / 60);
  const ys = samples.map((sample) => sample.largest);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, k) => {
    num += (x - mx) * (ys[k]! - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

/** Latency percentiles and counts of one period of the mixed load. */
interface PeriodStats {
  latencies: number[];
  answeredInTime: number;
  errors: number;
  saves: number;
  conflicts: number;
  reads: number;
}
const newPeriod = (): PeriodStats => ({
  latencies: [],
  answeredInTime: 0,
  errors: 0,
  saves: 0,
  conflicts: 0,
  reads: 0,
});

/**
 * The mixed load: MIXED_RATE requests per second for MIXED_SECONDS from 40 executors, every tenth
 * a report save, the rest their pages (task card, inbox, home, report form). Each save carries the
 * version the previous answer gave; a save sent before that answer came gets a conflict. With
 * `leakSeconds` > 0 the same load goes on for that long (the leak check): the server's RSS is read
 * every RSS_SAMPLE_SECONDS throughout, and the report gives it at the start, after the mixed load and
 * after the further period, the growth over the further period and the slope of each period, against
 * the limits above. Returns the report's lines, the number of errors and whether the memory limits
 * were met (true without a leak check).
 */
export async function mixedLoad(
  server: BenchServer,
  base: string,
  data: MixedLoadData,
  label: string,
  people: [string, number][],
  sessions: Map<string, string>,
  versions: Map<number, number>,
  leakSeconds = 0,
): Promise<{ lines: string[]; errors: number; memoryMet: boolean }> {
  const { reportYear, reportInputs } = data;
  // Read from the build this server runs (a restart rebuilds when the sources changed).
  const saveId = actionId('saveReportAction');
  console.log(
    `[bench] mixed load (${label}): ${MIXED_RATE} req/s for ${MIXED_SECONDS} s${leakSeconds > 0 ? `, then ${leakSeconds} s more (leak check)` : ''}…`,
  );
  await settle(base);
  const read = (at: number): RssSample => {
    const rss = server.rss();
    return { at, total: rss.total, supervisor: rss.supervisor, largest: Math.max(0, ...rss.processes) };
  };
  const samples: RssSample[] = [read(0)];
  const periods = [newPeriod(), newPeriod()];
  const inflight: Promise<void>[] = [];
  /** Counts an error; the first one is printed, so that a failing run says why. */
  let errorsSeen = 0;
  const fail = (period: PeriodStats, what: string) => {
    period.errors++;
    if (errorsSeen++ === 0) console.error(`[bench] first error of the mixed load (${label}): ${what}`);
  };
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const sampler = setInterval(() => samples.push(read(seconds())), RSS_SAMPLE_SECONDS * 1000);
  let afterMixed: RssSample | null = null;
  const mixedRequests = MIXED_RATE * MIXED_SECONDS;
  const totalRequests = MIXED_RATE * (MIXED_SECONDS + leakSeconds);
  for (let i = 0; i < totalRequests; i++) {
    const due = started + (i * 1000) / MIXED_RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (i === mixedRequests) afterMixed = read(seconds());
    const period = periods[i < mixedRequests ? 0 : 1]!;
    const periodEnd = i < mixedRequests ? MIXED_SECONDS : MIXED_SECONDS + leakSeconds;
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
            if (response.status !== 200) fail(period, `save: HTTP ${response.status} ${text.slice(0, 300)}`);
            // The action's reply is an RSC stream; its result row holds the new version.
            const saved = /"status":"success","data":\{"status":"\w+","version":(\d+)\}/.exec(text);
            if (saved) {
              period.saves++;
              versions.set(taskId, Number(saved[1]));
            } else if (text.includes('"code":"conflict"')) {
              period.conflicts++;
            } else if (response.status === 200) {
              fail(period, `save: ${text.slice(0, 300)}`);
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
            if (response.status !== 200) fail(period, `${target}: HTTP ${response.status}`);
            period.reads++;
          }
        } catch (error) {
          fail(period, String(error));
        }
        period.latencies.push(performance.now() - t0);
        if (seconds() <= periodEnd) period.answeredInTime++;
      })(),
    );
  }
  await Promise.all(inflight);
  clearInterval(sampler);
  const end = read(seconds());
  samples.push(end);
  afterMixed ??= end;

  const describe = (period: PeriodStats, length: number, what: string) => {
    const latencies = [...period.latencies].sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    return [
      `- ${what}: ${latencies.length} requests in ${length} s at ${MIXED_RATE} req/s from ${people.length} signed-in executors: ${period.reads} page reads, ${period.saves} report saves (${period.conflicts} conflicts, reported to the user as such).`,
      `- latency p50 ${f1(q(0.5))} ms, p95 ${f1(q(0.95))} ms, p99 ${f1(q(0.99))} ms; errors: ${period.errors}.`,
      `- answered within the ${length} s: ${period.answeredInTime} (${f1(period.answeredInTime / length)} req/s; the rest after it, from the queue).`,
    ];
  };
  const start = samples[0]!;
  const lines = [
    ...describe(periods[0]!, MIXED_SECONDS, 'mixed load'),
    `- server memory (RSS, all its processes): ${start.total} MiB at the start, ${afterMixed.total} MiB after the mixed load; the supervisor (on the embedded database it holds the engine) ${start.supervisor} → ${afterMixed.supervisor} MiB; the largest serving process ${start.largest} → ${afterMixed.largest} MiB (slope ${f1(slope(samples.filter((sample) => sample.at <= afterMixed.at)))} MiB/min, read every ${RSS_SAMPLE_SECONDS} s).`,
  ];
  let memoryMet = true;
  if (leakSeconds > 0) {
    const further = samples.filter((sample) => sample.at >= afterMixed.at);
    const growth = end.largest - afterMixed.largest;
    const allowed = Math.max(GROWTH_SHARE * afterMixed.largest, GROWTH_MIB);
    const peak = Math.max(...samples.map((sample) => sample.largest));
    const withinLimit = afterMixed.largest <= RSS_LIMIT_MIB && end.largest <= RSS_LIMIT_MIB;
    const noGrowth = growth <= allowed;
    memoryMet = withinLimit && noGrowth;
    lines.push(
      ...describe(periods[1]!, leakSeconds, `leak check, the same load ${leakSeconds} s more`),
      `- server memory (RSS) of the largest serving process: ${start.largest} MiB at the start, ${afterMixed.largest} MiB after the mixed load, ${end.largest} MiB after the further ${leakSeconds} s (peak ${peak} MiB; the supervisor ${end.supervisor} MiB; all processes ${end.total} MiB); growth over the further period ${growth >= 0 ? '+' : ''}${growth} MiB (${f1((100 * growth) / Math.max(1, afterMixed.largest))} %), slope ${f1(slope(further))} MiB/min over ${further.length} readings.`,
      `- RSS ≤ ${RSS_LIMIT_MIB} MiB per process (after the mixed load and after the further period): ${withinLimit ? 'met' : 'NOT met'}. No growth (over the further period at most ${GROWTH_SHARE * 100} % or ${GROWTH_MIB} MiB, whichever is larger: here ${f1(allowed)} MiB): ${noGrowth ? 'met' : 'NOT met'}.`,
    );
  }
  return { errors: periods[0]!.errors + periods[1]!.errors, memoryMet, lines };
}
