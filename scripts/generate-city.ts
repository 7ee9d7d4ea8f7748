/**
 * `npm run db:generate-city -- --goals 5 --programs 8 --tasks 15 --years 10 --seed 1`: adds a
 * city-scale strategy (about 600 tasks) to the configured database (DATABASE_URL, or the embedded
 * one in DATA_DIR — not while a server runs on it). Deterministic for a given seed.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { seedDemoData } from './seed/demo';
import { generateCity } from './bench/city';

const { values } = parseArgs({
  options: {
    goals: { type: 'string', default: '5' },
    programs: { type: 'string', default: '8' },
    tasks: { type: 'string', default: '15' },
    years: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
  },
});
const numbers = Object.fromEntries(
  Object.entries(values).map(([key, value]) => [key, Number(value)]),
) as Record<string, number>;
for (const [key, value] of Object.entries(numbers)) {
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    console.error(`--${key} must be a whole number from 1 to 10000`);
    process.exit(2);
  }
}
const database = await openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR || 'data',
});
try {
  await migrateDatabase(database);
  await seedDemoData(database.db);
  const started = performance.now();
  const result = await generateCity(database.db, {
    goals: numbers.goals!,
    programs: numbers.programs!,
    tasks: numbers.tasks!,
    years: numbers.years!,
    seed: numbers.seed!,
  });
  console.log(
    `generated strategy ${result.strategyId}: ${result.tasks} tasks over ${result.years.length} years, ${result.people} people, in ${Math.round(performance.now() - started)} ms (${database.kind})`,
  );
} finally {
  await database.close();
}
