import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type Database, type Db, openPglite, openPostgres } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { createThrowawayDatabase } from '@/scripts/lib/throwaway-database';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A new, empty database (not migrated) that is removed by its close(). */
  create(): Promise<Database>;
}

/**
 * The databases the integration tests run on: PGlite (in memory) always, and a throw-away database
 * on the PostgreSQL server of DATABASE_URL when it is set (CI runs the suite both ways).
 */
export function testBackends(): Backend[] {
  const backends: Backend[] = [{ name: 'pglite', create: () => openPglite(undefined) }];
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) backends.push({ name: 'postgres', create: () => createThrowawayPostgres(serverUrl) });
  return backends;
}

export async function createThrowawayPostgres(serverUrl: string): Promise<Database & { url: string }> {
  const throwaway = await createThrowawayDatabase(serverUrl, 'ms_test');
  const database = await openPostgres(throwaway.url, { max: 25 });
  return {
    ...database,
    url: throwaway.url,
    async close() {
      await database.close();
      await throwaway.drop();
    },
  };
}

export async function createMigrated(backend: Backend): Promise<Database> {
  const database = await backend.create();
  await migrateDatabase(database);
  return database;
}

/**
 * A migrated database on `backend` for the tests of the enclosing describe, filled by `fill` (the
 * demo data, say) and closed after them; with `each`, a fresh one for every test. Returns the way to
 * it, to call inside a test or a hook.
 */
export function databaseForTests(
  backend: Backend,
  fill: (db: Db) => Promise<unknown>,
  options: { each?: boolean } = {},
): () => Db {
  let database: Database | undefined;
  const [before, after] = options.each ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    database = await createMigrated(backend);
    await fill(database.db);
  });
  after(async () => {
    await database?.close();
  });
  return () => database!.db;
}
