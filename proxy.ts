import { type NextRequest, NextResponse } from 'next/server';
import { frontDoor } from '@/lib/http/front-door';

/**
 * The front door (lib/http/front-door.ts: security headers with a fresh CSP nonce, the sign-in
 * redirect, the public page's language) for every way of running Next but the production server:
 * `npm start` applies the same rules itself before Next (scripts/lib/front-door.ts), marks the
 * request with FRONT_DOOR_HEADER, and the matcher below then skips this proxy.
 */
export function proxy(request: NextRequest) {
  const decision = frontDoor(
    request.nextUrl.pathname,
    request.nextUrl.search,
    request.headers.get('cookie'),
    process.env.NODE_ENV === 'development',
  );
  let response: NextResponse;
  if (decision.kind === 'redirect') {
    response = NextResponse.redirect(new URL(decision.location, request.url));
  } else {
    // Next renders the page with the nonce it finds in the request's CSP header.
    const requestHeaders = new Headers(request.headers);
    for (const name of decision.removedRequestHeaders) requestHeaders.delete(name);
    for (const [name, value] of decision.requestHeaders) requestHeaders.set(name, value);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of decision.responseHeaders) response.headers.set(name, value);
  return response;
}

export const config = {
  // PROXY_MATCHER_SOURCE and FRONT_DOOR_HEADER of lib/http/front-door.ts (Next reads this literal
  // at build time; tests/unit/front-door.test.ts holds them together).
  matcher: [
    {
      source: '/((?!_next/static|api/attachments/).*)',
      missing: [{ type: 'header', key: 'x-monitor-front-door' }],
    },
  ],
};
