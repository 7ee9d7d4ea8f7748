import type { Database } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/sessions';

/**
 * The request a server action runs in, for tests that call the actions as the browser does: who is
 * signed in (already read from the database, as getCurrentUser would) and which database the app
 * opens. The test sets both; the modules below stand in for the app's.
 *
 * In the test file (vi.mock is hoisted above the imports, so the factories import this lazily):
 *
 *   vi.mock('@/server/current-user', async () => (await import('../support/action-context')).sessionModule());
 *   vi.mock('@/lib/db', async () => (await import('../support/action-context')).dbModule());
 *   vi.mock('next/cache', async () => (await import('../support/action-context')).cacheModule());
 */
// The environment `npm start` gives the server (lib/env.ts checks it): a session secret, no directory.
process.env.NEXTAUTH_SECRET ??= 'action-context-test-secret-0123456789abcdef';

export const actionContext: { user: CurrentUser | null; database: Database | null } = {
  user: null,
  database: null,
};

/** server/current-user: the signed-in user; a page without one is sent to the sign-in page. */
export function sessionModule() {
  return {
    getCurrentUser: async () => actionContext.user,
    requirePageUser: async () => {
      if (!actionContext.user) throw new Error('redirect to /login');
      return actionContext.user;
    },
  };
}

/** lib/db: the test's database. */
export function dbModule() {
  return {
    getDb: async () => actionContext.database!.db,
    getDatabase: async () => actionContext.database!,
  };
}

/** next/cache: nothing to revalidate outside a Next server. */
export function cacheModule() {
  return { revalidatePath: () => {} };
}
