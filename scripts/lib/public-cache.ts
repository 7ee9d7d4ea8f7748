import crypto from 'node:crypto';
import type http from 'node:http';
import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { newNonce } from '../../lib/http/front-door';

/**
 * The public pages' response cache (issue 21), in front of Next in each serving process
 * (scripts/serve.ts). The public pages and open-data files are the same for every visitor, so each
 * is rendered once per revision of the public data and then answered from memory, without Next or
 * the request queue:
 *
 * - What: GET and HEAD of `/public` and the paths under it, `/sitemap.xml` and `/robots.txt`, whatever the
 *   cookies (publicCacheKey). The key is the path and the query; the query may hold only the search
 *   page's `q`, `department` and `status` (sorted, so that their order does not matter). Any other
 *   parameter, such as the router's `_rsc`, and the router's own requests (RSC, prefetch), Range
 *   requests, and keys over MAX_KEY_LENGTH are not cached: Next answers them as before. Stored:
 *   200s and 404s that set no cookie (an unpublished strategy's 404 changes with the revision
 *   like the rest); anything else is passed on to the visitors who waited for it, never kept.
 * - Freshness: every entry belongs to the public revision (lib/public/revision.ts) seen before its
 *   render began; serve.ts reads the revision about once a second (POLL_MS) and setRevision drops
 *   every entry when it changes (a restore may lower it: any change drops). A render that was under
 *   way when the revision moved is answered to its waiters but not kept. When no reading has
 *   succeeded for STALE_AFTER_MS (the database is away), nothing is served from memory and nothing
 *   kept: the cache cannot tell that it is still current. Entries also end after MAX_AGE_MS.
 * - Memory: an LRU (lru-cache) of at most MAX_BYTES of bodies and headers per process.
 * - Filling: one render per key at a time (single flight): concurrent misses of a key wait for it.
 * - The CSP nonce: Next puts the request's nonce in the Content-Security-Policy header and in its
 *   script tags. Each answer from memory gets a fresh one, in the header and in the body, at the
 *   places the rendered nonce was found.
 * - HTTP caching: the entry's own Cache-Control (PUBLIC_CACHE_CONTROL), a weak ETag of the body with
 *   its nonce taken out, and 304 for a matching If-None-Match (without a Content-Security-Policy:
 *   the client keeps the body it had, with the policy that came with it).
 * - Compression: gzip when the client accepts it. The body is compressed once, when stored, in
 *   independent pieces between the nonces (deflate blocks ended by a full flush, which start from
 *   an empty dictionary); an answer puts the fresh nonce between them as a stored (uncompressed)
 *   block and adds the gzip frame, so that no answer compresses anything.
 */

/** The budget of one process's cache: bodies (plain and compressed), headers and keys. */
export const MAX_BYTES = 32 * 1024 * 1024;
/** A safety net: an entry is rendered again after this even if the revision did not move. */
export const MAX_AGE_MS = 60_000;
/** Longer keys (path and query) are not cached. */
export const MAX_KEY_LENGTH = 512;
/** How often serve.ts reads the public revision. */
export const POLL_MS = 1_000;
/** Without a successful reading of the revision for this long, the cache is not used. */
export const STALE_AFTER_MS = 5_000;

/**
 * The Cache-Control of a cached public answer, for browsers and a shared cache in front (a reverse
 * proxy or a CDN). Browsers: max-age=0, so they ask again each time, with If-None-Match, and
 * mostly get a 304. A shared cache: fresh for 2 s (s-maxage), then for 2 s more it may answer the
 * old copy while it asks us again in the background (stale-while-revalidate). A change thus
 * reaches a visitor of the shared cache within about 5 s (our reading of the revision, ≤ 1 s,
 * plus 2 + 2 s), the promise the pages make without one; each URL costs the app about one
 * revalidation per 2 s per cache node, answered from memory.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=2, stale-while-revalidate=2';

/** The search page's parameters, the only query a cached key may hold. */
const SEARCH_PARAMETERS = new Set(['q', 'department', 'status']);
const SEARCH_PATH = /^\/public\/[^/]+\/strategies\/[^/]+\/search$/;
const PUBLIC_PATH = /^\/(?:public(?:\/|$)|sitemap\.xml$|robots\.txt$)/;
/** Headers of Next's client router (an RSC payload, not the page) and of a partial request. */
const VARIANT_HEADERS = [
  'rsc',
  'next-router-prefetch',
  'next-router-state-tree',
  'next-router-segment-prefetch',
  'next-action',
  'range',
];

/**
 * The cache key of a request, or null when the cache does not apply to it (Next answers it as
 * before): the method, the path, the query and the router's headers decide; cookies do not.
 */
