import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import { demoUsers } from '@/scripts/seed/demo';
import { signInOverHttp, startAppServer } from '../support/app-server';
import { type Baseline, baselineOf, readBack, verifyWrites } from '../support/fault-checks';
import {
  dbLabel,
  healthStatus,
  onPostgres,
  type Prepared,
  prepareWrites,
  recordFaultFigures,
  servingPids,
  sleep,
  WriteDriver,
} from '../support/fault-writes';
import { fixtureLogins } from '../support/fixtures';
import { serverActionId } from '../support/server-actions';

/*
 * Fault test against the production server (`npm start`), on the database of this run
 * (DATABASE_URL set: PostgreSQL; else the embedded PGlite): DATA_DIR full. The embedded database
 * lives in DATA_DIR, put on a small tmpfs and filled until a write fails; writes go over HTTP
 * through the server actions, as the browser sends them, then the space returns. With PostgreSQL,
 * DATA_DIR holds only the session secret: the case records why it does not apply. The other
 * faults: faults-kill, faults-postgres-restart.
 */

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

describe(`faults on ${dbLabel}`, () => {
  const sections: string[] = [];
  afterAll(() => {
    recordFaultFigures('3-disk-full', sections);
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
