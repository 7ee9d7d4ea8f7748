import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '@/lib/cards/limits';
import {
  BODY_LIMITS,
  MAX_FORM_FIELDS,
  MAX_JSON_DEPTH,
  SERVER_SETTINGS,
  type RequestHead,
  actionEncoding,
  admit,
  bodyLimitFor,
  checkBody,
  checkHead,
  countParts,
  isSameOrigin,
  jsonDepth,
} from '@/scripts/lib/edge';

const HOST = 'monitor.leszno.pl';
const ACTION_ID = '40' + 'ab'.repeat(20);

function head(method: string, url: string, headers: http.IncomingHttpHeaders = {}): RequestHead {
  return { method, url, headers: { host: HOST, ...headers } };
}
function action(headers: http.IncomingHttpHeaders = {}): RequestHead {
  return head('POST', '/tasks/1', {
    'next-action': ACTION_ID,
    origin: `https://${HOST}`,
    'content-type': 'text/plain;charset=UTF-8',
    ...headers,
  });
}

/** A multipart body as a browser's FormData makes it: the bytes and their Content-Type. */
async function multipart(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = new Response(form);
  return {
    contentType: response.headers.get('content-type')!,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

describe('body limits', () => {
  it('gives the import upload its file and form, an action 1 MB, the rest 64 kB', () => {
    expect(bodyLimitFor(head('POST', '/import/upload'))).toBe(IMPORT_LIMITS.fileBytes + 64 * 1024);
    expect(bodyLimitFor(head('POST', '/import/upload?x=1'))).toBe(BODY_LIMITS.importUpload);
    expect(bodyLimitFor(action())).toBe(1024 * 1024);
    // A form posted to a page before its script loaded is an action too.
    expect(bodyLimitFor(head('POST', '/tasks/1', { 'content-type': 'multipart/form-data' }))).toBe(
      BODY_LIMITS.action,
    );
    expect(bodyLimitFor(head('POST', '/api/auth/callback/credentials'))).toBe(64 * 1024);
    expect(bodyLimitFor(head('GET', '/'))).toBe(BODY_LIMITS.other);
    expect(bodyLimitFor(head('POST', '/import/uploads'))).toBe(BODY_LIMITS.action);
  });

  it('refuses a declared body over the limit with 413, one at the limit passes', () => {
    const at = String(BODY_LIMITS.action);
    expect(checkHead(action({ 'content-length': at }))).toBeNull();
    expect(checkHead(action({ 'content-length': String(BODY_LIMITS.action + 1) }))?.status).toBe(413);
    const upload = head('POST', '/import/upload', { 'content-length': String(50 * 1024 * 1024) });
    const refusal = checkHead(upload);
    expect(refusal?.status).toBe(413);
    // The import screen reads the route's own answer: the same shape comes from the edge.
    expect(JSON.parse(refusal!.body)).toEqual({
      status: 'error',
      code: 'invalid',
      fieldErrors: { file: ['tooLarge'] },
    });
  });
});

describe('origin', () => {
  it('passes a request from the same host, or one without an Origin', () => {
    expect(isSameOrigin({ host: HOST, origin: `https://${HOST}` })).toBe(true);
    expect(isSameOrigin({ host: HOST })).toBe(true);
    expect(isSameOrigin({ host: 'localhost:3000', origin: 'http://localhost:3000' })).toBe(true);
  });

  it('compares with X-Forwarded-Host (its first value) when there is one, as Next does', () => {
    const behindProxy = { host: '127.0.0.1:3000', 'x-forwarded-host': HOST };
    expect(isSameOrigin({ ...behindProxy, origin: `https://${HOST}` })).toBe(true);
    expect(isSameOrigin({ ...behindProxy, 'x-forwarded-host': `${HOST}, evil.example` })).toBe(true);
    expect(isSameOrigin({ ...behindProxy, origin: 'http://127.0.0.1:3000' })).toBe(false);
  });

  it('refuses another host or port, "null" and an Origin that is no URL', () => {
    for (const origin of ['https://evil.example', `https://${HOST}:8443`, 'null', 'x', '']) {
      expect(isSameOrigin({ host: HOST, origin })).toBe(false);
    }
    expect(isSameOrigin({ origin: `https://${HOST}` })).toBe(false);
  });

  it('refuses a foreign Origin with 403 on unsafe methods only', () => {
    const foreign = { origin: 'https://evil.example' };
    expect(checkHead(action(foreign))?.status).toBe(403);
    expect(checkHead(head('POST', '/api/auth/callback/credentials', foreign))?.status).toBe(403);
    expect(checkHead(head('DELETE', '/x', foreign))?.status).toBe(403);
    expect(checkHead(head('GET', '/', foreign))).toBeNull();
    expect(checkHead(head('HEAD', '/', foreign))).toBeNull();
  });
});

describe('server action encoding', () => {
  it("knows Next's client's two encodings", () => {
    expect(actionEncoding('text/plain;charset=UTF-8')).toBe('text');
    expect(actionEncoding('multipart/form-data; boundary=----x')).toBe('multipart');
    expect(actionEncoding('multipart/form-data')).toBeUndefined();
    expect(actionEncoding('application/json')).toBeUndefined();
    expect(actionEncoding('application/x-www-form-urlencoded')).toBeUndefined();
    expect(actionEncoding(undefined)).toBeUndefined();
  });

  it('refuses an action in another encoding with 400 before its body is read', () => {
    expect(checkHead(action({ 'content-type': 'application/json' }))?.status).toBe(400);
    expect(checkHead(action({ 'content-type': undefined }))?.status).toBe(400);
    expect(checkHead(action())).toBeNull();
    // Without the Next-Action header a JSON body is a route's business.
    expect(checkHead(head('POST', '/api/x', { 'content-type': 'application/json' }))).toBeNull();
  });

  it('measures JSON depth, brackets in strings not counted', () => {
    expect(jsonDepth('"x"')).toBe(0);
    expect(jsonDepth('[1,{"a":[2]}]')).toBe(3);
    expect(jsonDepth('["[[[[", "\\"[[["]')).toBe(1);
    expect(jsonDepth('['.repeat(10_000) + ']'.repeat(10_000))).toBe(10_000);
  });

  it('passes the bodies the client sends: JSON arguments, or form data with them in field 0', async () => {
    expect(await checkBody(action(), Buffer.from('["pl",{"a":[1,2]}]'))).toBeNull();
    const form = await multipart({ '0': '["$K1"]', '1_locale': 'pl', '1_note': '[[[[ not json' });
    expect(await checkBody(action({ 'content-type': form.contentType }), form.body)).toBeNull();
  });

  it('refuses garbage, arguments that are no list, and JSON nested too deep, with 400', async () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    const notDeep = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    for (const text of ['garbage{', '"pl"', '{"0":1}', deep, '']) {
      expect((await checkBody(action(), Buffer.from(text)))?.status, text.slice(0, 20)).toBe(400);
    }
    expect(await checkBody(action(), Buffer.from(notDeep))).toBeNull();

    const garbage = action({ 'content-type': 'multipart/form-data; boundary=XYZ' });
    expect((await checkBody(garbage, Buffer.from('garbage')))?.status).toBe(400);
    const bad: Record<string, string>[] = [
      { x: '1' },
      { '0': '"pl"' },
      { '0': deep },
      { '0': '["$1"]', '1': 'nope' },
    ];
    for (const fields of bad) {
      const form = await multipart(fields);
      const refusal = await checkBody(action({ 'content-type': form.contentType }), form.body);
      expect(refusal?.status, JSON.stringify(fields).slice(0, 40)).toBe(400);
    }
  });

  it('counts the parts of a multipart body, and refuses more than MAX_FORM_FIELDS with 413', async () => {
    const fields = (count: number) =>
      Object.fromEntries([
        ['0', '["$K1"]'],
        ...Array.from({ length: count - 1 }, (_, i) => [`1_f${i}`, '1']),
      ]);
    const few = await multipart({ '0': '["$K1"]', '1_locale': 'pl' });
    expect(countParts(few.contentType, few.body)).toBe(2);
    expect(countParts('multipart/form-data; boundary="q"', Buffer.from('--q\r\n\r\nx\r\n--q--'))).toBe(1);
    expect(countParts('multipart/form-data', few.body)).toBe(0);
    const most = await multipart(fields(MAX_FORM_FIELDS));
    expect(await checkBody(action({ 'content-type': most.contentType }), most.body)).toBeNull();
    const many = await multipart(fields(MAX_FORM_FIELDS + 1));
    expect((await checkBody(action({ 'content-type': many.contentType }), many.body))?.status).toBe(413);
    const upload = head('POST', '/import/upload', { 'content-type': many.contentType });
    expect((await checkBody(upload, many.body))?.status).toBe(413);
  });

  it('refuses malformed multipart to any route with 400, and leaves other bodies to the route', async () => {
    const upload = head('POST', '/import/upload', { 'content-type': 'multipart/form-data; boundary=XYZ' });
    expect((await checkBody(upload, Buffer.from('--XYZ\r\nbroken')))?.status).toBe(400);
    const form = await multipart({ file: 'text' });
    expect(
      await checkBody({ ...upload, headers: { 'content-type': form.contentType } }, form.body),
    ).toBeNull();
    const signIn = head('POST', '/api/auth/callback/credentials', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(await checkBody(signIn, Buffer.from('login=a&password=b'))).toBeNull();
  });
});

/**
 * admit() in a server of its own: what passes is echoed (method, URL, headers and the body as the
 * handler reads it); what is refused is answered by the edge.
 */
describe('the edge in a server', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const onRequest = (request: http.IncomingMessage, response: http.ServerResponse) => {
      void admit(request, response, async (admitted) => {
        const chunks: Buffer[] = [];
        for await (const chunk of admitted) chunks.push(chunk as Buffer);
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            url: admitted.url,
            method: admitted.method,
            length: admitted.headers['content-length'],
            chunked: admitted.headers['transfer-encoding'] ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
    };
    server = http.createServer(SERVER_SETTINGS, onRequest).on('checkContinue', onRequest);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands on a request with its body, and a GET untouched', async () => {
    const form = await multipart({ '0': '["$K1"]', '1_locale': 'en' });
    const response = await fetch(`${url}/tasks/1?x=1`, {
      method: 'POST',
      headers: { 'next-action': ACTION_ID, 'content-type': form.contentType },
      body: form.body,
    });
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as { url: string; method: string; length: string; body: string };
    expect(echoed).toMatchObject({ url: '/tasks/1?x=1', method: 'POST', length: String(form.body.length) });
    expect(echoed.body).toBe(form.body.toString('utf8'));
    expect(await (await fetch(`${url}/`)).json()).toMatchObject({ method: 'GET', body: '' });
  });

  it('hands on a chunked body within the limit with its length', async () => {
    const parts = ['login=a', '&password=b'];
    const response = await fetch(`${url}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toMatchObject({ body: 'login=a&password=b', length: '18', chunked: null });
  });

  it('answers 413 to a chunked body as soon as it passes the limit, and keeps serving', async () => {
    let sent = 0;
    const response = await fetch(`${url}/api/auth/callback/credentials`, {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          if (sent >= 8 * BODY_LIMITS.other) return controller.close();
          sent += 16 * 1024;
          controller.enqueue(new Uint8Array(16 * 1024));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await fetch(`${url}/`)).status).toBe(200);
  });

  it('answers 413 at once to a declared 50 MB body, before it is sent', async () => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    socket.write(
      `POST /import/upload HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`,
    );
    const answer = await new Promise<string>((resolve) =>
      socket.once('data', (data) => resolve(String(data))),
    );
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  /** Sends a head asking to continue; what the server answers first. */
  async function askToContinue(path: string, length: number) {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Length: ${length}\r\n` +
        'Expect: 100-continue\r\n\r\n',
    );
    const answer = await new Promise<string>((resolve) =>
      socket.once('data', (data) => resolve(String(data))),
    );
    socket.destroy();
    return answer;
  }

  it('tells a client that asks first to send a body within the limit, and refuses one over it', async () => {
    expect(await askToContinue('/import/upload', 1024)).toMatch(/^HTTP\/1\.1 100 /);
    expect(await askToContinue('/import/upload', BODY_LIMITS.importUpload + 1)).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers 403, 413 and 400 with their statuses', async () => {
    const post = (path: string, headers: Record<string, string>, body: string) =>
      fetch(`${url}${path}`, { method: 'POST', headers, body }).then((response) => response.status);
    const host = new URL(url).host;
    expect(await post('/', { 'next-action': ACTION_ID, origin: 'https://evil.example' }, '["pl"]')).toBe(403);
    expect(await post('/', { 'next-action': ACTION_ID, origin: `http://${host}` }, '["pl"]')).toBe(200);
    expect(await post('/', { 'next-action': ACTION_ID }, `["${'a'.repeat(BODY_LIMITS.action)}"]`)).toBe(413);
    expect(await post('/', { 'next-action': ACTION_ID }, '['.repeat(10_000))).toBe(400);
  });
});
