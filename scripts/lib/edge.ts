import http from 'node:http';
import { IMPORT_LIMITS } from '../../lib/cards/limits';

/**
 * The edge of the production server (scripts/serve.ts): what a request must be before Next sees
 * it. Next reads bodies without a limit of its own for routes (its proxy layer copies up to 10 MB
 * of any body), and answers a refused server action with a 500 and a logged "server error"
 * (a foreign Origin, a body over its 1 MB limit, a body it cannot decode). Here each of those is
 * refused with its status before Next is involved, so that Next only ever gets bodies it can read:
 *
 * - the socket: headers within HEADERS_TIMEOUT (else 408, Node's own answer), at most 16 KiB of
 *   them (else 431), the whole request within REQUEST_TIMEOUT (408);
 * - an unsafe method (POST…) from a page of another origin: 403 (Next's rule for server actions,
 *   applied to every route: the Origin's host must be the X-Forwarded-Host, or else the Host);
 * - a body over its route's limit (BODY_LIMITS): 413 at once when Content-Length says so,
 *   otherwise as soon as the bytes that arrived pass the limit (the rest is read and dropped
 *   for LINGER_MS, so that the sender gets the answer, then the connection is cut);
 * - multipart with more than MAX_FORM_FIELDS parts: 413;
 * - a server action (a POST with a Next-Action header) in another encoding than Next's client
 *   sends (text/plain JSON of the arguments, or multipart form data whose numbered fields are
 *   JSON), or JSON nested deeper than MAX_JSON_DEPTH (React's decoder recurses and overflows
 *   the stack near 10,000 levels): 400; malformed multipart to any route: 400.
 *
 * An action id Next does not know stays Next's answer: 400 for an id of the wrong form, 409
 * ("Server Action unavailable", a header the client router reads as "reload") for a well-formed
 * one from another build; both are logged as warnings, not errors.
 *
 * A request with a body is read here in full (it is at most its limit) before it takes its place
 * in the queue, so a slow sender holds a connection, never one of the queue's places; Next then
 * gets a copy of the request with the body already there.
 */

/** Server settings (http.createServer options and properties). */
export const SERVER_SETTINGS = {
  /** The request line and headers must arrive within this (slowloris): then 408 and closed. */
  headersTimeout: 10_000,
  /** The whole request, body included: a 5 MB upload at 50 kB/s still fits. */
  requestTimeout: 120_000,
  /** An idle kept-alive connection is closed after this. A reverse proxy must close sooner. */
  keepAliveTimeout: 5_000,
  /** Request line and headers (cookies included) at most this: else 431. Node's default. */
  maxHeaderSize: 16 * 1024,
  /** How often Node looks for connections past headersTimeout/requestTimeout (default 30 s). */
  connectionsCheckingInterval: 1_000,
} as const;

/** The largest body each kind of request may send, in bytes. */
export const BODY_LIMITS = {
  /** The card import's upload (its route allows the file plus the form around it). */
  importUpload: IMPORT_LIMITS.fileBytes + 64 * 1024,
  /** A server action, or a form posted to a page: Next's own default bodySizeLimit. */
  action: 1024 * 1024,
  /** Everything else: sign-in forms, and bodies nobody should send. */
  other: 64 * 1024,
} as const;

/** Deeper JSON in a server action's arguments is refused (the app's deepest is below 10). */
export const MAX_JSON_DEPTH = 100;

/**
 * More parts in a multipart body are refused (413) before it is parsed. Next's client sends form
 * data only for arguments that hold a FormData, a file or the like (the locale switch: 2 fields);
 * the import upload sends 1. Parsing 10,000 fields costs Next and React near a second.
 */
export const MAX_FORM_FIELDS = 1_000;

export interface Refusal {
  status: 400 | 403 | 413;
  contentType: string;
  body: string;
}

