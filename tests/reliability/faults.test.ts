import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, openPostgres } from '@/db/client';
import * as schema from '@/db/schema';
import { RESTART_POLICY } from '@/scripts/lib/restart-policy';
import { demoUsers } from '@/scripts/seed/demo';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { type AppServer, serverProcesses, signInOverHttp, startAppServer } from '../support/app-server';
import { recordFigures } from '../support/figures';
import { fixtureLogins, submittedAsPlanned, userByLogin } from '../support/fixtures';
import { callServerAction, serverActionId } from '../support/server-actions';

/*
 * Fault tests against the production server (`npm start`), on the database of this run
 * (DATABASE_URL set: PostgreSQL; else the embedded PGlite): the serving process killed with
 * SIGKILL in the middle of bursts of writes, PostgreSQL restarted under a signed-in user, and
 * DATA_DIR full. Writes go over HTTP through the server actions, as the browser sends them.
 */

const onPostgres = Boolean(process.env.DATABASE_URL);
const dbName = onPostgres ? 'postgres' : 'pglite';
const dbLabel = onPostgres ? 'PostgreSQL' : 'PGlite (embedded)';
const KILLS = 10;
/** The supervisor stops after this many unexpected ends within a minute (scripts/lib/restart-policy.ts). */
const CRASH_LOOP_KILLS = RESTART_POLICY.maxCrashes;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = 'success' | 'failed' | 'no answer';

/** One write sent to the server: its unique marker (in the text it writes) and what came back. */
interface Write {
  marker: string;
  kind: string;
  outcome: Outcome;
  code?: string;
}

/** The serving processes (the supervisor's children). */
const servingPids = (server: AppServer) => serverProcesses(server).serving;

