import http from 'node:http';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '@/db/client';
import { strategies } from '@/db/schema';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import { getTaskEditor } from '@/lib/strategy/task-editor';
import { demoUsers } from '@/scripts/seed/demo';
import { type AppServer, serverProcesses, signInOverHttp, startAppServer } from '../support/app-server';
import { recordFigures } from '../support/figures';
import { userByLogin } from '../support/fixtures';
import { callServerAction, serverActionId } from '../support/server-actions';

/*
 * The public pages' cache (scripts/lib/public-cache.ts, issue 21 item 4) on the production server:
 * on the embedded database (one process), and with DATABASE_URL on PostgreSQL with two processes
 * sharing the port. What a visitor of the public pages must see: a page rendered once and then
 * answered from memory, a fresh CSP nonce on each answer, 304 for the ETag they hold, and a change
 * (a card edit, an official value, unpublishing) on every process within 5 s.
 *
 * How a cached answer is told from a render: the server runs with PUBLIC_CACHE_LOG=renders, which
 * makes each render of the cache log a line (`process <pid> rendered <key>: <status> at revision
 * <n>`). No header tells it, and production logs nothing.
 */

const onPostgres = Boolean(process.env.DATABASE_URL);
const database = onPostgres ? 'PostgreSQL, 2 processes' : 'PGlite';
const processes = onPostgres ? 2 : 1;
/** Enough consecutive requests to reach every process (the supervisor hands them out in turn). */
const everyProcess = 4 * processes;
const FRESH_WITHIN_MS = 5_000;

let server: AppServer;
let strategyId = 0;
/** The strategy's version, read before the server starts (the publication form sends it). */
let strategyVersion = 0;
let taskId = 0;
let card: TaskCardInput;
let adminCookie = '';
let coordinatorCookie = '';
const figures: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}
/**
 * A GET on a connection of its own: the supervisor hands out connections, not requests, to the
 * processes in turn, so consecutive requests on one kept-alive connection would all reach one.
 */
