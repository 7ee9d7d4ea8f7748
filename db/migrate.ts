import { sql } from 'drizzle-orm';
import { type Database, migrationsFolder } from './client';

/** Any fixed number: several app instances starting at once take turns through this lock. */
const MIGRATION_LOCK = 7_301_2009;

/** Applies the committed drizzle-kit migrations; on PostgreSQL under an advisory lock. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(database.db as any, { migrationsFolder });
    return;
  }
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  await withAdvisoryLock(database, MIGRATION_LOCK, async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(database.db as any, { migrationsFolder });
  });
}

/** Runs fn while holding a session-level advisory lock (PostgreSQL) — a no-op guard on PGlite. */
export async function withAdvisoryLock<T>(database: Database, key: number, fn: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return fn();
  return database.db.transaction(async (tx) => {
    // A transaction-level lock: released when the transaction ends, whatever happens.
    await tx.execute(sql`select pg_advisory_xact_lock(${key})`);
    return fn();
  });
}
