import http from 'node:http';
import type net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_AGE_MS,
  PUBLIC_CACHE_CONTROL,
  STALE_AFTER_MS,
  type PublicCache,
  type Rendered,
  acceptsGzip,
  createPublicCache,
  matchesEtag,
  publicCacheKey,
} from '@/scripts/lib/public-cache';

const get = (url: string, headers: Record<string, string> = {}) => ({ method: 'GET', url, headers });

describe('public cache keys', () => {
  it('caches GET and HEAD of public pages, data files, the sitemap and robots.txt, whatever the cookies', () => {
    expect(publicCacheKey(get('/public/pl/strategies/1'))).toBe('/public/pl/strategies/1');
    expect(publicCacheKey(get('/public'))).toBe('/public');
    expect(publicCacheKey({ ...get('/public/en/tasks/7'), method: 'HEAD' })).toBe('/public/en/tasks/7');
    expect(publicCacheKey(get('/public/data/tasks/7.csv', { cookie: 'next-auth.session-token=x' }))).toBe(
      '/public/data/tasks/7.csv',
    );
    expect(publicCacheKey(get('/sitemap.xml'))).toBe('/sitemap.xml');
    expect(publicCacheKey(get('/robots.txt'))).toBe('/robots.txt');
  });

  it('leaves everything else to Next: other paths, other methods, the router’s requests, ranges', () => {
    for (const url of ['/', '/tasks/7', '/publication', '/api/health', '/publicx', '/sitemap.xml.gz'])
      expect(publicCacheKey(get(url))).toBeNull();
    expect(publicCacheKey({ ...get('/public/pl/tasks/7'), method: 'POST' })).toBeNull();
    expect(publicCacheKey(get('/public/pl/tasks/7', { rsc: '1' }))).toBeNull();
    expect(publicCacheKey(get('/public/pl/tasks/7', { 'next-router-prefetch': '1' }))).toBeNull();
    expect(publicCacheKey(get('/public/pl/tasks/7', { range: 'bytes=0-10' }))).toBeNull();
    expect(publicCacheKey(get(`/public/pl/tasks/${'7'.repeat(600)}`))).toBeNull();
  });

  it('keeps only the search page’s parameters, in one order, and drops an empty query', () => {
    const search = '/public/pl/strategies/1/search';
    expect(publicCacheKey(get('/public/pl/tasks/7?'))).toBe('/public/pl/tasks/7');
    expect(publicCacheKey(get(`${search}?status=behind&q=szko%C5%82a&department=3`))).toBe(
      `${search}?department=3&q=szko%C5%82a&status=behind`,
    );
    expect(publicCacheKey(get(`${search}?q=a+b`))).toBe(publicCacheKey(get(`${search}?q=a%20b`)));
    expect(publicCacheKey(get(`${search}?q=a&utm_source=x`))).toBeNull();
    expect(publicCacheKey(get('/public/pl/tasks/7?_rsc=abc'))).toBeNull();
    expect(publicCacheKey(get('/public/pl/tasks/7?q=a'))).toBeNull();
  });
});

