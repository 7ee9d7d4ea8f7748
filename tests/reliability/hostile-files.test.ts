import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_LIMITS } from '@/lib/cards/limits';
import {
  type AppServer,
  residentBytes,
  serverProcesses,
  signInOverHttp,
  startAppServer,
} from '../support/app-server';
import { recordFigures } from '../support/figures';
import { threeCards } from '../support/import-screen';
import { bombDocx, docxOf, manyEntriesZip } from '../support/zips';

/*
 * Hostile .docx files uploaded to the card import of the running production server (`npm start`),
 * as the strategy office would upload them: a deflate bomb and a zip of 100,000 entries. Each is
 * refused with its message, the serving process's memory grows by less than 100 MB, and another
 * signed-in user's page is answered meanwhile. A real .docx still imports through the same route.
 */

const MB = 1024 * 1024;
const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

interface Upload {
  status: number;
  body: { status: string; fieldErrors?: Record<string, string[]>; data?: { cards: unknown[] } };
  rssBefore: number;
  rssPeak: number;
  pageStatuses: number[];
  pageMs: number[];
  uploadMs: number;
}

describe(`hostile files at the card import (${database})`, () => {
  let server: AppServer;
  let office: string;
  let other: string;
  let servingPid: number;
  const figures: string[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    // The process that serves the requests, not the supervisor above it (npm start's first process).
    const [pid] = serverProcesses(server).serving;
    if (!pid) throw new Error('no process serves scripts/serve.ts');
    servingPid = pid;
    office = await signInOverHttp(server.url, 'admin');
    other = await signInOverHttp(server.url, 'sekretarz');
  });

  afterAll(async () => {
    recordFigures(
      `hostile-files-${database.toLowerCase()}`,
      `Hostile files at the card import (${database}, production server)`,
      [
        'Each file uploaded once to /import/upload as the office, while another signed-in user asks for',
        '/dashboard over and over; the resident memory of the serving process (scripts/serve.ts) sampled',
        'every 50 ms. Unpacking and parsing run in a worker thread of that process (lib/cards/upload.ts).',
        '',
        '| file | bytes uploaded | declared / actual inflated | answer | RSS before → peak | other page: answers, slowest |',
        '|---|---|---|---|---|---|',
        ...figures,
      ],
    );
    await server?.stop();
  });

  async function upload(name: string, bytes: Buffer): Promise<Upload> {
    const page = async () => {
      const started = performance.now();
      const response = await fetch(`${server.url}/dashboard`, { headers: { cookie: other } });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    };
    // Warm: the page once before, so that its first compile is not counted as the upload's doing.
    expect((await page()).status).toBe(200);
    const rssBefore = residentBytes(servingPid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, residentBytes(servingPid));
    }, 50);

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const started = performance.now();
    let done = false;
    const answer = fetch(`${server.url}/import/upload`, {
      method: 'POST',
      headers: { cookie: office, origin: server.url },
      body: form,
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Upload['body'],
    }));
    void answer.finally(() => {
      done = true;
    });
    // The other user's pages, one after another while the upload is read (at least one).
    const pages: { status: number; ms: number }[] = [];
    do pages.push(await page());
    while (!done);
    const { status, body } = await answer;
    const uploadMs = performance.now() - started;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, residentBytes(servingPid));
    return {
      status,
      body,
      rssBefore,
      rssPeak,
      pageStatuses: pages.map((item) => item.status),
      pageMs: pages.map((item) => item.ms),
      uploadMs,
    };
  }

  const row = (file: string, bytes: number, inflated: string, result: Upload) =>
    figures.push(
      `| ${file} | ${bytes < MB ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / MB).toFixed(2)} MB`} | ${inflated} | ${result.status} ${JSON.stringify(
        result.body.fieldErrors ?? result.body.status,
      )} in ${Math.round(result.uploadMs)} ms | ${(result.rssBefore / MB).toFixed(0)} → ${(
        result.rssPeak / MB
      ).toFixed(0)} MB (+${((result.rssPeak - result.rssBefore) / MB).toFixed(1)}) | ${
        result.pageStatuses.length
      } × ${[...new Set(result.pageStatuses)].join('/')}, ${Math.round(Math.max(...result.pageMs))} ms |`,
    );

  it('reads a real .docx of three cards into the preview (the worker runs in the production build)', async () => {
    const docx = docxOf(threeCards);
    const result = await upload('karty.docx', docx);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.status).toBe('success');
    expect(result.body.data?.cards.length).toBeGreaterThan(0);
    expect(result.pageStatuses.every((status) => status === 200)).toBe(true);
    row('a .docx of three cards', docx.length, 'true sizes', result);
  });

  it('refuses a .docx that inflates to 400 MB with its message; memory grows < 100 MB; pages answer', async () => {
    const bomb = bombDocx({ inflatedBytes: 400 * MB });
    const result = await upload('karty.docx', bomb);
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({ file: ['docxTooLarge'] });
    expect(result.rssPeak - result.rssBefore).toBeLessThan(100 * MB);
    expect(result.pageStatuses.every((status) => status === 200)).toBe(true);
    row(
      'deflate bomb (word/document.xml)',
      bomb.length,
      '400 MB / not inflated (refused by the directory)',
      result,
    );
  });

  it('refuses a .docx that lies about its inflated size with its message; memory grows < 100 MB', async () => {
    const liar = bombDocx({ inflatedBytes: 400 * MB, declaredBytes: 20 * MB });
    const result = await upload('karty.docx', liar);
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({ file: ['docxTooLarge'] });
    expect(result.rssPeak - result.rssBefore).toBeLessThan(100 * MB);
    expect(result.pageStatuses.every((status) => status === 200)).toBe(true);
    row(
      'lying bomb (declares 20 MB)',
      liar.length,
      `20 MB / 400 MB real, cut past 20 MB (at most ${UPLOAD_LIMITS.zip.inflatedBytes / MB} MB)`,
      result,
    );
  });

  it('refuses a .docx of 100,000 entries with its message; memory grows < 100 MB; pages answer', async () => {
    const many = manyEntriesZip(100_000);
    const result = await upload('karty.docx', many);
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors).toEqual({ file: ['docxTooManyParts'] });
    expect(result.rssPeak - result.rssBefore).toBeLessThan(100 * MB);
    expect(result.pageStatuses.every((status) => status === 200)).toBe(true);
    row('100,000 entries', many.length, '0 B / not inflated (refused by the directory)', result);
  });
});
