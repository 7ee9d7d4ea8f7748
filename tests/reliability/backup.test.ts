import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Db, openPglite, openPostgres } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import * as schema from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { signInWithPassword } from '@/lib/auth/sessions';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { saveReport } from '@/lib/reports/save';
import { openAttachment, storeAttachment } from '@/lib/discussion/attachments';
import { addComment } from '@/lib/discussion/comments';
import { PDF, PNG, bytesOf, streamOf } from '../support/evidence-files';
import { recordFigures } from '../support/figures';
import { addWorkflowFixture, fixtureLogins, userByLogin } from '../support/fixtures';

/*
 * The backup drill: a database with the demo data, the workflow fixture, reports, sessions and
 * audit rows is backed up and restored by the real scripts (npm run db:backup / db:restore) into a
 * fresh database, and every table is compared row by row. PGlite always; PostgreSQL when
 * DATABASE_URL is set.
 */

const root = path.resolve(import.meta.dirname, '../..');

interface Script {
  status: number | null;
  output: string;
  seconds: number;
}

function script(name: 'backup' | 'restore', args: string[], env: Record<string, string | undefined>): Script {
  const started = performance.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.DATA_DIR;
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  const result = spawnSync('node', ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
    cwd: root,
    env: childEnv,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    seconds: (performance.now() - started) / 1000,
  };
}

/** db.execute returns an array on postgres.js and { rows } on PGlite. */
async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

interface TableDigest {
  table: string;
  rows: number;
  hash: string;
}