function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${server.url}${path}`, { headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const fetched = new Headers();
          for (const [name, value] of Object.entries(response.headers))
            for (const one of [value ?? []].flat()) fetched.append(name, one);
          resolve({
            status: response.statusCode!,
            headers: fetched,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      })
      .on('error', reject);
  });
}

/** The render lines the server logged for `key`: the process and the revision of each. */
function renders(key: string): { pid: number; revision: number }[] {
  return server.logs.flatMap((line) => {
    const match = /\[public-cache\] process (\d+) rendered (\S+): \d+ at revision (-?\d+)/.exec(line);
    return match && match[2] === key ? [{ pid: Number(match[1]), revision: Number(match[3]) }] : [];
  });
}

/** The CSP header's nonce and every nonce attribute of the body. */
function nonces(answer: Answer) {
  const header = /'nonce-([^']+)'/.exec(answer.headers.get('content-security-policy') ?? '')?.[1];
  const body = [...answer.text.matchAll(/nonce="([^"]+)"/g)].map((match) => match[1]);
  return { header, body };
}

/**
 * Waits until `everyProcess` consecutive answers of `path` all pass `check`; returns the time from
 * `since` to the first of them. Fails after 15 s.
 */
async function freshEverywhere(path: string, since: number, check: (answer: Answer) => boolean) {
  for (;;) {
    const first = performance.now();
    let all = true;
    for (let i = 0; i < everyProcess && all; i++) all = check(await get(path));
    if (all) return first - since;
    if (performance.now() - since > 15_000) throw new Error(`${path} did not change within 15 s`);
    await sleep(100);
  }
}

describe(`public cache on the production server (${database})`, () => {
  beforeAll(async () => {
    server = await startAppServer({
      env: { ...process.env, PUBLIC_CACHE_LOG: 'renders', APP_PROCESSES: String(processes) },
      prepare: async ({ db }, fixture) => {
        strategyId = fixture.strategyId;
        taskId = fixture.seedTaskId;
        await db.execute(sql`update strategies set published_from = current_date where id = ${strategyId}`);
        const [row] = await db
          .select({ version: strategies.version })
          .from(strategies)
          .where(eq(strategies.id, strategyId));
        strategyVersion = row!.version;
        const coordinator = await userByLogin(db, demoUsers.coordinator.login);
        card = (await getTaskEditor(db, coordinator, taskId)).form;
      },
    });
    adminCookie = await signInOverHttp(server.url, demoUsers.admin.login);
    coordinatorCookie = await signInOverHttp(server.url, demoUsers.coordinator.login);
    expect(serverProcesses(server).serving).toHaveLength(processes);
  });

  afterAll(async () => {
    await server?.stop();
    recordFigures(
      `public-cache-${onPostgres ? 'postgres' : 'pglite'}`,
      `Public cache (${database})`,
      figures,
    );
  });

  it('renders a public page once per process, then answers it from memory, signed in or not', async () => {
    const page = `/public/pl/tasks/${taskId}`;
    const answers: Answer[] = [];
    for (let i = 0; i < 3 * everyProcess; i++)
      answers.push(await get(page, i % 2 ? { cookie: adminCookie } : {}));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    expect(answers[0]!.text).toContain(card.title);
    expect(answers[0]!.headers.get('cache-control')).toBe(
      'public, max-age=0, s-maxage=2, stale-while-revalidate=2',
    );
    const rendered = renders(page);
    expect(rendered.length).toBeGreaterThanOrEqual(1);
    expect(rendered.length).toBeLessThanOrEqual(processes);
    figures.push(
      `- ${answers.length} requests of a task card, ${rendered.length} render(s) (${processes} process(es)).`,
    );
    // Signed-in pages are not cached: Next's private, no-store stays.
    const signedIn = await get(`/tasks/${taskId}`, { cookie: adminCookie });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toContain('no-store');
  });

  it('gives every answer a fresh nonce, the same in the CSP header and the scripts; 304 for the ETag held', async () => {
    const page = `/public/en/strategies/${strategyId}`;
    const first = await get(page);
    const second = await get(page);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      const { header, body } = nonces(answer);
      expect(header).toBeTruthy();
      expect(body.length).toBeGreaterThan(0);
      expect(new Set(body)).toEqual(new Set([header]));
    }
    expect(nonces(first).header).not.toBe(nonces(second).header);
    expect(first.text.replaceAll(nonces(first).header!, '')).toBe(
      second.text.replaceAll(nonces(second).header!, ''),
    );
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await get(page, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('content-security-policy')).toBeNull();
    // Open data too.
    const json = await get(`/public/data/tasks/${taskId}.json`);
    expect(json.status).toBe(200);
    expect(
      (await get(`/public/data/tasks/${taskId}.json`, { 'if-none-match': json.headers.get('etag')! })).status,
    ).toBe(304);
  });

  it('shows a card edit on every process within 5 s', async () => {
    const page = `/public/pl/tasks/${taskId}`;
    // The page is in every process's memory before the edit: more answers, no more renders.
    for (let i = 0; i < everyProcess; i++) await get(page);
    const cached = renders(page).length;
    for (let i = 0; i < everyProcess; i++) await get(page);
    expect(renders(page).length).toBe(cached);
    const marker = `Opis zmieniony ${Date.now()}`;
    // Timed from the sending: the edit commits at some point before its answer.
    const sent = performance.now();
    const answer = await callServerAction<{ form: TaskCardInput }>(server.url, {
      pagePath: `/tasks/${taskId}/edit`,
      cookie: coordinatorCookie,
      actionId: serverActionId('actions/tasks.ts', 'saveTaskCardAction'),
      args: [taskId, { ...card, description: marker }],
    });
    expect(answer.result?.status).toBe('success');
    const before = renders(page).length;
    const elapsed = await freshEverywhere(page, sent, (seen) => seen.text.includes(marker));
    expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
    // Each process rendered it again (at the new revision) rather than one answering for both.
    const after = renders(page).slice(before);
    expect(new Set(after.map((render) => render.pid))).toEqual(new Set(serverProcesses(server).serving));
    figures.push(
      `- a card edit on the public task card of every process after ${(elapsed / 1000).toFixed(1)} s.`,
    );
  });

  // PostgreSQL only: the embedded database is open in the server's process alone.
  if (onPostgres)
    it('shows an official value written straight into the database within 5 s', async () => {
      const page = `/public/pl/tasks/${taskId}`;
      await get(page);
      const connection = await openPostgres(server.databaseUrl!, { max: 1 });
      try {
        // As an approval writes it: the official actual of one planned stage-year.
        await connection.db.execute(sql`
        update stage_years set actual_points = 7.77
        where (stage_id, year) = (
          select sy.stage_id, sy.year from stage_years sy join stages s on s.id = sy.stage_id
          where s.task_id = ${taskId} and sy.planned_points > 7.77 order by sy.year, s.id limit 1)`);
      } finally {
        await connection.close();
      }
      const written = performance.now();
      const elapsed = await freshEverywhere(page, written, (seen) => seen.text.includes('7,77/'));
      expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
      figures.push(
        `- an official value written in SQL, on every process after ${(elapsed / 1000).toFixed(1)} s.`,
      );
    });

  it('answers 404 on every process within 5 s of unpublishing, pages and open data alike', async () => {
    const pages = [`/public/pl/tasks/${taskId}`, `/public/data/tasks/${taskId}.json`];
    for (const page of pages) expect((await get(page)).status).toBe(200);
    const sent = performance.now();
    const answer = await callServerAction(server.url, {
      pagePath: '/admin/structure',
      cookie: adminCookie,
      actionId: serverActionId('actions/structure.ts', 'savePublicationAction'),
      args: [
        {
          id: strategyId,
          version: strategyVersion,
          published: false,
          publishedFrom: '',
          publishNarratives: false,
        },
      ],
    });
    expect(answer.result?.status).toBe('success');
    for (const page of pages) {
      const elapsed = await freshEverywhere(page, sent, (seen) => seen.status === 404);
      expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
      figures.push(
        `- unpublished: ${page} answered 404 on every process after ${(elapsed / 1000).toFixed(1)} s.`,
      );
    }
  });
});
