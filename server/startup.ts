import { getDatabase } from '@/lib/db';
import { getEnv } from '@/lib/env';

/** Checks the environment and prepares the database before the first request; stops the server on failure. */
export async function prepareServer(): Promise<void> {
  try {
    getEnv();
    const database = await getDatabase();
    console.log(`[monitor] database ready: ${database.kind} (${database.location})`);
  } catch (error) {
    console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
