import { getDatabase } from '@/lib/db';
import { type Env, getEnv } from '@/lib/env';

/**
 * Checks the environment and prepares the database before the first request; stops the server on
 * failure. `beforeOpen` runs between the two (the development server loads the demo data there).
 */
export async function prepareServer(beforeOpen?: (env: Env) => Promise<void>): Promise<void> {
  try {
    const env = getEnv();
    await beforeOpen?.(env);
    const database = await getDatabase();
    console.log(`[monitor] database ready: ${database.kind} (${database.location})`);
  } catch (error) {
    console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
