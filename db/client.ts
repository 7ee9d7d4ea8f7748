import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { needsUpgrade, upgradePgliteFolder } from './pglite-upgrade';
import * as schema from './schema';

/** One type for both drivers (a union of the two driver types causes trouble, see STACK.md). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction or the database itself: every write helper takes it (STYLE.md, habit 5). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export interface Database {
  db: Db;
  /** The driver: PGlite in this process, or postgres.js (a PostgreSQL server, or the embedded database's socket). */
  kind: 'pglite' | 'postgres';
  /** Where the data lives: the PGlite folder, the server URL without its password, or the socket. */
  location: string;
  /** The engine itself when it runs in this process (kind 'pglite'): the embedded server serves it. */
  engine?: import('@electric-sql/pglite').PGlite;
  close(): Promise<void>;
}

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
}

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: two processes on one folder silently lose and duplicate rows.
 * A lock file beside the folder holds the owner's pid; a stale one (dead pid) is taken over.
 */
export function acquireDirectoryLock(dataDir: string): () => void {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
        throw new DatabaseLockedError(
          `The embedded database in ${path.resolve(dataDir)} is already open in process ${owner}. ` +
            'Stop that process first (PGlite cannot be shared between processes), or set DATABASE_URL to use PostgreSQL.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`Could not take the lock ${lockPath}`);
}

/** The embedded database's folder inside DATA_DIR. */
export const embeddedFolderOf = (dataDir: string) => path.join(dataDir, 'pglite');

/** Options of a connection: a query logger (the benchmark counts SQL statements with it). */
export interface OpenOptions {
  logger?: Logger;
}

export async function openPglite(dataDir: string | undefined, options: OpenOptions = {}): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const release = dataDir ? acquireDirectoryLock(dataDir) : () => {};
  try {
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    if (dataDir && needsUpgrade(dataDir)) await upgradePgliteFolder(dataDir, migrationsFolder);
    const client = await PGlite.create(dataDir);
    const db = drizzle({ client, schema, casing: 'snake_case', logger: options.logger }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      location: dataDir ? path.resolve(dataDir) : 'memory://',
      engine: client,
      async close() {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

type Sql = import('postgres').Sql;

/**
 * Has postgres.js run drizzle's queries as named prepared statements. drizzle sends each query as
 * an unnamed statement, for which postgres.js first asks the server to describe it (a round trip
 * of its own) and the server parses and plans it every time; a named one is described, parsed
 * and planned once per connection and then costs one round trip. postgres.js keeps them per
 * connection and replaces its connections within the hour (max_lifetime), so the statements of
 * `IN` lists of changing length do not pile up. A connection pooler that cannot keep prepared
 * statements (PgBouncer in transaction mode before 1.21) takes `?prepare=false` in DATABASE_URL,
 * which postgres.js obeys over this.
 */
function preparing<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: object) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        // A transaction's queries go through the connection it hands to its body.
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: Sql) => unknown;
          const method = Reflect.get(target, property, target) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (tx: Sql) => body(preparing(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export async function openPostgres(
  url: string,
  options: OpenOptions & { max?: number } = {},
): Promise<Database> {
  const { default: postgres } = await import('postgres');
  return postgresDatabase(
    postgres(url, { max: options.max ?? 10, onnotice: () => {} }),
    url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    options,
  );
}

/**
 * The embedded database served by the supervisor of `npm start` on a Unix socket
 * (scripts/lib/embedded-server.ts): postgres.js on one connection, so that a transaction has the
 * engine to itself and the other queries wait their turn, as they do on PGlite in one process.
 */
export async function openEmbeddedServer(socketPath: string, options: OpenOptions = {}): Promise<Database> {
  const { default: postgres } = await import('postgres');
  return postgresDatabase(
    postgres({ path: socketPath, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} }),
    `the embedded database through ${socketPath}`,
    options,
  );
}

async function postgresDatabase(client: Sql, location: string, options: OpenOptions): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const db = drizzle({
    client: preparing(client),
    schema,
    casing: 'snake_case',
    logger: options.logger,
  }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    location,
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

export async function openDatabase(config: {
  databaseUrl?: string;
  dataDir: string;
  /** The socket of the embedded database served by `npm start`'s supervisor (its serving processes). */
  embeddedSocket?: string;
  logger?: Logger;
}): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { logger: config.logger });
  if (config.embeddedSocket) return openEmbeddedServer(config.embeddedSocket, { logger: config.logger });
  return openPglite(embeddedFolderOf(config.dataDir), { logger: config.logger });
}
