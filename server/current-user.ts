import 'server-only';
import { getToken } from 'next-auth/jwt';
import { headers } from 'next/headers';
import { NextRequest } from 'next/server';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/lib/db';
import { sessionLimits } from './auth-options';
import { type CurrentUser, loadSessionUser } from '@/lib/auth/sessions';

/**
 * The current user for this request (once per render thanks to React `cache`), re-read from the
 * database: posts, activity and the session row. Never trusted from the token alone.
 *
 * The session cookie is decrypted with next-auth's own `getToken` (its cookie name, chunks,
 * expiry and secret); `getServerSession` would do the same and then run next-auth's whole session
 * endpoint (callbacks, a re-encrypted token) on every page, which a server component cannot send
 * back anyway. Only the cookie counts, not an Authorization header.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // A request that carries this request's cookies and nothing else.
  const cookie = (await headers()).get('cookie') ?? '';
  const token = await getToken({ req: new NextRequest('http://localhost/', { headers: { cookie } }) });
  if (typeof token?.sid !== 'string') return null;
  return loadSessionUser(await getDb(), token.sid, sessionLimits());
});

/** For pages: the current user, or a redirect to the sign-in page. */
export async function requirePageUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}
