/**
 * Shared by scripts/backup.ts and scripts/restore.ts: argument parsing, the PostgreSQL client
 * tools, and the checks that keep a backup or a restore from touching a database in use.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

export class BackupError extends Error {
  override name = 'BackupError';
}

/** The kind of a backup file, read from its first bytes (not from its name). */
export function backupKind(file: string): 'pglite' | 'postgres' {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite'; // gzip: PGlite's dumpDataDir('gzip')
    if (head.toString('latin1') === 'PGDMP') return 'postgres'; // pg_dump --format=custom
  } finally {
    fs.closeSync(fd);
  }
  throw new BackupError(`${file} is neither a PGlite backup (.tar.gz) nor a pg_dump custom-format file`);
}

/** A PGlite data folder holds PG_VERSION once created. */
export function isNonEmptyDir(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[:T]/g, '-').replace(/\..*$/, '');
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** The password moves from the URL into PGPASSWORD: command lines are visible to every user. */
export function splitPassword(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { url: parsed.toString(), env };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Runs a one-off query on a server URL (one connection, closed after). */
export async function withServer<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function serverMajor(url: string): Promise<number> {
  return withServer(url, async (sql) => {
    const [row] = await sql<{ v: string }[]>`show server_version_num`;
    return Math.floor(Number(row!.v) / 10_000);
  });
}

/**
 * pg_dump or pg_restore matching the server: PG_BIN when set, else Debian's
 * /usr/lib/postgresql/<major>/bin, else the one on PATH. An older client than the server is refused
 * (pg_dump cannot read a newer server; pg_restore cannot read a newer dump).
 */
export function pgTool(tool: 'pg_dump' | 'pg_restore', major: number): string {
  const candidates = [
    process.env.PG_BIN ? path.join(process.env.PG_BIN, tool) : null,
    `/usr/lib/postgresql/${major}/bin/${tool}`,
  ].filter((candidate): candidate is string => candidate !== null);
  const binary = candidates.find((candidate) => fs.existsSync(candidate)) ?? tool;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new BackupError(
      `${tool} was not found. Install the PostgreSQL ${major} client tools (Debian: apt-get install postgresql-client-${major}, ` +
        'or postgresql-client), or set PG_BIN to the folder that holds them.',
    );
  }
  const found = /(\d+)(?:\.\d+)?/.exec(probe.stdout);
  const clientMajor = found ? Number(found[1]) : 0;
  if (clientMajor < major) {
    throw new BackupError(
      `${binary} is version ${clientMajor}, the server is ${major}: install postgresql-client-${major} or set PG_BIN.`,
    );
  }
  return binary;
}

export function run(binary: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(binary, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw new BackupError(`${binary} could not start: ${result.error.message}`);
  if (result.status !== 0)
    throw new BackupError(`${path.basename(binary)} failed (exit code ${result.status})`);
}

/** Ends the script with a one-line message instead of a stack trace for the expected refusals. */
export async function main(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const known = error instanceof Error && ['BackupError', 'DatabaseLockedError'].includes(error.name);
    console.error(known ? `refused: ${error.message}` : error);
    process.exit(1);
  }
}