describe('conditional requests and encodings', () => {
  it('matches If-None-Match weakly, in lists and with *', () => {
    expect(matchesEtag('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"x", "abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('*', 'W/"abc"')).toBe(true);
    expect(matchesEtag('W/"abd"', 'W/"abc"')).toBe(false);
    expect(matchesEtag(undefined, 'W/"abc"')).toBe(false);
  });

  it('reads Accept-Encoding', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

/** A page as Next renders it: the nonce in the CSP header and in its script tags. */
function page(nonce: string, text: string, status = 200, extra: http.IncomingHttpHeaders = {}): Rendered {
  const scripts = Array.from(
    { length: 3 },
    (_, i) => `<script nonce="${nonce}">self.__next_f.push([${i}, "${'x'.repeat(400)}"])</script>`,
  ).join('');
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
      'cache-control': 'private, no-cache, no-store, max-age=0, must-revalidate',
      vary: 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch',
      'x-content-type-options': 'nosniff',
      ...extra,
    },
    body: Buffer.from(`<!DOCTYPE html><html><body><p>${text}</p>${scripts}</body></html>`),
  };
}

const NONCE = Buffer.from('00000000-0000-4000-8000-000000000000').toString('base64');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** A server whose every request goes to the cache (or to `next`, counted, when the cache passes). */
async function serveCache(cache: PublicCache) {
  const passed: string[] = [];
  const server = http.createServer((request, response) => {
    const key = publicCacheKey(request);
    if (key === null) {
      response.writeHead(400).end();
      return;
    }
    void cache.serve(key, request, response, () => {
      passed.push(key);
      response.writeHead(299).end('from next');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const request = (pathName: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<Answer>((resolve, reject) => {
      http
        .request({ host: '127.0.0.1', port, path: pathName, method, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = Buffer.concat(chunks);
            const text =
              response.headers['content-encoding'] === 'gzip'
                ? zlib.gunzipSync(body).toString('utf8')
                : body.toString('utf8');
            resolve({ status: response.statusCode!, headers: response.headers, body, text });
          });
        })
        .on('error', reject)
        .end();
    });
  servers.push(server);
  return { request, passed };
}
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The nonce of an answer's CSP, and every nonce attribute in its body. */
function noncesOf(answer: Answer) {
  const header = /'nonce-([^']+)'/.exec(String(answer.headers['content-security-policy']))?.[1];
  const body = [...answer.text.matchAll(/nonce="([^"]+)"/g)].map((match) => match[1]);
  return { header, body };
}

/** A fake Next: renders from `content`, counts its renders, and can be held until released. */
function fakeNext(content: Record<string, () => Rendered>) {
  const renders: string[] = [];
  let gate: Promise<void> | null = null;
  let open = () => {};
  return {
    renders,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    async render(key: string): Promise<Rendered> {
      renders.push(key);
      if (gate) await gate;
      const make = content[key];
      return make ? make() : page(NONCE, 'not found', 404);
    },
  };
}

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('public cache', () => {
  it('renders a page once, then answers it from memory with a fresh nonce in the header and the body', async () => {
    const next = fakeNext({ '/public/pl/tasks/7': () => page(NONCE, 'Zadanie 7') });
    const cache = createPublicCache({ render: (key) => next.render(key) });
    cache.setRevision(1);
    const { request } = await serveCache(cache);

    const first = await request('/public/pl/tasks/7', { cookie: 'anything=1' });
    const second = await request('/public/pl/tasks/7');
    expect(next.renders).toEqual(['/public/pl/tasks/7']);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<p>Zadanie 7</p>');
      expect(answer.text).not.toContain(NONCE);
      const { header, body } = noncesOf(answer);
      expect(body).toEqual([header, header, header]);
      expect(answer.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers.vary).toContain('Accept-Encoding');
      expect(answer.headers.vary).toContain('rsc');
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    }
    expect(noncesOf(first).header).not.toBe(noncesOf(second).header);
    // The same page in meaning: the body with the nonce taken out, and the ETag.
    const blank = (answer: Answer) => answer.text.replaceAll(noncesOf(answer).header!, 'N');
    expect(blank(first)).toBe(blank(second));
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(first.headers.etag).toBe(second.headers.etag);
  });

  it('gzips for clients that accept it, with the fresh nonce inside', async () => {
    const next = fakeNext({ '/public/pl/tasks/7': () => page(NONCE, 'Zadanie 7') });
    const cache = createPublicCache({ render: (key) => next.render(key) });
    cache.setRevision(1);
    const { request } = await serveCache(cache);
    const plain = await request('/public/pl/tasks/7');
    const zipped = await request('/public/pl/tasks/7', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    const { header, body } = noncesOf(zipped);
    expect(body).toEqual([header, header, header]);
    expect(header).not.toBe(noncesOf(plain).header);
    expect(zipped.text.replaceAll(header!, 'N')).toBe(plain.text.replaceAll(noncesOf(plain).header!, 'N'));
  });

  it('answers a matching If-None-Match with 304 (no body, no CSP) and HEAD without a body', async () => {
    const next = fakeNext({ '/public/pl/tasks/7': () => page(NONCE, 'Zadanie 7') });
    const cache = createPublicCache({ render: (key) => next.render(key) });
    cache.setRevision(1);
    const { request } = await serveCache(cache);
    const first = await request('/public/pl/tasks/7');
    const again = await request('/public/pl/tasks/7', { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['content-security-policy']).toBeUndefined();
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
    const other = await request('/public/pl/tasks/7', { 'if-none-match': 'W/"something-else"' });
    expect(other.status).toBe(200);
    const head = await request('/public/pl/tasks/7', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    expect(next.renders).toHaveLength(1);
  });

  it('keeps 404s; passes on other statuses without keeping them; never keeps or shares a cookie', async () => {
    let status = 500;
    const next = fakeNext({
      '/public/pl/tasks/8': () => page(NONCE, 'Błąd', status),
      '/public/pl/tasks/9': () => page(NONCE, 'Ciasteczko', 200, { 'set-cookie': ['a=1; Path=/'] }),
    });
    const cache = createPublicCache({ render: (key) => next.render(key) });
    cache.setRevision(1);
    const { request, passed } = await serveCache(cache);

    const missing = await request('/public/pl/tasks/404');
    expect(missing.status).toBe(404);
    expect((await request('/public/pl/tasks/404')).status).toBe(404);
    expect(next.renders.filter((key) => key === '/public/pl/tasks/404')).toHaveLength(1);

    const failed = await request('/public/pl/tasks/8');
    expect(failed.status).toBe(500);
    expect(failed.headers['cache-control']).toContain('no-store');
    expect(noncesOf(failed).body).toEqual(Array(3).fill(noncesOf(failed).header));
    status = 200;
    expect((await request('/public/pl/tasks/8')).status).toBe(200);
    expect(next.renders.filter((key) => key === '/public/pl/tasks/8')).toHaveLength(2);

    const cookie = await request('/public/pl/tasks/9');
    expect(cookie.status).toBe(299);
    expect(cookie.headers['set-cookie']).toBeUndefined();
    expect(passed).toEqual(['/public/pl/tasks/9']);
    await request('/public/pl/tasks/9');
    expect(next.renders.filter((key) => key === '/public/pl/tasks/9')).toHaveLength(2);
  });

  it('renders a key once for every request that asks while it renders (single flight)', async () => {
    const next = fakeNext({ '/public/pl/tasks/7': () => page(NONCE, 'Zadanie 7') });
    const cache = createPublicCache({ render: (key) => next.render(key) });
    cache.setRevision(1);
    const { request } = await serveCache(cache);
    next.hold();
    const answers = Array.from({ length: 5 }, () => request('/public/pl/tasks/7'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    next.release();
    const all = await Promise.all(answers);
    expect(next.renders).toEqual(['/public/pl/tasks/7']);
    expect(all.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(all.map((answer) => noncesOf(answer).header)).size).toBe(5);
  });

  it('drops everything when the revision changes, and does not keep a render the change overtook', async () => {
    let text = 'stara liczba';
    const next = fakeNext({ '/public/pl/tasks/7': () => page(NONCE, text) });
    const cache = createPublicCache({ render: (key) => next.render(key) });
    cache.setRevision(1);
    const { request } = await serveCache(cache);
    expect((await request('/public/pl/tasks/7')).text).toContain('stara liczba');
    text = 'nowa liczba';
    expect((await request('/public/pl/tasks/7')).text).toContain('stara liczba');
    cache.setRevision(1);
    expect((await request('/public/pl/tasks/7')).text).toContain('stara liczba');
    cache.setRevision(2);
    expect((await request('/public/pl/tasks/7')).text).toContain('nowa liczba');
    expect(next.renders).toHaveLength(2);

    // A render under way when the revision moves: answered, not kept.
    next.hold();
    cache.setRevision(3);
    const during = request('/public/pl/tasks/7');
    await new Promise((resolve) => setTimeout(resolve, 50));
    cache.setRevision(4);
    next.release();
    expect((await during).status).toBe(200);
    expect(cache.peek('/public/pl/tasks/7')).toBeUndefined();
    await request('/public/pl/tasks/7');
    expect(next.renders).toHaveLength(4);
    expect(cache.peek('/public/pl/tasks/7')?.revision).toBe(4);
  });

  it('renders again after the maximum age, and serves nothing from memory when the revision is not read', async () => {
    const time = clock();
    const next = fakeNext({ '/public/pl/tasks/7': () => page(NONCE, 'Zadanie 7') });
    const cache = createPublicCache({ render: (key) => next.render(key), now: time.now });
    const { request } = await serveCache(cache);
    // Before the first reading: rendered, not kept, Next's own Cache-Control.
    const unread = await request('/public/pl/tasks/7');
    expect(unread.headers['cache-control']).toContain('no-store');
    expect(cache.peek('/public/pl/tasks/7')).toBeUndefined();

    cache.setRevision(1);
    await request('/public/pl/tasks/7');
    time.advance(STALE_AFTER_MS - 1);
    await request('/public/pl/tasks/7');
    expect(next.renders).toHaveLength(2);
    time.advance(2);
    await request('/public/pl/tasks/7');
    expect(next.renders).toHaveLength(3);

    // Read again, unchanged: what was kept is current again.
    cache.setRevision(1);
    await request('/public/pl/tasks/7');
    expect(next.renders).toHaveLength(3);
    for (let waited = 0; waited < MAX_AGE_MS; waited += 1_000) {
      time.advance(1_000);
      cache.setRevision(1);
    }
    time.advance(1);
    cache.setRevision(1);
    await request('/public/pl/tasks/7');
    expect(next.renders).toHaveLength(4);
  });

  it('keeps within its byte budget, dropping the least recently used', async () => {
    const pages = Object.fromEntries(
      [1, 2, 3, 4].map((id) => [`/public/pl/tasks/${id}`, () => page(NONCE, `Zadanie ${id}`)]),
    );
    const next = fakeNext(pages);
    const probe = createPublicCache({ render: (key) => next.render(key) });
    probe.setRevision(1);
    const { request: probeRequest } = await serveCache(probe);
    await probeRequest('/public/pl/tasks/1');
    const one = probe.size.bytes;
    expect(one).toBeGreaterThan(0);

    const cache = createPublicCache({ render: (key) => next.render(key), maxBytes: Math.floor(one * 2.5) });
    cache.setRevision(1);
    const { request } = await serveCache(cache);
    for (const id of [1, 2, 3]) await request(`/public/pl/tasks/${id}`);
    expect(cache.size.entries).toBe(2);
    expect(cache.size.bytes).toBeLessThanOrEqual(Math.floor(one * 2.5));
    expect(cache.peek('/public/pl/tasks/1')).toBeUndefined();
    expect(cache.peek('/public/pl/tasks/3')).toBeDefined();
  });
});
