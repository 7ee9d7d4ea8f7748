/**
 * Moves an embedded database made by an older PGlite onto the current one.
 *
 * A PGlite data folder is a PostgreSQL data directory, and PostgreSQL opens only folders of its own
 * major version: PGlite 0.5 is PostgreSQL 18, PGlite 0.6 is PostgreSQL 19. So a folder of a 0.5
 * install (`PG_VERSION` says 18) is opened once more with PGlite 0.5 (kept as the dependency
 * `pglite-pg18` for exactly this), brought to the newest migration there, and its rows are copied
 * table by table (COPY, through memory) into a new folder made and migrated by the current PGlite.
 * Identity sequences follow. The old folder is kept beside the new one as `<folder>.pg18-<time>`,
 * never deleted; it only gains the newest migrations (as it would have at this start anyway), and the
 * new folder takes its place only once every table's rows are counted in it, so an interrupted
 * upgrade simply runs again at the next start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';

/** The PostgreSQL major version of each older PGlite we can read, and how to load it. */
const READERS: Record<string, () => Promise<{ PGlite: typeof PGlite }>> = {
  '18': () => import('pglite-pg18') as unknown as Promise<{ PGlite: typeof PGlite }>,
};

/** The PostgreSQL major version of a data folder, or null when the folder holds none yet. */
export function folderMajorVersion(dataDir: string): string | null {
  const file = path.join(dataDir, 'PG_VERSION');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
}

/**
 * The PostgreSQL major version inside a PGlite backup (dumpDataDir's gzipped tar), read from its
 * PG_VERSION entry, or null. A backup of an older PGlite is restored with that PGlite, then upgraded.
 */
export function backupMajorVersion(gzipped: Buffer): string | null {
  const tar = gunzipSync(gzipped);
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar.toString('latin1', offset, offset + 100).replace(/\0.*$/s, '');
    if (!name) return null;
    const size = Number.parseInt(
      tar
        .toString('latin1', offset + 124, offset + 136)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    if (name === 'PG_VERSION' || name.endsWith('/PG_VERSION')) {
      return tar.toString('utf8', offset + 512, offset + 512 + size).trim();
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

/** Loads an older PGlite for a folder or backup of PostgreSQL `major`, or null when none is needed. */
export async function olderPglite(major: string | null): Promise<typeof PGlite | null> {
  const reader = major ? READERS[major] : undefined;
  return reader ? (await reader()).PGlite : null;
}

export function needsUpgrade(dataDir: string): boolean {
  const major = folderMajorVersion(dataDir);
  return major !== null && major in READERS;
}

function stamp(date = new Date()): string {
  return date.toISOString().replace(/[:T]/g, '-').replace(/\..*$/, '');
}

async function migrate(client: PGlite, migrationsFolder: string): Promise<void> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate: run } = await import('drizzle-orm/pglite/migrator');
  await run(drizzle({ client }), { migrationsFolder });
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Upgrades the folder in place (the caller holds its lock). Returns where the old folder was kept.
 * `log` tells the operator what happens: it runs once, at the first start after the update.
 */
export async function upgradePgliteFolder(
  dataDir: string,
  migrationsFolder: string,
  log: (line: string) => void = console.log,
): Promise<string> {
  const major = folderMajorVersion(dataDir);
  const Old = await olderPglite(major);
  if (!major || !Old) throw new Error(`No upgrade from PostgreSQL ${major} data in ${dataDir}`);
  const { PGlite: Current } = await import('@electric-sql/pglite');
  const target = `${dataDir}.upgrading`;
  fs.rmSync(target, { recursive: true, force: true });
  log(
    `[monitor] the embedded database in ${dataDir} was made by PostgreSQL ${major} (an older PGlite): copying it to the current one…`,
  );

  const old = await Old.create(dataDir);
  const next = await Current.create(target);
  try {
    await migrate(old, migrationsFolder);
    await migrate(next, migrationsFolder);
    const tables = (
      await next.query<{ table_name: string }>(
        `select table_name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
      )
    ).rows.map((row) => row.table_name);
    // Foreign keys and the audit log's triggers are not checked while rows are copied as they were.
    await next.exec(`set session_replication_role = replica`);
    let rows = 0;
    for (const table of tables) {
      const columns = (
        await next.query<{ column_name: string }>(
          `select column_name from information_schema.columns
            where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'
            order by ordinal_position`,
          [table],
        )
      ).rows.map((row) => quote(row.column_name));
      const list = `${quote(table)} (${columns.join(', ')})`;
      // The old folder's rows are the truth: a row the migrations put into the new one (the public
      // revision's) gives way to them.
      await next.query(`delete from ${quote(table)}`);
      const { blob } = await old.query(`copy ${list} to '/dev/blob'`);
      if (blob && blob.size > 0) await next.query(`copy ${list} from '/dev/blob'`, [], { blob });
      const copied = await next.query<{ n: number }>(`select count(*)::int as n from ${quote(table)}`);
      const expected = await old.query<{ n: number }>(`select count(*)::int as n from ${quote(table)}`);
      if (copied.rows[0]?.n !== expected.rows[0]?.n) {
        throw new Error(`Upgrade of ${table}: ${expected.rows[0]?.n} rows, ${copied.rows[0]?.n} copied`);
      }
      rows += copied.rows[0]?.n ?? 0;
    }
    await next.exec(`set session_replication_role = origin`);
    const sequences = await old.query<{ name: string; last_value: string | null }>(
      `select format('%I.%I', schemaname, sequencename) as name, last_value::text
         from pg_sequences where schemaname = 'public'`,
    );
    for (const sequence of sequences.rows) {
      if (sequence.last_value !== null) {
        await next.query(`select setval($1::regclass, $2::bigint, true)`, [
          sequence.name,
          sequence.last_value,
        ]);
      }
    }
    log(`[monitor] copied ${tables.length} tables, ${rows} rows.`);
  } finally {
    await old.close();
    await next.close();
  }
  const kept = `${dataDir}.pg${major}-${stamp()}`;
  fs.renameSync(dataDir, kept);
  fs.renameSync(target, dataDir);
  log(`[monitor] done; the old folder is kept as ${kept} (remove it once you have checked the app).`);
  return kept;
}
