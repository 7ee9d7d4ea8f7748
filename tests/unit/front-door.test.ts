import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_LOCALE_HEADER } from '@/i18n/config';
import {
  FRONT_DOOR_HEADER,
  NONCE_HEADER,
  PROXY_MATCHER_SOURCE,
  UNGUARDED_PATH,
  frontDoor,
  hasSessionCookie,
} from '@/lib/http/front-door';
import { config, proxy } from '@/proxy';
import { passFrontDoor } from '@/scripts/lib/front-door';

const SESSION = 'next-auth.session-token=abc';
const nonceIn = (csp: string | null | undefined) => /'nonce-([^']+)'/.exec(csp ?? '')?.[1];

describe('the front door rules (lib/http/front-door.ts)', () => {
  it('sends a visitor without a session cookie to the sign-in page, with the page asked for', () => {
    const decision = frontDoor('/tasks/1', '?year=2011', null, false);
    expect(decision.kind).toBe('redirect');
    if (decision.kind !== 'redirect') return;
    expect(decision.location).toBe('/login?callbackUrl=%2Ftasks%2F1%3Fyear%3D2011');
    expect(frontDoor('/', '', 'NEXT_LOCALE=pl', false)).toMatchObject({
      kind: 'redirect',
      location: '/login',
    });
    // The redirect carries the security headers too.
    expect(Object.fromEntries(decision.responseHeaders)).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('lets through the public paths without a cookie, and every path with one', () => {
    for (const path of ['/login', '/api/health', '/public/pl', '/public', '/robots.txt', '/styles/app.css'])
      expect(frontDoor(path, '', null, false).kind, path).toBe('pass');
    for (const path of ['/publications', '/loginx', '/tasks/1', '/api/reports'])
      expect(frontDoor(path, '', null, false).kind, path).toBe('redirect');
    expect(frontDoor('/tasks/1', '', `NEXT_LOCALE=en; ${SESSION}`, false).kind).toBe('pass');
  });

  it.each([
    ['next-auth.session-token=x', true],
    ['a=1;  __Secure-next-auth.session-token=x', true],
    ['next-auth.session-token.0=x; xnext-auth.session-token=y', false],
    ['a=next-auth.session-token', false],
    [undefined, false],
  ])('reads session cookies by name only: %s', (cookie, expected) => {
    expect(hasSessionCookie(cookie)).toBe(expected);
  });

  it('gives each request a fresh nonce, in the answer’s CSP and the request’s headers', () => {
    const first = frontDoor('/login', '', null, false);
    const second = frontDoor('/login', '', null, false);
    if (first.kind !== 'pass' || second.kind !== 'pass') throw new Error('not passed');
    const csp = Object.fromEntries(first.responseHeaders)['Content-Security-Policy'];
    const nonce = nonceIn(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(Object.fromEntries(first.requestHeaders)).toEqual({
      [NONCE_HEADER]: nonce,
      'Content-Security-Policy': csp,
    });
    expect(nonceIn(Object.fromEntries(second.responseHeaders)['Content-Security-Policy'])).not.toBe(nonce);
    expect(csp).not.toContain('unsafe-eval');
    const dev = frontDoor('/login', '', null, true);
    expect(Object.fromEntries(dev.responseHeaders)['Content-Security-Policy']).toContain("'unsafe-eval'");
  });

  it('sets a public page’s language from its URL only', () => {
    const page = frontDoor('/public/en/tasks/1', '', null, false);
    if (page.kind !== 'pass') throw new Error('not passed');
    expect(page.removedRequestHeaders).toEqual([PUBLIC_LOCALE_HEADER]);
    expect(Object.fromEntries(page.requestHeaders)[PUBLIC_LOCALE_HEADER]).toBe('en');
    const other = frontDoor('/tasks/1', '', SESSION, false);
    if (other.kind !== 'pass') throw new Error('not passed');
    expect(Object.fromEntries(other.requestHeaders)[PUBLIC_LOCALE_HEADER]).toBeUndefined();
  });
});

describe('proxy.ts, for next dev', () => {
  it('has the matcher of the rules: skips the unguarded paths and the requests the server marked', () => {
    expect(config.matcher).toEqual([
      { source: PROXY_MATCHER_SOURCE, missing: [{ type: 'header', key: FRONT_DOOR_HEADER }] },
    ]);
    const matcher = new RegExp(`^${PROXY_MATCHER_SOURCE}$`);
    for (const path of ['/', '/tasks/1', '/api/health', '/_next/image', '/api/attachmentsx'])
      expect([matcher.test(path), UNGUARDED_PATH.test(path)], path).toEqual([true, false]);
    for (const path of ['/_next/static/chunks/a.js', '/api/attachments/tasks/1'])
      expect([matcher.test(path), UNGUARDED_PATH.test(path)], path).toEqual([false, true]);
  });

  it('redirects and sets the headers as the server does', () => {
    const redirect = proxy(new NextRequest('http://localhost:3000/tasks/1'));
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('http://localhost:3000/login?callbackUrl=%2Ftasks%2F1');
    expect(redirect.headers.get('x-frame-options')).toBe('DENY');
    const page = proxy(
      new NextRequest('http://localhost:3000/public/pl', { headers: { [PUBLIC_LOCALE_HEADER]: 'en' } }),
    );
    // Next passes the request's new headers on as x-middleware-request-* headers.
    expect(page.headers.get(`x-middleware-request-${PUBLIC_LOCALE_HEADER}`)).toBe('pl');
    expect(page.headers.get(`x-middleware-request-${NONCE_HEADER}`)).toBe(
      nonceIn(page.headers.get('content-security-policy')),
    );
  });
});

describe('the production server’s front door (scripts/lib/front-door.ts)', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // What the app would see: the request's headers after the front door, as JSON.
    server = http.createServer((request, response) => {
      if (passFrontDoor(request, response)) return;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(request.headers));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers the sign-in redirect itself, with the security headers', async () => {
    const response = await fetch(`${base}/tasks/1?x=1`, { redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/login?callbackUrl=%2Ftasks%2F1%3Fx%3D1');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('replaces what a client sends as nonce, policy, language or mark, and marks the request', async () => {
    const response = await fetch(`${base}/public/pl/tasks/1`, {
      headers: {
        [NONCE_HEADER]: 'chosen-by-the-client',
        'content-security-policy': "script-src 'unsafe-inline'",
        [PUBLIC_LOCALE_HEADER]: 'en',
        [FRONT_DOOR_HEADER]: 'no',
      },
    });
    const seen = (await response.json()) as Record<string, string>;
    const nonce = nonceIn(response.headers.get('content-security-policy'));
    expect(seen[NONCE_HEADER]).toBe(nonce);
    expect(seen['content-security-policy']).toBe(response.headers.get('content-security-policy'));
    expect(seen[PUBLIC_LOCALE_HEADER]).toBe('pl');
    expect(seen[FRONT_DOOR_HEADER]).toBe('1');
    const signedIn = await fetch(`${base}/tasks/1`, {
      headers: { cookie: SESSION, [PUBLIC_LOCALE_HEADER]: 'en' },
    });
    const behind = (await signedIn.json()) as Record<string, string>;
    expect(behind[PUBLIC_LOCALE_HEADER]).toBeUndefined();
    expect(behind[NONCE_HEADER]).toBe(nonceIn(signedIn.headers.get('content-security-policy')));
  });

  it('answers 400 to a request target that is no URL', async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: '//' }, resolve).on('error', reject),
    );
    answer.resume();
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['content-security-policy']).toBe("default-src 'none'");
  });

  it('leaves the static files and the evidence upload alone, but marks them', async () => {
    for (const path of ['/_next/static/chunks/a.js', '/api/attachments/tasks/1']) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toBeNull();
      const seen = (await response.json()) as Record<string, string>;
      expect([seen[FRONT_DOOR_HEADER], seen[NONCE_HEADER]], path).toEqual(['1', undefined]);
    }
  });
});
