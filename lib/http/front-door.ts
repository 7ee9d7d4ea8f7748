import { PUBLIC_LOCALE_HEADER } from '@/i18n/config';

/**
 * What every request passes before a page or a route sees it: the security headers with a fresh
 * CSP nonce, the sign-in redirect for a visitor without a session cookie, and the language of a
 * public page from its URL. One set of rules, applied in one of two places:
 *
 * - the production server (`npm start`, scripts/serve.ts through scripts/lib/front-door.ts), in
 *   plain Node before Next: Next's proxy (middleware) costs each page about a third of its
 *   throughput (issue 28), so the server marks the requests it has seen with FRONT_DOOR_HEADER and
 *   the proxy's matcher skips those;
 * - `proxy.ts`, for every other way of running Next (`next dev`, `next start`).
 *
 * Neither is a security decision on its own: every page and action checks the session and the
 * user's posts in the database itself. The redirect only spares a visitor a refusal.
 */

/**
 * Set by the production server on every request it hands to Next, whatever the client sent; the
 * proxy's matcher (`missing`) skips a request that carries it. A client that sends it to `next dev`
 * only loses its own headers and redirect.
 */
export const FRONT_DOOR_HEADER = 'x-monitor-front-door';

/** The request header the pages read their nonce from (Next reads it from the request's CSP). */
export const NONCE_HEADER = 'x-nonce';

/**
 * The paths neither the proxy nor the server's front door touches: the build's static files (their
 * headers come from next.config.mjs) and the evidence upload, which streams its body, checks the
 * session itself and sets the same headers on its answers (app/api/attachments/upload.ts). With a
 * proxy in front, Next would copy its body into memory (up to 10 MB, cutting the rest).
 * proxy.ts's matcher must be a literal: PROXY_MATCHER_SOURCE is the same rule, and a unit test
 * holds the two together.
 */
export const UNGUARDED_PATH = /^\/(?:_next\/static|api\/attachments\/)/;
export const PROXY_MATCHER_SOURCE = '/((?!_next/static|api/attachments/).*)';

/** Paths anyone may open without a session cookie (each a whole segment: `/loginx` is not `/login`). */
const PUBLIC_PATH =
  /^\/(?:login|api\/auth|api\/health|_next\/static|styles|_next\/image|favicon\.ico|robots\.txt|sitemap\.xml|public)(?:\/|$)/;
const PUBLIC_PAGE = /^\/public\/(pl|en)(?:\/|$)/;
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

/** A CSP nonce: a random UUID in base64 (48 characters). */
export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

/**
 * The Content-Security-Policy of one response. Scripts run only with this request's nonce (Next
 * reads it from the request's CSP header and puts it on its own scripts); 'strict-dynamic' lets
 * those scripts load the app's chunks. Styles allow 'unsafe-inline' on purpose: the app's CSS is
 * Tailwind files from 'self', but React renders inline `style` attributes (progress bars), which
 * a nonce cannot cover. `next dev` needs 'unsafe-eval' (React's debugging); production never gets it.
 */
export function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers of every answer besides its CSP. */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['X-Frame-Options', 'DENY'],
];

/** Whether a Cookie header holds a session cookie (by name: whether it is valid, the app decides). */
export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(';').some((pair) => {
    const equals = pair.indexOf('=');
    const name = (equals < 0 ? pair : pair.slice(0, equals)).trim();
    return SESSION_COOKIES.includes(name);
  });
}

/** What the front door does with one request. */
export type FrontDoorDecision =
  | {
      kind: 'pass';
      /** The answer's headers, CSP included. */
      responseHeaders: readonly (readonly [string, string])[];
      /** Set on the request before the app sees it (nonce, CSP, the public page's language). */
      requestHeaders: [string, string][];
      /** Removed from the request first (a client may not set the public page's language). */
      removedRequestHeaders: string[];
    }
  | {
      kind: 'redirect';
      /** Relative to the site: the sign-in page, with the page asked for as callbackUrl. */
      location: string;
      responseHeaders: readonly (readonly [string, string])[];
    };

/** The front door's decision for a request to `pathname` + `search` (a search begins with `?`). */
export function frontDoor(
  pathname: string,
  search: string,
  cookieHeader: string | null | undefined,
  isDev: boolean,
): FrontDoorDecision {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, isDev);
  const responseHeaders = [['Content-Security-Policy', csp] as const, ...SECURITY_HEADERS];
  if (!hasSessionCookie(cookieHeader) && !PUBLIC_PATH.test(pathname)) {
    const target = pathname + search;
    const location =
      target === '/' ? '/login' : `/login?${new URLSearchParams({ callbackUrl: target }).toString()}`;
    return { kind: 'redirect', location, responseHeaders };
  }
  const requestHeaders: [string, string][] = [
    [NONCE_HEADER, nonce],
    ['Content-Security-Policy', csp],
  ];
  const publicLocale = PUBLIC_PAGE.exec(pathname)?.[1];
  if (publicLocale) requestHeaders.push([PUBLIC_LOCALE_HEADER, publicLocale]);
  return { kind: 'pass', responseHeaders, requestHeaders, removedRequestHeaders: [PUBLIC_LOCALE_HEADER] };
}
