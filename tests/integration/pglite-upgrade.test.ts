import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { PGlite as Pglite05 } from 'pglite-pg18';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, migrationsFolder, openPglite } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-upgrade-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Counts = Record<string, number>;

/** Rows of a query on a PostgreSQL 18 folder, read with PGlite 0.5. */
async function readRows(dataDir: string, text: string): Promise<Record<string, unknown>[]> {
  const client = await Pglite05.create(dataDir);
  try {
    return (await client.query<Record<string, unknown>>(text)).rows;
  } finally {
    await client.close();
  }
}

async function countRows(query: (text: string) => Promise<{ rows: unknown[] }>): Promise<Counts> {
  const tables = (
    await query(
      `select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    )
  ).rows as { table_name: string }[];
  const counts: Counts = {};
  for (const { table_name } of tables) {
    const { rows } = await query(`select count(*)::int as n from "${table_name}"`);
    counts[table_name] = (rows[0] as { n: number }).n;
  }
  return counts;
}

/** A data folder as a PGlite 0.5 install (PostgreSQL 18) left it: migrated, with the demo data. */
async function makeOldInstall(dataDir: string): Promise<{ counts: Counts; backup: Buffer }> {
  fs.mkdirSync(dataDir, { recursive: true });
  const client = await Pglite05.create(dataDir);
  const db = drizzle({ client: client as never, schema, casing: 'snake_case' });
  await migrate(db, { migrationsFolder });
  expect(await seedDemoData(db as unknown as Db)).toBe(true);
  const version = (await client.query<{ v: string }>('select version() as v')).rows[0]?.v;
  expect(version).toContain('PostgreSQL 18');
  const counts = await countRows((text) => client.query(text));
  const backup = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
  await client.close();
  return { counts, backup };
}

describe('an embedded database made by PGlite 0.5 (PostgreSQL 18)', () => {
  let old: { counts: Counts; backup: Buffer };
  const dataDir = path.join(tmp, 'data', 'pglite');

  beforeAll(async () => {
    old = await makeOldInstall(dataDir);
    expect(old.counts.users).toBeGreaterThan(0);
    expect(old.counts.audit_log).toBeGreaterThan(0);
  });

  it('opens on the current PGlite with every row, the old folder kept beside it', async () => {
    const maxUserId = Math.max(
      0,
      ...(await readRows(dataDir, 'select id from users')).map((row) => row.id as number),
    );
    // Still PostgreSQL 18 until the app opens it.
    const database = await openPglite(dataDir);
    try {
      const { db } = database;
      // Identity sequences go on after the copied rows; the audit log is append-only again.
      const [created] = await db
        .insert(schema.users)
        .values({ login: 'po.aktualizacji', displayName: 'Nowa Osoba' })
        .returning({ id: schema.users.id });
      expect(created!.id).toBe(maxUserId + 1);
      const refused = await db.delete(schema.auditLog).catch((error: Error) => error);
      expect(String((refused as Error).cause ?? refused)).toMatch(/append-only/);
    } finally {
      await database.close();
    }
    const client = await PGlite.create(dataDir);
    try {
      expect((await client.query<{ v: string }>('select version() as v')).rows[0]?.v).toContain(
        'PostgreSQL 19',
      );
      const counts = await countRows((text) => client.query(text));
      expect(counts).toEqual({ ...old.counts, users: old.counts.users! + 1 });
    } finally {
      await client.close();
    }
    const kept = fs.readdirSync(path.dirname(dataDir)).filter((name) => name.startsWith('pglite.pg18-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(dataDir), kept[0]!, 'PG_VERSION'), 'utf8').trim()).toBe(
      '18',
    );
    expect(fs.existsSync(`${dataDir}.upgrading`)).toBe(false);

    // Opened again: nothing more to do.
    const again = await openPglite(dataDir);
    await again.close();
    expect(
      fs.readdirSync(path.dirname(dataDir)).filter((name) => name.startsWith('pglite.pg18-')),
    ).toHaveLength(1);
  });

  it('a backup taken by the 0.5 install restores onto the current PGlite', () => {
    const file = path.join(tmp, 'monitor-old.tar.gz');
    fs.writeFileSync(file, old.backup);
    const target = path.join(tmp, 'restored', 'pglite');
    const result = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/restore.ts', '--from', file, '--to-dir', target],
      { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('PostgreSQL 18');
    expect(fs.readFileSync(path.join(target, 'PG_VERSION'), 'utf8').trim()).toBe('19');
  });
});
