/**
 * Signing in and out from the browser through next-auth's own endpoints (`/api/auth/csrf`,
 * `/api/auth/callback/credentials`, `/api/auth/signout`), the requests next-auth/react's `signIn` and
 * `signOut` make, without shipping that module (9 kB gzip) with every page (issue 28). The app keeps
 * no session state in the browser (no SessionProvider): each page reads its session on the server,
 * so a full navigation after these is all the browser needs.
 */

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** next-auth's double-submit token: its cookie is set by this answer, the value goes in the form. */
async function csrfToken(): Promise<string> {
  const response = await fetch('/api/auth/csrf', { cache: 'no-store' });
  if (!response.ok) throw new Error(`csrf ${response.status}`);
  const { csrfToken: token } = (await response.json()) as { csrfToken?: unknown };
  if (typeof token !== 'string') throw new Error('csrf: no token');
  return token;
}

/** The `error` next-auth put in the address it answered with (null when it answered none). */
function errorIn(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  return new URL(url, window.location.href).searchParams.get('error');
}

export type SignInResult = { ok: true } | { ok: false; error: string | null };

/**
 * The credentials provider, without redirects: `{ ok: true }` once the session cookie is set,
 * else the error next-auth reported (e.g. `CredentialsSignin`, or the throttle's code).
 * Throws when the server could not be reached.
 */
export async function signInWithPassword(values: { login: string; password: string }): Promise<SignInResult> {
  const response = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({
      ...values,
      csrfToken: await csrfToken(),
      callbackUrl: window.location.href,
      json: 'true',
    }),
  });
  const { url } = (await response.json().catch(() => ({}))) as { url?: unknown };
  const error = errorIn(url);
  return response.ok && !error ? { ok: true } : { ok: false, error };
}

/**
 * Ends the session (next-auth's signOut event revokes its row, server/auth-options.ts) and returns
 * where to go next: the address next-auth answered with, else `callbackUrl`.
 */
export async function signOutTo(callbackUrl: string): Promise<string> {
  const response = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ csrfToken: await csrfToken(), callbackUrl, json: 'true' }),
  });
  if (!response.ok) throw new Error(`signout ${response.status}`);
  const { url } = (await response.json().catch(() => ({}))) as { url?: unknown };
  return typeof url === 'string' ? url : callbackUrl;
}