export function publicCacheKey(request: {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
}): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url ?? '';
  if (url.length > MAX_KEY_LENGTH || !url.startsWith('/')) return null;
  if (VARIANT_HEADERS.some((name) => request.headers[name] !== undefined)) return null;
  const at = url.indexOf('?');
  const pathname = at === -1 ? url : url.slice(0, at);
  if (!PUBLIC_PATH.test(pathname)) return null;
  const query = at === -1 ? '' : url.slice(at + 1);
  if (query === '') return pathname;
  if (!SEARCH_PATH.test(pathname)) return null;
  const parameters = new URLSearchParams(query);
  for (const name of parameters.keys()) if (!SEARCH_PARAMETERS.has(name)) return null;
  parameters.sort();
  const normalised = parameters.toString();
  return normalised === '' ? pathname : `${pathname}?${normalised}`;
}

/** What Next answered for a key: the status, its headers (names in lower case) and the whole body. */
export interface Rendered {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One kept answer. */
export interface Entry {
  status: number;
  /** Next's headers minus the hop-by-hop ones, Set-Cookie and those set per answer. */
  headers: [string, string][];
  /** The body cut at every occurrence of the rendered nonce (one piece when there is none). */
  pieces: Buffer[];
  /** The same pieces, each raw-deflated and ended by a full flush (compressible types only). */
  deflated: Buffer[] | null;
  /** The rendered nonce (replaced in the headers of each answer), or null. */
  nonce: string | null;
  etag: string;
  /** Next's Vary (the router's headers) with Accept-Encoding. */
  vary: string;
  revision: number;
  size: number;
}

/** Headers of one connection (RFC 9110, 7.6.1), never passed on; and the length, recomputed. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'content-length',
]);
/** Headers never kept in an entry: hop-by-hop, not to be shared, or set per answer. */
const DROPPED_HEADERS = new Set([...HOP_BY_HOP, 'set-cookie', 'date', 'etag', 'cache-control', 'vary']);

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|xml|javascript|[\w.+-]*\+(?:json|xml)))/i;
/** Bodies smaller than this are sent plain (Next's own threshold). */
const COMPRESS_FROM_BYTES = 1024;

function headerValues(value: string | string[] | number | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}

/** The nonce of a Content-Security-Policy (`'nonce-…'` in its script-src), or null. */
export function nonceOf(headers: http.IncomingHttpHeaders): string | null {
  const policy = headerValues(headers['content-security-policy']).join(';');
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy)?.[1] ?? null;
}

/** The body cut at every occurrence of `nonce`. */
export function splitAt(body: Buffer, nonce: string | null): Buffer[] {
  if (!nonce) return [body];
  const needle = Buffer.from(nonce);
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, from)) {
    pieces.push(body.subarray(from, at));
    from = at + needle.length;
  }
  pieces.push(body.subarray(from));
  return pieces;
}

/** Raw deflate of one piece, ended by a full flush: it can be followed by any other such piece. */
function deflatePiece(piece: Buffer): Buffer {
  return zlib.deflateRawSync(piece, { level: 6, finishFlush: zlib.constants.Z_FULL_FLUSH });
}
/**
 * A deflate block that stores `bytes` as they are (not final; at most 65,535 bytes): it starts on a
 * byte boundary, as every piece ends with a full flush, so it is 5 bytes of header and the bytes.
 */
function storedBlock(bytes: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt16LE(bytes.length, 1);
  head.writeUInt16LE(~bytes.length & 0xffff, 3);
  return Buffer.concat([head, bytes]);
}
/** The last block of a deflate stream: empty, marked final. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));
/** The gzip header: deflate, no name, no time, unknown system. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * The weak ETag of an answer: its status, type and body with the nonce taken out. Weak because each
 * answer's bytes differ by their nonce; equal in meaning, which is what If-None-Match asks.
 * The revision is not in it: a page that a change elsewhere did not touch keeps its ETag, and
 * clients and shared caches keep getting 304s for it.
 */
export function etagOf(status: number, contentType: string, pieces: Buffer[]): string {
  const hash = crypto.createHash('sha256');
  hash.update(`${status}\n${contentType}\n`);
  pieces.forEach((piece, index) => {
    if (index > 0) hash.update('\0nonce\0');
    hash.update(piece);
  });
  return `W/"${hash.digest('base64url').slice(0, 32)}"`;
}

/** Does an If-None-Match header match this ETag (weak comparison, or `*`)? */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Does the client accept gzip (Accept-Encoding with gzip, or `*`, not at q=0)? */
export function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const value = headerValues(acceptEncoding).join(',');
  return value.split(',').some((part) => {
    const [coding, ...parameters] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip' && coding?.trim() !== '*') return false;
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)/.exec(parameter)?.[1]).find(Boolean);
    return q === undefined || Number(q) > 0;
  });
}

