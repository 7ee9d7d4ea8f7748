import type http from 'node:http';
import { FRONT_DOOR_HEADER, SECURITY_HEADERS, UNGUARDED_PATH, frontDoor } from '../../lib/http/front-door';

/**
 * The front door of the production server (lib/http/front-door.ts has the rules): applied to a
 * request before it goes to Next, in plain Node, so that Next's proxy (proxy.ts) need not run:
 * its matcher skips a request marked with FRONT_DOOR_HEADER. Sets the answer's security headers
 * and the request's nonce, CSP and public-page language; answers the sign-in redirect itself.
 * Returns true when it has answered (the request goes no further).
 */
export function passFrontDoor(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  // Whatever the client sent: this server has applied the rules, the proxy must not run again.
  request.headers[FRONT_DOOR_HEADER] = '1';
  // Parsed as Next parses it for the proxy (request.nextUrl): dot segments resolved, encoding kept.
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://front-door.invalid');
  } catch {
    // A request target that is no URL (`//`, `http://[`): nothing to render, nothing to redirect to.
    for (const [name, value] of SECURITY_HEADERS) response.setHeader(name, value);
    response.writeHead(400, {
      'content-security-policy': "default-src 'none'",
      'content-type': 'text/plain; charset=utf-8',
    });
    response.end('Bad Request');
    return true;
  }
  if (UNGUARDED_PATH.test(url.pathname)) return false;
  const decision = frontDoor(url.pathname, url.search, request.headers.cookie, false);
  for (const [name, value] of decision.responseHeaders) response.setHeader(name, value);
  if (decision.kind === 'redirect') {
    response.writeHead(307, { location: decision.location });
    response.end();
    return true;
  }
  for (const name of decision.removedRequestHeaders) delete request.headers[name.toLowerCase()];
  for (const [name, value] of decision.requestHeaders) request.headers[name.toLowerCase()] = value;
  return false;
}
