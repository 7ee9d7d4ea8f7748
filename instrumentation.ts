/**
 * Runs once when the server starts. The Node.js part (environment check, migrations) lives in
 * server/startup.ts so that the edge bundle never sees it. `npm start` loads the demo data before
 * Next starts (scripts/serve.ts); `next dev` has nothing in front of it, so it loads it here.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { prepareServer } = await import('./server/startup');
    if (process.env.NODE_ENV === 'development') {
      const { seedDemoOnStart } = await import('./scripts/seed/on-start');
      await prepareServer(async (env) => {
        if (env.SEED_DEMO === 'true')
          await seedDemoOnStart({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
      });
    } else {
      await prepareServer();
    }
  }
}