/** Every table of the public schema and drizzle's migrations table: row count and content hash. */
async function digest(db: Db): Promise<TableDigest[]> {
  const tables = await rowsOf<{ table_schema: string; table_name: string }>(
    db,
    sql`select table_schema, table_name from information_schema.tables
        where table_type = 'BASE TABLE'
          and (table_schema = 'public' or (table_schema = 'drizzle' and table_name = '__drizzle_migrations'))
        order by table_schema, table_name`,
  );
  const out: TableDigest[] = [];
  for (const { table_schema: schemaName, table_name: tableName } of tables) {
    const qualified = `"${schemaName}"."${tableName}"`;
    const [row] = await rowsOf<{ n: number | string; h: string | null }>(
      db,
      sql.raw(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${qualified} t`,
      ),
    );
    out.push({ table: `${schemaName}.${tableName}`, rows: Number(row!.n), hash: row!.h ?? '' });
  }
  return out;
}

interface Evidence {
  taskId: number;
  /** The report's year; null on the task card. */
  year: number | null;
  attachmentId: number;
  name: string;
  sha256: string;
}

const sha256Of = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * The source data: demo data, the fixture, a reporting year with a submitted report, sessions,
 * comments and evidence files on a report and on the task card (one of several chunks) whose SHA-256
 * the drill checks after restore.
 */
async function populate(db: Db): Promise<Evidence[]> {
  await seedDemoData(db);
  const fixture = await addWorkflowFixture(db);
  const admin = await userByLogin(db, demoUsers.admin.login);
  const executor = await userByLogin(db, fixtureLogins.executor);
  await openReportingYear(db, admin, {
    strategyId: fixture.strategyId,
    year: 2012,
    deadline: '2099-01-31',
    coordinatorReview: true,
  });
  const view = await getReportView(db, executor, fixture.taskId, 2012);
  await saveReport(db, executor, fixture.taskId, 2012, {
    intent: 'submit',
    version: view.version,
    narrative: 'Zrobione — „cudzysłów”, przecinek; średnik.',
    stages: view.stages.map((stage) => ({
      stageId: stage.stageId,
      actual: stage.planned ? String(stage.planned).replace('.', ',') : '',
    })),
    indicators: view.indicators.map((indicator) => ({
      indicatorId: indicator.indicatorId,
      actualText: 'ok. 40',
    })),
    confirmUnplanned: false,
  });
  await addComment(db, executor, fixture.taskId, 2012, { body: 'Protokół w załączniku, @sekretarz.' });
  await addComment(db, executor, fixture.taskId, null, { body: 'Umowa partnerska na karcie zadania.' });
  const evidence: Evidence[] = [];
  const files: [string, Buffer, number | null][] = [
    ['protokół odbioru.pdf', PDF, 2012],
    // Random bytes behind a PNG header: 1.5 MB in six chunks, nothing a compressor could shorten.
    ['zdjęcie z budowy.png', Buffer.concat([PNG, crypto.randomBytes(1_500_000)]), 2012],
    // One on the task card itself.
    ['umowa partnerska.pdf', Buffer.concat([PDF, crypto.randomBytes(100_000)]), null],
  ];
  for (const [name, bytes, year] of files) {
    const stored = await storeAttachment(db, executor, fixture.taskId, year, {
      name,
      declaredBytes: bytes.length,
      body: streamOf(bytes),
    });
    expect(stored.sha256).toBe(sha256Of(bytes));
    evidence.push({
      taskId: fixture.taskId,
      year,
      attachmentId: stored.attachmentId,
      name,
      sha256: stored.sha256,
    });
  }
  await signInWithPassword(
    db,
    { login: demoUsers.goalOwner.login, password: DEMO_PASSWORD },
    {
      idleMinutes: 60,
      maxHours: 10,
    },
  );
  await db.insert(schema.auditLog).values({
    entity: 'backup-drill',
    entityId: '1',
    action: 'marker',
    after: { note: 'zażółć gęślą jaźń', nested: { list: [1, 2.5, null] } },
  });
  return evidence;
}

interface Drill {
  name: 'pglite' | 'postgres';
  title: string;
  /** Creates and fills the source; returns it open. */
  source(): Promise<Database>;
  /** Env of the backup script for the source. */
  backupEnv(): Record<string, string | undefined>;
  /** Arguments that point restore at a fresh target, and a way to open that target. */
  freshTarget(): Promise<{ args: string[]; open(): Promise<Database> }>;
  /** Arguments that point restore at the (non-empty) source. */
  sourceTargetArgs(): string[];
  reopenSource(): Promise<Database>;
  cleanup(): Promise<void>;
}

function pgliteDrill(tmp: string): Drill {
  const sourceDir = path.join(tmp, 'source');
  let targets = 0;
  return {
    name: 'pglite',
    title: 'PGlite data folder',
    source: () => openPglite(path.join(sourceDir, 'pglite')),
    backupEnv: () => ({ DATA_DIR: sourceDir }),
    async freshTarget() {
      const dir = path.join(tmp, `restored-${++targets}`, 'pglite');
      return { args: ['--to-dir', dir], open: () => openPglite(dir) };
    },
    sourceTargetArgs: () => ['--to-dir', path.join(sourceDir, 'pglite')],
    reopenSource: () => openPglite(path.join(sourceDir, 'pglite')),
    async cleanup() {},
  };
}

function postgresDrill(serverUrl: string): Drill {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const created: string[] = [];
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const createDb = async () => {
    const name = `ms_backup_${crypto.randomBytes(6).toString('hex')}`;
    await admin.unsafe(`create database "${name}"`);
    created.push(name);
    return urlOf(name);
  };
  let sourceUrl = '';
  return {
    name: 'postgres',
    title: 'PostgreSQL, pg_dump / pg_restore',
    async source() {
      sourceUrl = await createDb();
      return openPostgres(sourceUrl, { max: 5 });
    },
    backupEnv: () => ({ DATABASE_URL: sourceUrl }),
    async freshTarget() {
      const url = await createDb();
      return { args: ['--to-url', url], open: () => openPostgres(url, { max: 2 }) };
    },
    sourceTargetArgs: () => ['--to-url', sourceUrl],
    reopenSource: () => openPostgres(sourceUrl, { max: 2 }),
    async cleanup() {
      for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-backup-'));
const drills: Drill[] = [pgliteDrill(path.join(tmpRoot, 'pglite'))];
if (process.env.DATABASE_URL) drills.push(postgresDrill(process.env.DATABASE_URL));

afterAll(() => {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

describe.each(drills)('backup and restore on $name', (drill) => {
  const file = path.join(tmpRoot, `backup-${drill.name}.${drill.name === 'pglite' ? 'tar.gz' : 'pgdump'}`);
  const lines: string[] = [];
  let before: TableDigest[] = [];
  let evidence: Evidence[] = [];
  let backupRun: Script;
  let restoreRun: Script;

  beforeAll(async () => {
    const source = await drill.source();
    try {
      await migrateDatabase(source);
      evidence = await populate(source.db);
      before = await digest(source.db);
      if (drill.name === 'pglite') {
        // The source is open in this (live) process: its lock refuses the backup.
        const refused = script('backup', ['--out', file], drill.backupEnv());
        expect(refused.status, refused.output).toBe(1);
        expect(refused.output).toMatch(/already open in process/);
        expect(fs.existsSync(file)).toBe(false);
        lines.push(
          '- Backup of a PGlite folder that a live process holds open: refused (exit code 1), no file written.',
        );
      }
    } finally {
      await source.close();
    }
    backupRun = script('backup', ['--out', file], drill.backupEnv());
    expect(backupRun.status, backupRun.output).toBe(0);
  });
  afterAll(async () => {
    recordFigures(`backup-${drill.name}`, `Backup and restore drill (${drill.title})`, lines);
    await drill.cleanup();
  });

  it('restores into a fresh database with every table identical', async () => {
    const target = await drill.freshTarget();
    restoreRun = script('restore', ['--from', file, ...target.args], {});
    expect(restoreRun.status, restoreRun.output).toBe(0);
    const restored = await target.open();
    try {
      const after = await digest(restored.db);
      expect(after.map((t) => t.table)).toEqual(before.map((t) => t.table));
      const mismatches = before.filter((table, i) => {
        const other = after[i];
        return !other || other.rows !== table.rows || other.hash !== table.hash;
      });
      const totalRows = before.reduce((sum, table) => sum + table.rows, 0);
      const nonEmpty = before.filter((table) => table.rows > 0).length;
      lines.push(
        `- Source: demo data, the workflow fixture, a reporting year with a submitted report, a session, audit rows.`,
        `- Tables compared: ${before.length} (${nonEmpty} with rows; every table of the public schema and drizzle's migrations table), rows: ${totalRows}; tables with a different row count or content hash after the restore: **${mismatches.length}**.`,
        `- Backup file: ${(fs.statSync(file).size / 1024).toFixed(0)} kB; \`npm run db:backup\` took ${backupRun.seconds.toFixed(1)} s, \`npm run db:restore\` into a fresh ${drill.name === 'pglite' ? 'folder' : 'database'} ${restoreRun.seconds.toFixed(1)} s (both including the start of Node).`,
      );
      expect(mismatches).toEqual([]);
      expect(nonEmpty).toBeGreaterThan(10);
      for (const name of [
        'audit_log',
        'reports',
        'user_sessions',
        'tasks',
        'comments',
        'attachment_chunks',
      ]) {
        expect(before.find((t) => t.table === `public.${name}`)?.rows, name).toBeGreaterThan(0);
      }

      // Every evidence file comes back byte for byte: read as a download reads it, its SHA-256 is
      // the one computed when it was uploaded.
      const admin = await userByLogin(restored.db, demoUsers.admin.login);
      for (const file of evidence) {
        const opened = await openAttachment(restored.db, admin, file.taskId, file.year, file.attachmentId);
        expect(opened.fileName).toBe(file.name);
        expect(sha256Of(await bytesOf(opened.body)), file.name).toBe(file.sha256);
      }
      lines.push(
        `- Evidence attachments: ${evidence.length} files (${evidence.map((f) => f.name).join(', ')}) read back from the restored database, each with the SHA-256 computed at upload.`,
      );

      // The restored database works: identity sequences continue, the audit log stays append-only.
      const maxBefore = await rowsOf<{ m: number | string }>(
        restored.db,
        sql`select max(id) as m from audit_log`,
      );
      const [inserted] = await restored.db
        .insert(schema.auditLog)
        .values({ entity: 'backup-drill', entityId: '2', action: 'after-restore' })
        .returning({ id: schema.auditLog.id });
      expect(inserted!.id).toBeGreaterThan(Number(maxBefore[0]!.m));
      await expect(restored.db.execute(sql`update audit_log set action = 'changed'`)).rejects.toThrow();
      await expect(restored.db.execute(sql`delete from audit_log`)).rejects.toThrow();
      lines.push(
        '- In the restored database a new audit row gets the next id; `UPDATE` and `DELETE` on the audit log are refused by its trigger.',
      );
    } finally {
      await restored.close();
    }
  });

  it('refuses to restore over a database that holds data, unless --force', async () => {
    const refused = script('restore', ['--from', file, ...drill.sourceTargetArgs()], {});
    expect(refused.status, refused.output).toBe(1);
    expect(refused.output).toMatch(/refused: .*(already holds data|already has \d+ tables)/);

    // With --force the target gets the backup's content (a change made after the backup is undone).
    const source = await drill.reopenSource();
    try {
      await source.db.insert(schema.departments).values({ name: 'Po kopii', abbreviation: 'PK' });
      // The comparison sees such a change: one row more in one table, and the public revision the
      // database raised with it (a department's name is public).
      const changed = (await digest(source.db)).filter((t, i) => t.hash !== before[i]?.hash);
      expect(changed.map((t) => t.table)).toEqual(['public.departments', 'public.public_revision']);
    } finally {
      await source.close();
    }
    const forced = script('restore', ['--from', file, ...drill.sourceTargetArgs(), '--force'], {});
    expect(forced.status, forced.output).toBe(0);
    const reopened = await drill.reopenSource();
    try {
      expect(await digest(reopened.db)).toEqual(before);
    } finally {
      await reopened.close();
    }
    lines.push(
      `- Restore over a ${drill.name === 'pglite' ? 'folder' : 'database'} that holds data: refused without \`--force\`; with \`--force\` every table equals the backup again${drill.name === 'pglite' ? ' (the previous folder is kept beside it)' : ''}.`,
    );
  });
});
