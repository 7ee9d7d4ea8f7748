/**
 * The production server (started by scripts/start.ts once the build is current): Next's request
 * handler behind a bounded queue. At most MAX_CONCURRENT_REQUESTS requests are rendered at once;
 * the rest wait their turn in arrival order, and one whose visitor has gone before its turn is not
 * rendered at all. Without the bound, a burst (everyone at the reporting deadline) has thousands of
 * pages rendering side by side on Node's one thread: each finishes late, memory grows with the
 * crowd, and garbage collection eats the throughput. Static files and the health check skip the
 * queue. The queue is per instance and holds nothing another instance needs.
 */
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import pLimit from 'p-limit';
import { parseEnv } from '../lib/env';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || '0.0.0.0';
const concurrency = parseEnv(process.env).MAX_CONCURRENT_REQUESTS;

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
const queue = pLimit(concurrency);
const SKIPS_QUEUE = /^\/(?:_next\/static\/|favicon\.ico|robots\.txt|api\/health(?:$|\?))/;

/** Hands one request to Next and resolves when its response is over (sent, or the visitor gone). */
function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    response.once('close', () => resolve());
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
}

await app.prepare();
http
  .createServer((request, response) => {
    if (SKIPS_QUEUE.test(request.url ?? '')) {
      void serve(request, response);
      return;
    }
    void queue(async () => {
      if (request.socket.destroyed) return; // the visitor left while waiting
      await serve(request, response);
    });
  })
  .listen(port, hostname, () => {
    console.log(`[monitor] ready on http://localhost:${port} (${concurrency} requests at a time)`);
  });