export interface RequestHead {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const IMPORT_UPLOAD = /^\/import\/upload\/?(?:\?|$)/;
/**
 * An evidence upload to a task card or a report (app/api/attachments/[taskId] and …/[year]): its
 * body streams to the route, never read here.
 */
const ATTACHMENT_UPLOAD = /^\/api\/attachments\/\d+(?:\/\d+)?\/?(?:\?|$)/;

/** The largest evidence file (ATTACHMENT_MAX_FILE_MB, as lib/env.ts reads it), in bytes. */
function attachmentLimit(): number {
  const megabytes = Number(process.env.ATTACHMENT_MAX_FILE_MB || 20);
  return (Number.isInteger(megabytes) && megabytes > 0 ? megabytes : 20) * 1024 * 1024;
}

/**
 * An evidence upload is the one body that is not read here: up to 20 MB, it goes to its route as
 * it arrives, which counts the bytes itself and stores them a chunk at a time (lib/discussion/
 * attachments.ts). Read here in full, every upload would cost the server its size in memory.
 */
export function isStreamedUpload(request: RequestHead): boolean {
  return request.method === 'POST' && ATTACHMENT_UPLOAD.test(request.url ?? '/');
}

function plain(status: Refusal['status'], body: string): Refusal {
  return { status, contentType: 'text/plain; charset=utf-8', body };
}

/** Is this a server action call from Next's client (a POST with a Next-Action header)? */
export function isActionCall(request: RequestHead): boolean {
  return request.method === 'POST' && request.headers['next-action'] !== undefined;
}

/** The body limit of this request (BODY_LIMITS). */
export function bodyLimitFor(request: RequestHead): number {
  const url = request.url ?? '/';
  if (IMPORT_UPLOAD.test(url)) return BODY_LIMITS.importUpload;
  if (isStreamedUpload(request)) return attachmentLimit();
  if (isActionCall(request)) return BODY_LIMITS.action;
  // A form posted to a page is a server action too, before the page's script has loaded.
  if (request.method === 'POST' && !url.startsWith('/api/')) return BODY_LIMITS.action;
  return BODY_LIMITS.other;
}

/** The 413 for a body over the limit; the import screen reads its own JSON shape. */
export function tooLarge(request: RequestHead): Refusal {
  const limit = bodyLimitFor(request);
  if (IMPORT_UPLOAD.test(request.url ?? '/') || isStreamedUpload(request)) {
    return {
      status: 413,
      contentType: 'application/json',
      body: JSON.stringify({ status: 'error', code: 'invalid', fieldErrors: { file: ['tooLarge'] } }),
    };
  }
  return plain(413, `Request body over ${limit} bytes.`);
}

/** Does the request declare a body (Content-Length above zero, or a chunked one)? */
export function hasBody(request: RequestHead): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

/**
 * The refusal of a request judged by its head alone, or null: a foreign Origin on an unsafe
 * method (403), a declared body over the limit (413), a server action in another encoding (400).
 */
export function checkHead(request: RequestHead): Refusal | null {
  const method = request.method ?? 'GET';
  if (!SAFE_METHODS.has(method) && !isSameOrigin(request.headers)) {
    return plain(403, 'Cross-origin request refused.');
  }
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > bodyLimitFor(request)) return tooLarge(request);
  if (isActionCall(request) && actionEncoding(request.headers['content-type']) === undefined) {
    return plain(400, 'Invalid Server Action request.');
  }
  return null;
}

/**
 * Next's check for server actions (action-handler.js): with an Origin, its host must equal the
 * first X-Forwarded-Host, or the Host when there is none. No Origin (not a browser, or an old
 * one) passes, as in Next. An Origin that is no URL, or "null" (a sandboxed or redirected page),
 * does not. Since X-Forwarded-Host is trusted, a reverse proxy must overwrite it.
 */
export function isSameOrigin(headers: http.IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = headers['x-forwarded-host'];
  const forwardedHost = (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0])?.trim();
  const host = forwardedHost || headers.host;
  return originHost !== '' && originHost === host;
}

/** How Next's client encodes a server action's arguments, from the Content-Type. */
export function actionEncoding(contentType: string | undefined): 'text' | 'multipart' | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/plain') return 'text';
  if (type === 'multipart/form-data' && /;\s*boundary=/i.test(contentType ?? '')) return 'multipart';
  return undefined;
}

/**
 * How deep JSON text nests its arrays and objects (brackets inside strings do not count). Not a
 * validator: JSON.parse is that.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** A row of a server action's arguments: JSON of at most MAX_JSON_DEPTH levels. */
function isJsonRow(text: string): boolean {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** How many parts a multipart body has, at most (its boundary's occurrences, counted not parsed). */
export function countParts(contentType: string, body: Buffer): number {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return 0;
  const delimiter = Buffer.from(`--${boundary}`);
  let count = 0;
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + delimiter.length))
    count++;
  return Math.max(0, count - 1); // the last one closes the body
}

/**
 * The refusal of a body that arrived in full, or null. A server action's: text/plain must be a
 * JSON array (the arguments); multipart must parse, hold the arguments in field "0" as a JSON
 * array, and every numbered field (React's outlined values) must be JSON; no JSON deeper than
 * MAX_JSON_DEPTH. Any other multipart body must parse.
 */
