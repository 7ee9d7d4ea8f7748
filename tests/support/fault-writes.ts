import type { Database } from '@/db/client';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { demoUsers } from '@/scripts/seed/demo';
import { type AppServer, serverProcesses } from './app-server';
import { recordFigures } from './figures';
import { fixtureLogins, submittedAsPlanned, userByLogin } from './fixtures';
import { callServerAction, serverActionId } from './server-actions';

/*
 * The write streams of the fault tests (tests/reliability/faults-*.test.ts): the ids and starting
 * points they need (prepareWrites), the WriteDriver that sends report workflows and card edits over
 * HTTP through the server actions, each write with a unique marker, and the small helpers the three
 * cases share. What the database holds afterwards is checked in tests/support/fault-checks.ts.
 */

export const onPostgres = Boolean(process.env.DATABASE_URL);
export const dbName = onPostgres ? 'postgres' : 'pglite';
export const dbLabel = onPostgres ? 'PostgreSQL' : 'PGlite (embedded)';

/**
 * Records one fault case's lines for RELIABILITY.md. The three cases share one title, and their keys
 * follow one another (`part` orders them), so the report joins them under one heading as before.
 */
export function recordFaultFigures(part: string, lines: string[]) {
  recordFigures(
    `faults-${dbName}-${part}`,
    `Faults: crashes, a database restart, a full disk (${dbLabel})`,
    lines,
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Outcome = 'success' | 'failed' | 'no answer';

/** One write sent to the server: its unique marker (in the text it writes) and what came back. */
export interface Write {
  marker: string;
  kind: string;
  outcome: Outcome;
  code?: string;
}

/** The serving processes (the supervisor's children). */
export const servingPids = (server: AppServer) => serverProcesses(server).serving;

export async function healthStatus(url: string): Promise<number> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return response.status;
  } catch {
    return 0;
  }
}

export const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The ids and starting points the streams of writes need, read before the server starts. */
export interface Prepared {
  reports: { taskId: number; year: number; version: number; submission: unknown }[];
  card: { taskId: number; form: TaskCardInput };
}

/** Opens 2012 and 2013 for reporting and reads the reports' and the demo card's starting points. */
export async function prepareWrites(
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
export interface ReportActors {
  executor: string;
  coordinator: string;
  goalOwner: string;
}

export class WriteDriver {
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