/** Can this rendered answer be kept? A 200 or 404, no cookie, not already encoded. */
export function isStorable(rendered: Rendered): boolean {
  return (
    (rendered.status === 200 || rendered.status === 404) &&
    rendered.headers['set-cookie'] === undefined &&
    rendered.headers['content-encoding'] === undefined
  );
}

/** An entry of a rendered answer, at `revision`. */
export function entryOf(rendered: Rendered, revision: number): Entry {
  const nonce = nonceOf(rendered.headers);
  const pieces = splitAt(rendered.body, nonce);
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (DROPPED_HEADERS.has(name)) continue;
    for (const one of headerValues(value)) headers.push([name, one]);
  }
  const contentType = headerValues(rendered.headers['content-type'])[0] ?? '';
  const deflated =
    COMPRESSIBLE.test(contentType) && rendered.body.length >= COMPRESS_FROM_BYTES
      ? pieces.map(deflatePiece)
      : null;
  const size =
    rendered.body.length +
    (deflated?.reduce((sum, piece) => sum + piece.length, 0) ?? 0) +
    headers.reduce((sum, [name, value]) => sum + name.length + value.length, 0) +
    256;
  return {
    status: rendered.status,
    headers,
    pieces,
    deflated,
    nonce,
    etag: etagOf(rendered.status, contentType, pieces),
    vary: varyOf(rendered.headers),
    revision,
    size,
  };
}

/** The Vary of a cached answer: Next's (the router's headers), and Accept-Encoding. */
function varyOf(headers: http.IncomingHttpHeaders): string {
  const names = headerValues(headers.vary)
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names.some((name) => name.toLowerCase() === 'accept-encoding')) names.push('Accept-Encoding');
  return names.join(', ');
}

/**
 * The body of one answer in parts, to be written one after the other without copying them into
 * one buffer: the pieces with `nonce` between them, plain or gzipped.
 */
