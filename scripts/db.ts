/**
 * `npm run db:migrate` and `npm run db:seed`: the same steps the server takes at start, for
 * operators. Never run against the embedded folder of a running server (the lock refuses it).
 */
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { seedDemoData } from './seed/demo';

const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: tsx scripts/db.ts migrate|seed');
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || 'data';
try {
  const database = await openDatabase({ databaseUrl, dataDir });
  try {
    await migrateDatabase(database);
    console.log(`migrations applied: ${database.kind} (${database.location})`);
    if (command === 'seed') {
      const seeded = await seedDemoData(database.db);
      console.log(seeded ? 'demo data loaded' : 'the database already has data: nothing loaded');
    }
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
