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
    // The mail loop of this process (lib/mail/worker.ts); with no SMTP_URL mails are kept.
    if (env.MAIL_WORKER === 'true') {
      const { startMailWorker, transportFromEnv } = await import('@/lib/mail/worker');
      startMailWorker({ db: async () => database.db, transport: transportFromEnv(env) });
      console.log(`[monitor] mail: ${env.SMTP_URL ? 'sending through SMTP' : 'no SMTP_URL, mails are kept'}`);
    }
  } catch (error) {
    console.error(`[monitor] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
