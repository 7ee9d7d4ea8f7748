/**
 * Runs once when the server starts. The Node.js part (environment check, migrations)
 * lives in server/startup.ts so that the edge bundle never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { prepareServer } = await import('./server/startup');
    await prepareServer();
  }
}
