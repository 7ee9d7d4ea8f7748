import { type Database, openDatabase } from '../../db/client';
import { migrateDatabase, withAdvisoryLock } from '../../db/migrate';
import { seedDemoData } from './demo';

/** Any fixed number: several processes starting at once take turns through this lock. */
const SEED_LOCK = 7_301_2011;

/**
 * `npm start` with SEED_DEMO=true: loads the demo data into an empty database before the server
 * serves anything. Every server process calls it (APP_PROCESSES > 1): the advisory lock makes the
 * others wait, then find users and load nothing. The connection is its own and closed afterwards:
 * the embedded database opens its folder in one place at a time, and the app opens it next.
 */
export async function seedDemoOnStart(config: { databaseUrl?: string; dataDir: string }): Promise<void> {
  const database = await openDatabase(config);
  try {
    await seedDemoInto(database);
  } finally {
    await database.close();
  }
}

/** Migrates an open database and loads the demo data when it has no users yet. */
export async function seedDemoInto(database: Database): Promise<void> {
  await migrateDatabase(database);
  const seeded = await withAdvisoryLock(database, SEED_LOCK, () => seedDemoData(database.db));
  if (seeded) console.log('[monitor] demo data loaded into the empty database');
}
