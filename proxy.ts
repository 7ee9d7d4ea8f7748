import { type NextRequest, NextResponse } from 'next/server';
import { PUBLIC_LOCALE_HEADER } from '@/i18n/config';

/** Paths anyone may open without a session cookie (as the old matcher excluded them). */
const PUBLIC_PATH =
  /^\/(?:login|api\/auth|api\/health|_next\/static|styles\/|_next\/image|favicon\.ico|robots\.txt|sitemap\.xml|public(?:\/|$))/;
const PUBLIC_PAGE = /^\/public\/(pl|en)(?:\/|$)/;

/**
 * The Content-Security-Policy of one response. Scripts run only with this request's nonce (Next
 * reads it from the request's CSP header and puts it on its own scripts); 'strict-dynamic' lets
 * those scripts load the app's chunks. Styles allow 'unsafe-inline' on purpose: the app's CSS is
 * Tailwind files from 'self', but React renders inline `style` attributes (progress bars), which
 * a nonce cannot cover. `next dev` needs 'unsafe-eval' (React's debugging); production
 * never gets it.
 */
function contentSecurityPolicy(nonce: string, isDev = process.env.NODE_ENV === 'development') {
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

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  return response;
}

/**
 * Two jobs, both early and neither a security decision on its own:
 * 1. every response gets the security headers, with a fresh CSP nonce per request;
 * 2. visitors without a session cookie are redirected to the sign-in page. That proves nothing:
 *    every page and action checks the session and the user's posts in the database itself.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);

  const hasCookie =
    request.cookies.has('next-auth.session-token') || request.cookies.has('__Secure-next-auth.session-token');
  if (!hasCookie && !PUBLIC_PATH.test(request.nextUrl.pathname)) {
    const login = new URL('/login', request.url);
    const target = request.nextUrl.pathname + request.nextUrl.search;
    if (target !== '/') login.searchParams.set('callbackUrl', target);
    return withSecurityHeaders(NextResponse.redirect(login), csp);
  }

  // Next renders the page with the nonce it finds in the request's CSP header.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // The public pages speak the language of their URL, whatever a cookie says; nobody else may set it.
  requestHeaders.delete(PUBLIC_LOCALE_HEADER);
  const publicLocale = PUBLIC_PAGE.exec(request.nextUrl.pathname)?.[1];
  if (publicLocale) requestHeaders.set(PUBLIC_LOCALE_HEADER, publicLocale);
  requestHeaders.set('Content-Security-Policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Everything but the build's static files, which get their headers from next.config.mjs, and
  // the evidence upload: with a proxy in front, Next copies every request body into memory (up to
  // 10 MB, cutting the rest); that route streams its body instead, checks the session itself and
  // sets the same headers on its answers (app/api/attachments/upload.ts).
  matcher: ['/((?!_next/static|api/attachments/).*)'],
};
