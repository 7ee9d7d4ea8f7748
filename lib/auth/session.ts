import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db';
import { authOptions, sessionLimits } from './options';
import { type CurrentUser, loadSessionUser } from './sessions';

/**
 * The current user for this request (once per render thanks to React `cache`), re-read from the
 * database: posts, activity and the session row. Never trusted from the token alone.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.sid) return null;
  return loadSessionUser(await getDb(), session.sid, sessionLimits());
});

/** For pages: the current user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}
