import { type NextRequest, NextResponse } from 'next/server';

/**
 * Only an early redirect for visitors without a session cookie. It proves nothing: every page and
 * action checks the session and the user's posts in the database itself.
 */
export function proxy(request: NextRequest) {
  const hasCookie =
    request.cookies.has('next-auth.session-token') || request.cookies.has('__Secure-next-auth.session-token');
  if (hasCookie) return NextResponse.next();
  const login = new URL('/login', request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/') login.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!login|api/auth|api/health|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
