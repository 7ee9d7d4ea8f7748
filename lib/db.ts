import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { getEnv } from '@/lib/env';

// One instance per process, kept on globalThis so that hot reload does not open a second PGlite.
const holder = globalThis as unknown as { __monitorDatabase?: Promise<Database> };

/**
 * The app's database, opened on first use (never at import or build time) and migrated. The demo
 * data is loaded before the server starts (scripts/seed/on-start.ts), never from here.
 */
export function getDatabase(): Promise<Database> {
  holder.__monitorDatabase ??= (async () => {
    const env = getEnv();
    const database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      embeddedSocket: env.EMBEDDED_DATABASE_SOCKET,
    });
    // The embedded database's supervisor has migrated it before serving it (scripts/lib/embedded-server.ts);
    // drizzle's migrator would also need a second connection, which that socket's one connection is not.
    if (!env.EMBEDDED_DATABASE_SOCKET) await migrateDatabase(database);
    return database;
  })();
  return holder.__monitorDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}

/** The health check's one `select 1`: throws when the database cannot be reached. */
export async function pingDatabase(): Promise<void> {
  await (await getDb()).execute(sql`select 1`);
}
