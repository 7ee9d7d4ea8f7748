/**
 * Runs once when the server starts: checks the environment and prepares the database (migrations,
 * demo data) before the first request. Any failure stops the server with a message that says why.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getEnv } = await import('@/lib/env');
  const { getDatabase } = await import('@/lib/db');
  try {
    getEnv();
    const database = await getDatabase();
    console.log(`[monitor] database ready: ${database.kind} (${database.location})`);
  } catch (error) {
    console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
