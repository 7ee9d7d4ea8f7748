import { type Database, openDatabase } from '@/db/client';
import { migrateDatabase, withAdvisoryLock } from '@/db/migrate';
import { seedDemoData } from '@/db/seed/demo';
import { getEnv } from '@/lib/env';

const SEED_LOCK = 7_301_2011;

// One instance per process, kept on globalThis so that hot reload does not open a second PGlite.
const holder = globalThis as unknown as { __monitorDatabase?: Promise<Database> };

/**
 * The app's database, opened on first use (never at import or build time), migrated and — when it is
 * empty and SEED_DEMO is on — loaded with the demo data.
 */
export function getDatabase(): Promise<Database> {
  holder.__monitorDatabase ??= (async () => {
    const env = getEnv();
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await migrateDatabase(database);
    if (env.SEED_DEMO === 'true') {
      const seeded = await withAdvisoryLock(database, SEED_LOCK, () => seedDemoData(database.db));
      if (seeded) console.log('[monitor] demo data loaded into the empty database');
    }
    return database;
  })();
  return holder.__monitorDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