async function healthStatus(url: string): Promise<number> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status;
  } catch {
    return 0;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The ids and starting points the streams of writes need, read before the server starts. */
interface Prepared {
  reports: { taskId: number; year: number; version: number; submission: unknown }[];
  card: { taskId: number; form: TaskCardInput };
}

/** Opens 2012 and 2013 for reporting and reads the reports' and the demo card's starting points. */
async function prepareWrites(
  database: Database,
  fixture: { taskId: number; otherTaskId: number; seedTaskId: number; strategyId: number },
  into: Prepared,
) {
  const db = database.db;
  const admin = await userByLogin(db, demoUsers.admin.login);
  for (const year of [2012, 2013]) {
    await openReportingYear(db, admin, {
      strategyId: fixture.strategyId,
      year,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });
  }
  const streams = [
    { taskId: fixture.taskId, year: 2012, executor: fixtureLogins.executor },
    { taskId: fixture.taskId, year: 2013, executor: fixtureLogins.executor },
    { taskId: fixture.otherTaskId, year: 2012, executor: fixtureLogins.otherExecutor },
  ];
  for (const stream of streams) {
    const view = await getReportView(db, await userByLogin(db, stream.executor), stream.taskId, stream.year);
    into.reports.push({
      taskId: stream.taskId,
      year: stream.year,
      version: view.version,
      // Every planned point done, every indicator at 1 (the fixtures' submission as planned).
      submission: (({ stages, indicators }) => ({ stages, indicators }))(submittedAsPlanned(view, '')),
    });
  }
  const editor = await getTaskEditor(
    db,
    await userByLogin(db, demoUsers.coordinator.login),
    fixture.seedTaskId,
  );
  into.card = { taskId: fixture.seedTaskId, form: editor.form };
}

/** Who acts on a report stream's reports: the executor, the program's coordinator, the goal owner. */
interface ReportActors {
  executor: string;
  coordinator: string;
  goalOwner: string;
}

class WriteDriver {
  writes: Write[] = [];
  stopped = false;
  private counter = 0;
  private readonly ids = {
    save: serverActionId('actions/reports.ts', 'saveReportAction'),
    decide: serverActionId('actions/reports.ts', 'decideReportAction'),
    card: serverActionId('actions/tasks.ts', 'saveTaskCardAction'),
  };

  constructor(
    private readonly server: AppServer,
    private readonly cookies: Record<string, string>,
  ) {}

  marker(): string {
    this.counter += 1;
    return `«fault-${dbName}-${String(this.counter).padStart(4, '0')}»`;
  }

  /** Waits until the health check answers 200 (the stream pauses while the server is away). */
  async waitUp() {
    while ((await healthStatus(this.server.url)) !== 200) await sleep(100);
  }

  /**
   * Sends one write; on no answer, waits for the server and sends `probe` (the same step, a new
   * marker, the same version): a conflict then means the unanswered write was committed.
   */
  async send(
    kind: string,
    pagePath: string,
    login: string,
    actionId: string,
    args: (marker: string) => unknown[],
  ): Promise<{ outcome: Outcome; data?: unknown; code?: string }> {
    const marker = this.marker();
    const write: Write = { marker, kind, outcome: 'no answer' };
    this.writes.push(write);
    try {
      const answer = await callServerAction(this.server.url, {
        pagePath,
        cookie: this.cookies[login]!,
        actionId,
        args: args(marker),
      });
      if (answer.result?.status === 'success') {
        write.outcome = 'success';
        return { outcome: 'success', data: answer.result.data };
      }
      write.outcome = 'failed';
      write.code = answer.result ? answer.result.code : `HTTP ${answer.httpStatus}`;
      return { outcome: 'failed', code: write.code };
    } catch {
      return { outcome: 'no answer' };
    }
  }

  /**
   * Sends one step until it is answered: after no answer (the process killed under it), waits for
   * the server and sends it again (a new marker, the same version). A conflict on a step sent again
   * says one of its unanswered copies was committed: the step is done. Returns the action's data,
   * or null when the step was committed without an answer.
   */
  async step(
    kind: string,
    pagePath: string,
    login: string,
    actionId: string,
    args: (marker: string) => unknown[],
  ): Promise<{ data: unknown } | null> {
    let unanswered = false;
    for (;;) {
      if (this.stopped && !unanswered) return null;
      const sent = await this.send(kind, pagePath, login, actionId, args);
      if (sent.outcome === 'success') return { data: sent.data };
      if (sent.outcome === 'no answer') {
        unanswered = true;
        await this.waitUp();
        continue;
      }
      if (sent.code === 'conflict' && unanswered) return null;
      if (sent.code === 'failed') {
        // The database was away for that request (answered, nothing written): again.
        await this.waitUp();
        continue;
      }
      throw new Error(`unexpected refusal of ${kind}: ${sent.code}`);
    }
  }

  /** Runs one report's cycle (save, submit, accept, approve or return, withdraw …) until stopped. */
  async reportStream(start: Prepared['reports'][number], actors: ReportActors) {
    let version = start.version;
    let status = 'draft';
    let saved = false;
    let approveNext = true;
    const page = `/tasks/${start.taskId}/reports/${start.year}`;
    while (!this.stopped) {
      let step: { kind: string; login: string; id: string; to: string; input: (marker: string) => unknown };
      if (status === 'draft' || status === 'returned') {
        const intent = saved ? 'submit' : 'save';
        step = {
          kind: intent,
          login: actors.executor,
          id: this.ids.save,
          to: intent === 'submit' ? 'submitted' : status,
          input: (marker) => ({
            intent,
            version,
            narrative: `Sprawozdanie ${marker}`,
            ...(start.submission as object),
            confirmUnplanned: false,
            confirmOverPlan: true,
          }),
        };
      } else {
        const [action, login, to] =
          status === 'submitted'
            ? ['accept', actors.coordinator, 'accepted']
            : status === 'approved'
              ? ['withdraw', actors.goalOwner, 'accepted']
              : approveNext
                ? ['approve', actors.goalOwner, 'approved']
                : ['return', actors.goalOwner, 'returned'];
        step = {
          kind: action!,
          login: login!,
          id: this.ids.decide,
          to: to!,
          input: (marker) => ({ action, version, comment: `Decyzja ${marker}` }),
        };
      }
      const done = await this.step(step.kind, page, step.login, step.id, (marker) => [
        start.taskId,
        start.year,
        step.input(marker),
      ]);
      if (done) ({ status, version } = done.data as { status: string; version: number });
      else if (this.stopped) break;
      else {
        status = step.to;
        version += 1;
      }
      if (step.kind === 'save') saved = true;
      if (step.kind === 'submit') saved = false;
      if (step.kind === 'approve' || step.kind === 'return') approveNext = !approveNext;
    }
  }

  /** Edits the card's description again and again (the coordinator's editor) until stopped. */
  async cardStream(start: Prepared['card'], login: string) {
    let form = start.form;
    const base = form.description;
    const page = `/tasks/${start.taskId}/edit`;
    while (!this.stopped) {
      let sentInput = form;
      const done = await this.step('card', page, login, this.ids.card, (marker) => {
        sentInput = { ...form, description: `${base}\n${marker}` };
        return [start.taskId, sentInput];
      });
      if (done) form = (done.data as { form: TaskCardInput }).form;
      else if (this.stopped) break;
      else form = { ...sentInput, version: form.version + 1 };
    }
  }
}

interface Check {
  mismatches: string[];
}

/** Every answered write is there once, none that failed is there, the audit log matches the data. */
async function verifyWrites(
  database: Database,
  prepared: Prepared,
  baseline: Baseline,
  writes: Write[],
): Promise<Check> {
  const db = database.db;
  const mismatches: string[] = [];
  const audit = await db.select().from(schema.auditLog);
  const events = await db.select().from(schema.reportEvents);
  const afterTexts = audit.map((row) => JSON.stringify(row.after));
  for (const write of writes) {
    const inAudit = afterTexts.filter((text) => text.includes(write.marker)).length;
    const inEvents = events.filter((event) => event.comment.includes(write.marker)).length;
    const decision = ['accept', 'approve', 'return', 'withdraw'].includes(write.kind);
    if (write.outcome === 'success' && inAudit !== 1)
      mismatches.push(`${write.kind} ${write.marker} answered success, ${inAudit} audit rows`);
    if (write.outcome === 'success' && decision && inEvents !== 1)
      mismatches.push(`${write.kind} ${write.marker} answered success, ${inEvents} timeline events`);
    if (write.outcome === 'failed' && (inAudit !== 0 || inEvents !== 0))
      mismatches.push(`${write.kind} ${write.marker} failed (${write.code}) but is there`);
    if (write.outcome === 'no answer' && (inAudit > 1 || (decision && inEvents !== inAudit)))
      mismatches.push(`${write.kind} ${write.marker} unanswered: ${inAudit} audit rows, ${inEvents} events`);
  }
  for (const start of prepared.reports) {
    const [report] = await db
      .select()
      .from(schema.reports)
      .where(and(eq(schema.reports.taskId, start.taskId), eq(schema.reports.year, start.year)));
    const reportEvents = events.filter((event) => event.reportId === report!.id);
    const reportAudit = audit.filter((row) => row.entity === 'report' && row.entityId === String(report!.id));
    const base = baseline.reports.get(report!.id)!;
    const transitions = report!.version - start.version;
    if (reportEvents.length - base.events !== transitions || reportAudit.length - base.audit !== transitions)
      mismatches.push(
        `report ${report!.id}: version moved by ${transitions}, ${reportEvents.length - base.events} events, ${reportAudit.length - base.audit} audit rows`,
      );
    // The latest event's state is the report's state; its latest narrative is the latest save's.
    const latest = reportEvents.sort((a, b) => a.id - b.id).at(-1);
    if (latest && latest.toStatus !== report!.status)
      mismatches.push(`report ${report!.id}: status ${report!.status}, latest event to ${latest.toStatus}`);
    const lastSave = reportAudit
      .filter((row) => row.action === 'save' || row.action === 'submit')
      .sort((a, b) => a.id - b.id)
      .at(-1);
    if (lastSave && (lastSave.after as { narrative: string }).narrative !== report!.narrative)
      mismatches.push(`report ${report!.id}: narrative is not the latest save's`);
    // An approved report's values are the card's official ones; otherwise none are set for the year.
    const stageValues = await db
      .select()
      .from(schema.reportStageValues)
      .where(eq(schema.reportStageValues.reportId, report!.id));
    const officialCells = await db
      .select({ stageId: schema.stageYears.stageId, actual: schema.stageYears.actualPoints })
      .from(schema.stageYears)
      .innerJoin(schema.stages, eq(schema.stages.id, schema.stageYears.stageId))
      .where(and(eq(schema.stages.taskId, start.taskId), eq(schema.stageYears.year, start.year)));
    for (const cell of officialCells) {
      const reported = stageValues.find((value) => value.stageId === cell.stageId)?.actualPoints ?? null;
      const expected = report!.status === 'approved' ? reported : null;
      const official = cell.actual === null ? null : Number(cell.actual);
      if (official !== (expected === null ? null : Number(expected)))
        mismatches.push(
          `report ${report!.id} (${report!.status}): stage ${cell.stageId} official ${cell.actual}, expected ${expected}`,
        );
    }
  }
  const [task] = await db.select().from(schema.tasks).where(eq(schema.tasks.id, prepared.card.taskId));
  const cardAudit = audit
    .filter(
      (row) =>
        row.entity === 'task' && row.entityId === String(prepared.card.taskId) && row.action === 'edit_card',
    )
    .map((row) => row.after as { version: number; description: string });
  const cardVersions = cardAudit.map((after) => after.version).sort((a, b) => a - b);
  const expectedVersions = Array.from(
    { length: task!.version - prepared.card.form.version },
    (_, index) => prepared.card.form.version + index,
  );
  if (JSON.stringify(cardVersions) !== JSON.stringify(expectedVersions))
    mismatches.push(`card: version ${task!.version}, saves audited from versions ${cardVersions.join(',')}`);
  const lastCard = cardAudit.find((after) => after.version === task!.version - 1);
  if (lastCard && lastCard.description !== task!.description)
    mismatches.push('card: the description is not the latest audited save');
  return { mismatches };
}

interface Baseline {
  reports: Map<number, { events: number; audit: number }>;
}

async function baselineOf(database: Database, prepared: Prepared): Promise<Baseline> {
  const db = database.db;
  const reports = new Map<number, { events: number; audit: number }>();
  for (const start of prepared.reports) {
    const [report] = await db
      .select()
      .from(schema.reports)
      .where(and(eq(schema.reports.taskId, start.taskId), eq(schema.reports.year, start.year)));
    const events = await db
      .select()
      .from(schema.reportEvents)
      .where(eq(schema.reportEvents.reportId, report!.id));
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entity, 'report'), eq(schema.auditLog.entityId, String(report!.id))));
    reports.set(report!.id, { events: events.length, audit: audit.length });
  }
  return { reports };
}

