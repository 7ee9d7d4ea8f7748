/**
 * `npm run db:backup -- [--out FILE] [--force]`: a backup of the configured database.
 *
 * - PostgreSQL (DATABASE_URL set): `pg_dump --format=custom` of the whole database into FILE.
 * - PGlite (DATA_DIR, default `data`): the folder DATA_DIR/pglite dumped with PGlite's
 *   dumpDataDir('gzip') into FILE (a .tar.gz). The folder's lock is taken first: a running server
 *   holds it, and the backup is refused until the server is stopped (PGlite cannot be shared).
 *
 * The file is written beside its final name and renamed when complete; an existing FILE is kept
 * unless --force. Restore with scripts/restore.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { embeddedFolderOf, openPglite } from '../db/client';
import {
  BackupError,
  formatBytes,
  main,
  pgTool,
  redact,
  run,
  serverMajor,
  splitPassword,
  timestamp,
} from './lib/backup';

const { values } = parseArgs({
  options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
  strict: true,
});

await main(async () => {
  const started = performance.now();
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.DATA_DIR || 'data';
  const out = path.resolve(
    values.out ??
      path.join(dataDir, 'backups', `monitor-${timestamp()}.${databaseUrl ? 'pgdump' : 'tar.gz'}`),
  );
  if (fs.existsSync(out) && !values.force) {
    throw new BackupError(`${out} exists; choose another --out or add --force to replace it`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial-${process.pid}`;

  try {
    if (databaseUrl) {
      const pgDump = pgTool('pg_dump', await serverMajor(databaseUrl));
      const { url, env } = splitPassword(databaseUrl);
      run(pgDump, ['--format=custom', `--file=${partial}`, `--dbname=${url}`], env);
      console.log(`source: PostgreSQL ${redact(databaseUrl)}`);
    } else {
      const folder = path.resolve(embeddedFolderOf(dataDir));
      if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) {
        throw new BackupError(
          `no embedded database in ${folder} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`,
        );
      }
      // openPglite takes the folder's lock: refused while a server (a live process) holds it.
      const database = await openPglite(folder);
      try {
        const client = (database.db as unknown as { $client: import('@electric-sql/pglite').PGlite }).$client;
        const dump = await client.dumpDataDir('gzip');
        fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await database.close();
      }
      console.log(`source: PGlite ${folder}`);
    }
    fs.renameSync(partial, out);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`backup written: ${out} (${formatBytes(fs.statSync(out).size)}, ${seconds.toFixed(1)} s)`);
});
