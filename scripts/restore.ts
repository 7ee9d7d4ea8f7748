/**
 * `npm run db:restore -- --from FILE [--to-dir DIR | --to-url URL] [--force]`: restores a backup
 * written by scripts/backup.ts. The kind of backup is read from the file itself.
 *
 * - A PGlite backup (.tar.gz) is loaded with loadDataDir into the PGlite data folder DIR (default
 *   DATA_DIR/pglite). It is unpacked into a new folder beside DIR and checked first; only then does
 *   it take DIR's place. A DIR that holds data is refused unless --force, and then kept, renamed
 *   to DIR.before-restore-<time>. DIR's lock is held throughout: refused while a server uses DIR.
 * - A pg_dump file goes with `pg_restore --clean --if-exists --no-owner` in a single transaction
 *   into the database URL (default DATABASE_URL). A database that already has tables is refused
 *   unless --force; a failed restore changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { acquireDirectoryLock, embeddedFolderOf, migrationsFolder } from '../db/client';
import { backupMajorVersion, olderPglite, upgradePgliteFolder } from '../db/pglite-upgrade';
import {
  BackupError,
  backupKind,
  isNonEmptyDir,
  main,
  pgTool,
  redact,
  run,
  serverMajor,
  splitPassword,
  timestamp,
  withServer,
} from './lib/backup';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    'to-dir': { type: 'string' },
    'to-url': { type: 'string' },
    force: { type: 'boolean', default: false },
  },
  strict: true,
});

async function restorePglite(file: string, target: string, force: boolean) {
  const release = acquireDirectoryLock(target);
  const staging = `${target}.restoring-${process.pid}`;
  try {
    if (isNonEmptyDir(target) && !force) {
      throw new BackupError(`${target} already holds data; restore into a new folder or add --force`);
    }
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const backup = fs.readFileSync(file);
    // A backup of an older PGlite (another PostgreSQL major) is loaded by that PGlite, then upgraded.
    const Older = await olderPglite(backupMajorVersion(backup));
    if (Older) {
      await (await Older.create(staging, { loadDataDir: new Blob([backup]) })).close();
      // The backup file itself is what was there before: the folder the upgrade keeps is not needed.
      fs.rmSync(await upgradePgliteFolder(staging, migrationsFolder), { recursive: true, force: true });
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const client = await PGlite.create(staging, Older ? {} : { loadDataDir: new Blob([backup]) });
    try {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
      );
      console.log(`tables in the restored database: ${rows[0]?.n ?? 0}`);
    } finally {
      await client.close();
    }
    if (fs.existsSync(target)) {
      const kept = `${target}.before-restore-${timestamp()}`;
      if (isNonEmptyDir(target)) {
        fs.renameSync(target, kept);
        console.log(`previous data kept in ${kept}`);
      } else {
        fs.rmSync(target, { recursive: true, force: true });
      }
    }
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}

async function restorePostgres(file: string, targetUrl: string, force: boolean) {
  const major = await serverMajor(targetUrl);
  const pgRestore = pgTool('pg_restore', major);
  const { relations, others } = await withServer(targetUrl, async (sql) => {
    const [row] = await sql<{ relations: number; others: number }[]>`
      select
        (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
            and c.relkind in ('r', 'p', 'v', 'm', 'S')) as relations,
        (select count(*)::int from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()) as others`;
    return row!;
  });
  if (relations > 0 && !force) {
    throw new BackupError(
      `${redact(targetUrl)} already has ${relations} tables or sequences; restore into a new database or add --force`,
    );
  }
  if (others > 0) console.warn(`warning: ${others} other connection(s) to the target database are open`);
  const { url, env } = splitPassword(targetUrl);
  run(
    pgRestore,
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${url}`,
      file,
    ],
    env,
  );
}

await main(async () => {
  const started = performance.now();
  if (!values.from)
    throw new BackupError('usage: npm run db:restore -- --from FILE [--to-dir DIR | --to-url URL] [--force]');
  if (values['to-dir'] && values['to-url']) throw new BackupError('give --to-dir or --to-url, not both');
  const file = path.resolve(values.from);
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist`);
  const kind = backupKind(file);
  if (kind === 'pglite') {
    if (values['to-url'])
      throw new BackupError('a PGlite backup restores into a folder (--to-dir), not a server');
    const target = path.resolve(values['to-dir'] ?? embeddedFolderOf(process.env.DATA_DIR || 'data'));
    await restorePglite(file, target, values.force);
    console.log(`restored ${file} into PGlite ${target}`);
  } else {
    if (values['to-dir'])
      throw new BackupError('a pg_dump backup restores into a PostgreSQL database (--to-url)');
    const targetUrl = values['to-url'] ?? process.env.DATABASE_URL;
    if (!targetUrl) throw new BackupError('a pg_dump backup needs --to-url URL or DATABASE_URL');
    await restorePostgres(file, targetUrl, values.force);
    console.log(`restored ${file} into PostgreSQL ${redact(targetUrl)}`);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