const TMPFS_MB = 96;
const SUSTAINED_WRITES = 150;

/** tmpfs mounts made by this file: unmounted at the end. */
const mounted: string[] = [];

afterAll(() => {
  for (const mountPoint of mounted) {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
    }
    fs.rmSync(mountPoint, { recursive: true, force: true });
  }
});

function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Cuts every connection of the app's database (when the server itself cannot be restarted). */
async function terminateConnections(databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = await openPostgres(process.env.DATABASE_URL!);
  try {
    await admin.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`,
    );
  } finally {
    await admin.close();
  }
}

describe(`faults on ${dbLabel}`, () => {
  const sections: string[] = [];
  afterAll(() => {
    recordFigures(
      `faults-${dbName}`,
      `Faults: crashes, a database restart, a full disk (${dbLabel})`,
      sections,
    );
  });

  it(`SIGKILL of the serving process in the middle of bursts of writes, ${KILLS} times: it serves again by itself, every answered write is there once, none that failed is half there`, async () => {
    const prepared: Prepared = { reports: [], card: { taskId: 0, form: {} as TaskCardInput } };
    let baseline: Baseline = { reports: new Map() };
    const server = await startAppServer({
      prepare: async (database, fixture) => {
        await prepareWrites(database, fixture, prepared);
        baseline = await baselineOf(database, prepared);
      },
    });
    const recoveries: number[] = [];
    let driver: WriteDriver | undefined;
    try {
      const logins = [
        fixtureLogins.executor,
        fixtureLogins.otherExecutor,
        fixtureLogins.otherCoordinator,
        fixtureLogins.otherGoalOwner,
        demoUsers.coordinator.login,
        demoUsers.goalOwner.login,
      ];
      const cookies: Record<string, string> = {};
      for (const login of logins) cookies[login] = await signInOverHttp(server.url, login);
      driver = new WriteDriver(server, cookies);
      const fixtureActors = {
        executor: fixtureLogins.executor,
        coordinator: demoUsers.coordinator.login,
        goalOwner: demoUsers.goalOwner.login,
      };
      const streams = [
        driver.reportStream(prepared.reports[0]!, fixtureActors),
        driver.reportStream(prepared.reports[1]!, fixtureActors),
        driver.reportStream(prepared.reports[2]!, {
          executor: fixtureLogins.otherExecutor,
          coordinator: fixtureLogins.otherCoordinator,
          goalOwner: fixtureLogins.otherGoalOwner,
        }),
        driver.cardStream(prepared.card, demoUsers.coordinator.login),
      ];
      const failedStreams = Promise.all(streams).then(
        () => null,
        (error: unknown) => error,
      );

      const killTimes: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        // A burst: the streams write for a while, then the serving process dies under them. The
        // supervisor takes 5 unexpected ends within a minute for a crash loop and stops: at most 4
        // kills fall in any minute (the streams keep writing while the test waits).
        const before = driver.writes.length;
        const earliest = (killTimes.at(-(CRASH_LOOP_KILLS - 1)) ?? 0) + RESTART_POLICY.windowMs + 1_000;
        await sleep(
          Math.max(
            700 + Math.random() * 1300,
            killTimes.length >= CRASH_LOOP_KILLS - 1 ? earliest - Date.now() : 0,
          ),
        );
        // The burst must have writes answered before the kill (else it was no burst).
        const answered = () => driver!.writes.slice(before).some((write) => write.outcome !== 'no answer');
        const burstDeadline = Date.now() + 30_000;
        while (!answered() && Date.now() < burstDeadline) await sleep(100);
        if (!answered())
          throw new Error(
            `no write answered within 30 s in burst ${kill + 1}: ${JSON.stringify(driver.writes.slice(-6))}\n${server.logs.slice(-30).join('\n')}`,
          );
        const serving = servingPids(server);
        expect(serving.length, 'a serving process').toBeGreaterThan(0);
        const victim = serving[kill % serving.length]!;
        const servedAgain = server.logs.filter((line) => line.includes('serving again')).length;
        const killedAt = Date.now();
        process.kill(victim, 'SIGKILL');
        killTimes.push(killedAt);
        // Serves again by itself: the supervisor says a new process listens, and the health check answers.
        for (;;) {
          const again = server.logs.filter((line) => line.includes('serving again')).length > servedAgain;
          if (again && !servingPids(server).includes(victim) && (await healthStatus(server.url)) === 200)
            break;
          if (server.process.exitCode !== null || Date.now() - killedAt > 90_000)
            throw new Error(`not serving again 90 s after the kill:\n${server.logs.slice(-30).join('\n')}`);
          await sleep(50);
        }
        recoveries.push(Date.now() - killedAt);
      }
      await sleep(1_500);
      driver.stopped = true;
      const streamError = await failedStreams;
      if (streamError) throw streamError;
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      if (driver) driver.stopped = true;
    }

    // The server stopped, its database read directly.
    await server.stop({ keepData: true });
    const check = await readBack(server, (database) =>
      verifyWrites(database, prepared, baseline, driver!.writes),
    );
    const count = (outcome: Outcome) => driver!.writes.filter((write) => write.outcome === outcome).length;
    sections.push(
      `### SIGKILL in the middle of bursts of writes (${dbLabel})`,
      '',
      `The serving process (scripts/serve.ts) killed with SIGKILL ${recoveries.length} times while three report workflows (draft saved, submitted, accepted, approved or returned, approval withdrawn) and a card editor wrote over HTTP through the server actions. Every write carries a unique marker; the database was read directly afterwards.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| kills | ${recoveries.length} |`,
      `| writes answered success | ${count('success')} |`,
      `| writes answered with a failure (a retry's conflict after an unanswered copy was committed, or the database away) | ${count('failed')} (${failureCodes(driver.writes)}) |`,
      `| writes without an answer (cut by the kill) | ${count('no answer')} |`,
      `| time to serve again, min / median / max | ${seconds(Math.min(...recoveries))} s / ${seconds(median(recoveries))} s / ${seconds(Math.max(...recoveries))} s |`,
      `| mismatches (answered write missing or twice, failed write present, audit ≠ data) | ${check.mismatches.length} |`,
      '',
    );
    expect(check.mismatches).toEqual([]);
    expect(recoveries).toHaveLength(KILLS);
  });

  it('PostgreSQL restarted under a signed-in user: the app serves again within seconds, without restarting', async () => {
    const title = `### PostgreSQL restarted mid-run (${dbLabel})`;
    if (!onPostgres) {
      sections.push(
        title,
        '',
        "Not applicable: the embedded database (PGlite) lives in the server's process; there is no database server to restart apart from the app.",
        '',
      );
      return;
    }
    const version = fs.existsSync('/etc/postgresql')
      ? fs.readdirSync('/etc/postgresql').sort().at(-1)
      : undefined;
    const cluster =
      version && fs.existsSync(path.join('/etc/postgresql', version, 'main')) ? version : undefined;
    const canRestart = process.getuid?.() === 0 && cluster !== undefined && commandExists('pg_ctlcluster');
    const server = await startAppServer();
    try {
      const cookie = await signInOverHttp(server.url, demoUsers.coordinator.login);
      const pidsBefore = servingPids(server);
      const pages: { at: number; status: number }[] = [];
      const health: { at: number; status: number }[] = [];
      let polling = true;
      const poll = async (into: typeof pages, request: () => Promise<number>) => {
        while (polling) {
          const at = Date.now();
          into.push({ at, status: await request() });
          await sleep(100);
        }
      };
      const pollers = Promise.all([
        poll(pages, async () => {
          try {
            const response = await fetch(`${server.url}/inbox`, {
              headers: { cookie },
              redirect: 'manual',
              signal: AbortSignal.timeout(5_000),
            });
            await response.arrayBuffer();
            return response.status;
          } catch {
            return 0;
          }
        }),
        poll(health, () => healthStatus(server.url)),
      ]);
      await sleep(1_000);
      expect(pages.at(-1)?.status, 'the page answers before the restart').toBe(200);

      // The database goes away: stopped (fast: its connections cut), started again once the health
      // check has said 503 — a restart in two steps, so that the time it is away is seen.
      const awayAt = Date.now();
      let method: string;
      if (canRestart) {
        method = `pg_ctlcluster ${cluster} main stop -m fast, then start`;
        execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster!, 'main', 'stop', '-m', 'fast']);
      } else {
        method = 'pg_terminate_backend on every connection of the app (not root, or no pg_ctlcluster)';
        await terminateConnections(server.databaseUrl!);
      }
      try {
        await waitFor(() => health.some((probe) => probe.at >= awayAt && probe.status === 503), 15_000);
      } finally {
        if (canRestart)
          execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster!, 'main', 'start']);
      }
      const backAt = Date.now();
      await waitFor(() => pages.some((probe) => probe.at >= backAt && probe.status === 200), 60_000);
      await sleep(1_000);
      polling = false;
      await pollers;

      const firstPage = pages.find((probe) => probe.at >= backAt && probe.status === 200)!;
      const lastFailure = pages.filter((probe) => probe.status !== 200).at(-1);
      const failed = pages.filter((probe) => probe.at >= awayAt && probe.status !== 200).length;
      const saw503 = health.filter((probe) => probe.at >= awayAt && probe.status === 503).length;
      const healthAfter = health.filter((probe) => probe.at > firstPage.at + 500);
      const pidsAfter = servingPids(server);
      sections.push(
        title,
        '',
        `A signed-in user (the coordinator) requested /inbox every 0.1 s while the database went away (${method}). The app was not restarted.`,
        '',
        '| measure | value |',
        '| --- | --- |',
        `| seconds the database was away (stop to started again) | ${seconds(backAt - awayAt)} s |`,
        `| seconds from the database's start to the first page answered 200 | ${seconds(firstPage.at - backAt)} s |`,
        `| seconds the user saw no page (first failure to the first 200 after) | ${seconds(firstPage.at - (pages.find((probe) => probe.at >= awayAt && probe.status !== 200)?.at ?? firstPage.at))} s |`,
        `| page requests that failed meanwhile | ${failed} |`,
        `| /api/health answered 503 while the database was away | ${saw503} times; 200 after it came back: ${healthAfter.every((probe) => probe.status === 200) ? 'yes' : 'no'} |`,
        `| serving process pid before / after | ${pidsBefore.join(', ')} / ${pidsAfter.join(', ')} (${JSON.stringify(pidsBefore) === JSON.stringify(pidsAfter) ? 'unchanged' : 'CHANGED'}) |`,
        '',
      );
      expect(saw503, '/api/health says 503 while the database is away').toBeGreaterThan(0);
      expect(healthAfter.length).toBeGreaterThan(0);
      expect(healthAfter.every((probe) => probe.status === 200)).toBe(true);
      expect(lastFailure === undefined || lastFailure.at < firstPage.at).toBe(true);
      expect(firstPage.at - backAt, 'serves again within seconds').toBeLessThan(15_000);
      expect(pidsAfter).toEqual(pidsBefore);
    } finally {
      await server.stop();
    }
  });

  it('DATA_DIR full: a write gets the generic failure, nothing is half-written, service resumes when space returns', async () => {
    const title = `### DATA_DIR full (${dbLabel})`;
    if (onPostgres) {
      sections.push(
        title,
        '',
        "Not applicable: with PostgreSQL, DATA_DIR holds only the session secret; the data live on the database server's disk. The case is PGlite's, whose database is in DATA_DIR.",
        '',
      );
      return;
    }
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', mountPoint], {
        stdio: 'pipe',
      });
    } catch (error) {
      fs.rmSync(mountPoint, { recursive: true, force: true });
      sections.push(
        title,
        '',
        `Skipped: this machine does not let the test mount a small tmpfs (${(error as Error).message.split('\n')[0]}), and there is no other way to fill DATA_DIR without filling the machine's disk.`,
        '',
      );
      return;
    }
    mounted.push(mountPoint);

    const prepared: Prepared = { reports: [], card: { taskId: 0, form: {} as TaskCardInput } };
    let baseline: Baseline = { reports: new Map() };
    const server = await startAppServer({
      dataDir: path.join(mountPoint, 'data'),
      prepare: async (database, fixture) => {
        await prepareWrites(database, fixture, prepared);
        baseline = await baselineOf(database, prepared);
      },
    });
    const filler = path.join(mountPoint, 'filler');
    const rows: string[] = [];
    let driver: WriteDriver;
    let resumed: { seconds: number; restarted: boolean } | undefined;
    let answersWhileFull: string[] = [];
    try {
      const executor = fixtureLogins.executor;
      const coordinator = demoUsers.coordinator.login;
      const cookies = {
        [executor]: await signInOverHttp(server.url, executor),
        [coordinator]: await signInOverHttp(server.url, coordinator),
      };
      driver = new WriteDriver(server, cookies);
      const report = prepared.reports[0]!;
      let version = report.version;
      const page = `/tasks/${report.taskId}/reports/${report.year}`;
      const saveDraft = (padding = '') =>
        driver.send(
          'save',
          page,
          executor,
          serverActionId('actions/reports.ts', 'saveReportAction'),
          (marker) => [
            report.taskId,
            report.year,
            {
              intent: 'save',
              version,
              narrative: `Sprawozdanie ${marker} ${padding}`.trim(),
              ...(report.submission as object),
              confirmUnplanned: false,
              confirmOverPlan: true,
            },
          ],
        );
      let cardForm = prepared.card.form;
      const saveCard = () =>
        driver.send(
          'card',
          `/tasks/${prepared.card.taskId}/edit`,
          coordinator,
          serverActionId('actions/tasks.ts', 'saveTaskCardAction'),
          (marker) => [
            prepared.card.taskId,
            { ...cardForm, description: `${prepared.card.form.description}\n${marker}` },
          ],
        );
      const describeAnswer = (answer: Awaited<ReturnType<typeof saveDraft>>) =>
        answer.outcome === 'success'
          ? 'success'
          : answer.outcome === 'failed'
            ? `failure: ${answer.code}`
            : 'no answer';

      const first = await saveDraft();
      expect(first.outcome, 'a draft is saved while there is space').toBe('success');
      version = (first.data as { version: number }).version;
      const pidsBefore = servingPids(server);

      // Fill DATA_DIR's file system until a write fails.
      const chunk = Buffer.alloc(1024 * 1024, 1);
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
      const free = fs.statfsSync(mountPoint);
      rows.push(`| free space after the filler | ${free.bavail * free.bsize} bytes |`);

      const whileFull: string[] = [];
      const fullFrom = driver.writes.length;
      for (let attempt = 0; attempt < 3; attempt++) {
        const draft = await saveDraft();
        whileFull.push(`draft: ${describeAnswer(draft)}`);
        if (draft.outcome === 'success') version = (draft.data as { version: number }).version;
        const card = await saveCard();
        whileFull.push(`card: ${describeAnswer(card)}`);
        if (card.outcome === 'success') cardForm = (card.data as { form: TaskCardInput }).form;
      }
      // Sustained: drafts with long narratives while still full, until the database's files need
      // more room (a table or the write-ahead log growing).
      const sustainedFrom = driver.writes.length;
      for (let attempt = 0; attempt < SUSTAINED_WRITES; attempt++) {
        const draft = await saveDraft('x'.repeat(4_000));
        if (draft.outcome === 'success') version = (draft.data as { version: number }).version;
        if (draft.outcome === 'no answer') await driver.waitUp();
      }
      const sustained = driver.writes.slice(sustainedFrom);
      rows.push(
        `| ${SUSTAINED_WRITES} more drafts (4,000-character narratives) while full | ${['success', 'failed', 'no answer'].map((outcome) => `${outcome}: ${sustained.filter((write) => write.outcome === outcome).length}`).join(', ')}; serving process ${JSON.stringify(servingPids(server)) === JSON.stringify(pidsBefore) ? 'the same' : 'restarted'} |`,
      );
      answersWhileFull = driver.writes
        .slice(fullFrom)
        .map((write) => (write.outcome === 'success' ? 'success' : (write.code ?? 'no answer')));
      const logMark = server.logs.length;
      const pageWhileFull = await fetch(`${server.url}/inbox`, { headers: { cookie: cookies[executor]! } })
        .then((response) => response.status)
        .catch(() => 0);
      const healthWhileFull = await healthStatus(server.url);
      rows.push(
        `| writes while full (3 rounds) | ${whileFull.join('; ')} |`,
        `| a page (/inbox) / the health check while full | ${pageWhileFull || 'no answer'} / ${healthWhileFull || 'no answer'}${pageWhileFull === 200 ? '' : ` (the server logged: \`${(server.logs.slice(logMark).find((line) => line.includes('[cause]')) ?? server.logs.slice(logMark).find((line) => /error/i.test(line)) ?? 'nothing').trim().slice(0, 200)}\`)`} |`,
      );

      // Space returns: the service must take writes again, by itself.
      fs.rmSync(filler);
      const spaceAt = Date.now();
      for (;;) {
        const answer = await saveDraft();
        if (answer.outcome === 'success') {
          version = (answer.data as { version: number }).version;
          break;
        }
        if (Date.now() - spaceAt > 120_000) break;
        await sleep(500);
      }
      const pidsAfter = servingPids(server);
      const lastWrite = driver.writes.at(-1)!;
      if (lastWrite.outcome === 'success')
        resumed = {
          seconds: (Date.now() - spaceAt) / 1000,
          restarted: JSON.stringify(pidsBefore) !== JSON.stringify(pidsAfter),
        };
      rows.push(
        `| service resumed after the filler was removed | ${resumed ? `yes, a draft saved ${resumed.seconds.toFixed(1)} s later, ${resumed.restarted ? 'after the supervisor restarted the serving process' : 'without a restart'}` : 'NO: no write succeeded within 120 s'} |`,
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    const lines = server.logs.filter((line) => /ENOSPC|No space|PANIC|could not (write|extend)/i.test(line));
    await server.stop({ keepData: true });
    const check = await readBack(server, (database) =>
      verifyWrites(database, prepared, baseline, driver.writes),
    );
    sections.push(
      title,
      '',
      `The embedded database in DATA_DIR on a ${TMPFS_MB} MB tmpfs, filled with a filler file until a write failed with ENOSPC; then a report draft and a card save were tried, and the filler removed. The database was read directly afterwards.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      ...rows,
      `| mismatches (answered write missing or twice, failed write present, audit ≠ data) | ${check.mismatches.length} |`,
      '',
      `What the server logged about the full disk: ${
        lines.length
          ? lines
              .slice(0, 5)
              .map((line) => `\`${line.slice(0, 160)}\``)
              .join('; ')
          : 'nothing matching ENOSPC / PANIC'
      }.`,
      '',
    );
    expect(check.mismatches).toEqual([]);
    // While full, a write either succeeds (room left in the database's files) or gets the action's
    // generic failure: never a 500 page, never no answer; and the disk was full for the database.
    expect(answersWhileFull.every((answer) => answer === 'success' || answer === 'failed')).toBe(true);
    expect(answersWhileFull, 'at least one write refused for want of space').toContain('failed');
    expect(resumed, 'service resumes when space returns').toBeDefined();
  });
});

/** Reads the stopped server's database directly, then removes it. */
async function readBack<T>(server: AppServer, read: (database: Database) => Promise<T>): Promise<T> {
  try {
    const database = await openDatabase({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
    try {
      return await read(database);
    } finally {
      await database.close();
    }
  } finally {
    await server.cleanup();
  }
}

/** The failures' codes and how many of each, e.g. "conflict: 5, failed: 2". */
function failureCodes(writes: Write[]): string {
  const codes = new Map<string, number>();
  for (const write of writes)
    if (write.outcome === 'failed') codes.set(write.code ?? '?', (codes.get(write.code ?? '?') ?? 0) + 1);
  return [...codes].map(([code, n]) => `${code}: ${n}`).join(', ') || 'none';
}