export function bodyParts(entry: Entry, nonce: string, gzip: boolean): Buffer[] {
  const nonceBytes = Buffer.from(nonce);
  if (!gzip || !entry.deflated) {
    const parts: Buffer[] = [];
    entry.pieces.forEach((piece, index) => {
      if (index > 0) parts.push(nonceBytes);
      parts.push(piece);
    });
    return parts;
  }
  const storedNonce = entry.pieces.length > 1 ? storedBlock(nonceBytes) : null;
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  entry.pieces.forEach((piece, index) => {
    if (index > 0) {
      parts.push(storedNonce!);
      crc = zlib.crc32(nonceBytes, crc);
      length += nonceBytes.length;
    }
    parts.push(entry.deflated![index]!);
    crc = zlib.crc32(piece, crc);
    length += piece.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  parts.push(FINAL_BLOCK, trailer);
  return parts;
}

/** The body of one answer in one buffer. */
export function bodyWith(entry: Entry, nonce: string, gzip: boolean): Buffer {
  return Buffer.concat(bodyParts(entry, nonce, gzip));
}

/** Writes an entry as the answer to `request`: 304, or its status, headers and (GET) body. */
export function answerFromEntry(
  entry: Entry,
  request: Pick<http.IncomingMessage, 'method' | 'headers'>,
  response: http.ServerResponse,
  nonce: string = newNonce(),
) {
  if (entry.status === 200 && matchesEtag(request.headers['if-none-match'], entry.etag)) {
    response.writeHead(304, { etag: entry.etag, 'cache-control': PUBLIC_CACHE_CONTROL, vary: entry.vary });
    response.end();
    return;
  }
  const gzip = entry.deflated !== null && acceptsGzip(request.headers['accept-encoding']);
  const parts = bodyParts(entry, nonce, gzip);
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const headers: [string, string][] = [];
  for (const [name, value] of entry.headers) {
    headers.push([name, entry.nonce ? value.replaceAll(entry.nonce, nonce) : value]);
  }
  headers.push(
    ['cache-control', PUBLIC_CACHE_CONTROL],
    ['etag', entry.etag],
    ['vary', entry.vary],
    ['content-length', String(length)],
  );
  if (gzip) headers.push(['content-encoding', 'gzip']);
  response.writeHead(entry.status, headers.flat());
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  // Corked, the head and the parts leave in one writev; end() uncorks.
  response.cork();
  for (const part of parts) response.write(part);
  response.end();
}

/** Writes a rendered answer that is not kept (a redirect, an error) as Next gave it, nonce renewed. */
export function answerAsRendered(
  rendered: Rendered,
  request: Pick<http.IncomingMessage, 'method'>,
  response: http.ServerResponse,
  nonce: string = newNonce(),
) {
  const old = nonceOf(rendered.headers);
  const pieces = splitAt(rendered.body, old);
  const body = Buffer.concat(
    pieces.flatMap((piece, index) => (index > 0 ? [Buffer.from(nonce), piece] : [piece])),
  );
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(rendered.headers)) {
    if (HOP_BY_HOP.has(name) || name === 'date') continue;
    for (const one of headerValues(value)) headers.push([name, old ? one.replaceAll(old, nonce) : one]);
  }
  headers.push(['content-length', String(body.length)]);
  response.writeHead(rendered.status, headers.flat());
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** What a flight (one render of a key) ended with. */
type Outcome =
  | { kind: 'entry'; entry: Entry }
  | { kind: 'rendered'; rendered: Rendered }
  /** The render failed or set a cookie: each waiter goes to Next itself. */
  | { kind: 'pass' };

export interface PublicCacheOptions {
  /** Renders the key through Next (without the cache), as an anonymous GET. */
  render(key: string): Promise<Rendered>;
  maxBytes?: number;
  maxAgeMs?: number;
  staleAfterMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
  /** Called after each render (serve.ts logs it when PUBLIC_CACHE_LOG is set). */
  onRender?: (key: string, rendered: Rendered, revision: number) => void;
}

export type PublicCache = ReturnType<typeof createPublicCache>;

export function createPublicCache(options: PublicCacheOptions) {
  const now = options.now ?? (() => performance.now());
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  const entries = new LRUCache<string, Entry>({
    maxSize: options.maxBytes ?? MAX_BYTES,
    sizeCalculation: (entry, key) => entry.size + key.length,
    ttl: options.maxAgeMs ?? MAX_AGE_MS,
    perf: { now },
    // Ask `now` at every lookup: lru-cache otherwise keeps a reading for up to 1 ms, refreshed by a
    // timer, which a clock other than the real one (the tests') does not move.
    ttlResolution: 0,
  });
  const flights = new Map<string, Promise<Outcome>>();
  let revision: number | null = null;
  let readAt = -Infinity;
  const stats = { hits: 0, renders: 0, passes: 0 };

  /** Is the last reading of the revision recent enough to trust what is kept? */
  const current = () => revision !== null && now() - readAt <= staleAfterMs;

  function fly(key: string): Promise<Outcome> {
    const startedAt = revision;
    const flight = (async (): Promise<Outcome> => {
      let rendered: Rendered;
      try {
        rendered = await options.render(key);
      } catch (error) {
        console.error(`[public-cache] rendering ${key} failed:`, error);
        return { kind: 'pass' };
      }
      stats.renders++;
      options.onRender?.(key, rendered, startedAt ?? -1);
      if (rendered.headers['set-cookie'] !== undefined) return { kind: 'pass' };
      if (!isStorable(rendered) || startedAt === null) return { kind: 'rendered', rendered };
      const entry = entryOf(rendered, startedAt);
      // Kept only if the revision did not move while it rendered (then it may show older data).
      if (startedAt === revision && current()) entries.set(key, entry);
      return { kind: 'entry', entry };
    })();
    flights.set(key, flight);
    void flight.finally(() => {
      if (flights.get(key) === flight) flights.delete(key);
    });
    return flight;
  }

  return {
    stats,
    /** The last revision read, or null before the first reading. */
    get revision() {
      return revision;
    },
    /** How many entries are kept, and their bytes. */
    get size() {
      return { entries: entries.size, bytes: entries.calculatedSize };
    },
    /** A reading of the public revision: a change drops every entry and every flight under way. */
    setRevision(value: number) {
      readAt = now();
      if (value === revision) return;
      revision = value;
      entries.clear();
      flights.clear();
    },
    /** The entry of a key, if kept and current (for tests). */
    peek(key: string): Entry | undefined {
      return current() ? entries.get(key) : undefined;
    },
    /**
     * Answers a request of `key` from memory, or renders it once for everyone who asks meanwhile;
     * calls `pass` when Next must answer this request itself (the render failed or set a cookie).
     */
    async serve(
      key: string,
      request: http.IncomingMessage,
      response: http.ServerResponse,
      pass: () => void,
    ): Promise<void> {
      if (current()) {
        const entry = entries.get(key);
        if (entry) {
          stats.hits++;
          answerFromEntry(entry, request, response);
          return;
        }
      }
      const outcome = await (flights.get(key) ?? fly(key));
      if (response.destroyed) return;
      if (outcome.kind === 'entry') answerFromEntry(outcome.entry, request, response);
      else if (outcome.kind === 'rendered') answerAsRendered(outcome.rendered, request, response);
      else {
        stats.passes++;
        pass();
      }
    },
  };
}