export async function checkBody(request: RequestHead, body: Buffer): Promise<Refusal | null> {
  const contentType = request.headers['content-type'];
  const invalid = plain(
    400,
    isActionCall(request) ? 'Invalid Server Action request.' : 'Malformed request body.',
  );
  if (isActionCall(request)) {
    if (actionEncoding(contentType) === 'text') {
      const text = body.toString('utf8');
      return isJsonRow(text) && text.trimStart().startsWith('[') ? null : invalid;
    }
  } else if (actionEncoding(contentType) !== 'multipart') {
    return null;
  }
  if (countParts(contentType ?? '', body) > MAX_FORM_FIELDS) {
    return plain(413, `More than ${MAX_FORM_FIELDS} form fields.`);
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType ?? '' },
    }).formData();
  } catch {
    return invalid;
  }
  if (!isActionCall(request)) return null;
  const root = form.get('0');
  if (typeof root !== 'string' || !root.trimStart().startsWith('[')) return invalid;
  for (const [name, value] of form) {
    if (/^\d+$/.test(name) && (typeof value !== 'string' || !isJsonRow(value))) return invalid;
  }
  return null;
}

/** How long the rest of a refused body is read (and dropped) before the connection is cut. */
export const LINGER_MS = 5_000;

/**
 * Answers a refusal. The rest of a refused body is read and dropped, for LINGER_MS at most:
 * a client still sending would otherwise get a broken connection instead of the answer (the
 * sender of a 50 MB body the 413 at once, and its connection cut after LINGER_MS).
 */
export function refuse(request: http.IncomingMessage, response: http.ServerResponse, refusal: Refusal) {
  response.writeHead(refusal.status, {
    'content-type': refusal.contentType,
    'content-length': Buffer.byteLength(refusal.body),
    'cache-control': 'no-store',
  });
  response.end(refusal.body);
  if (request.readableEnded) return;
  const cut = setTimeout(() => request.socket.destroy(), LINGER_MS);
  cut.unref();
  request.once('end', () => clearTimeout(cut));
  request.once('close', () => clearTimeout(cut));
  request.resume();
}

/**
 * Reads a request's body, at most `limit` bytes: the bytes, or 'tooLarge' as soon as more arrive,
 * or 'gone' when the visitor goes (or the server's requestTimeout ends the request) before the end.
 */
export function readBody(
  request: http.IncomingMessage,
  limit: number,
): Promise<Buffer | 'tooLarge' | 'gone'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'tooLarge' | 'gone') => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish('tooLarge');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onClose = () => finish('gone');
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('close', onClose);
  });
}

/**
 * A copy of a request whose body has been read: the same socket, method, URL and headers, and
 * the body, for Next to read as it would the original.
 */
export function withBody(request: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const copy = new http.IncomingMessage(request.socket);
  copy.method = request.method;
  copy.url = request.url;
  copy.httpVersion = request.httpVersion;
  copy.httpVersionMajor = request.httpVersionMajor;
  copy.httpVersionMinor = request.httpVersionMinor;
  const headers = { ...request.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  copy.headers = headers;
  copy.rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value ?? '']).flatMap((one) => [name, one]),
  );
  copy.complete = true;
  // The body is all here: reading it must not touch the socket (the next request's bytes).
  copy._read = () => {};
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * Admits a request past the edge: calls `pass` with the request (or its copy with the body read)
 * when it may go on to Next, or answers the refusal itself. The server's 'checkContinue' event
 * must come here too (Node answers 100 Continue by itself otherwise, before the head is checked).
 */
export async function admit(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  pass: (request: http.IncomingMessage) => void,
): Promise<void> {
  try {
    const refusal = checkHead(request);
    if (refusal) return refuse(request, response, refusal);
    if (!hasBody(request)) return pass(request);
    // A client that asked whether to send its body (Expect: 100-continue) is told to now; one whose
    // body is over the limit got its 413 above instead, and sends nothing.
    if (/100-continue/i.test(request.headers.expect ?? '')) response.writeContinue();
    if (isStreamedUpload(request)) return pass(request);
    const body = await readBody(request, bodyLimitFor(request));
    if (body === 'gone') return;
    if (body === 'tooLarge') return refuse(request, response, tooLarge(request));
    const bad = await checkBody(request, body);
    if (bad) return refuse(request, response, bad);
    pass(withBody(request, body));
  } catch (error) {
    // A fault of the edge itself: the request's 500, never the process.
    console.error(error);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  }
}
