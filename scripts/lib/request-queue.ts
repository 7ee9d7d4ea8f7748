import type http from 'node:http';
import PQueue from 'p-queue';

/**
 * The production server's queue (scripts/serve.ts): at most `concurrency` requests are handled at
 * once; the rest wait. What someone asked for (a page, a click, a form) goes before what the
 * browser only guessed they might want (Next prefetches every link on a page it shows, one or two
 * requests per link); among equals, arrival order. A request whose visitor has gone before its
 * turn is dropped unhandled.
 */
export function createRequestQueue(concurrency: number) {
  const queue = new PQueue({ concurrency });
  return {
    /** Queues `handle` (which resolves when its response is over) for this request. */
    enqueue(request: http.IncomingMessage, handle: () => Promise<void>): Promise<void> {
      return queue.add(
        async () => {
          if (request.socket.destroyed) return;
          await handle();
        },
        { priority: isPrefetch(request) ? PREFETCH : ASKED_FOR },
      );
    },
    get waiting() {
      return queue.size;
    },
  };
}

/** Queue priorities: greater goes first. */
const ASKED_FOR = 1;
const PREFETCH = 0;

/** Next's router marks its prefetches (the route tree and each segment's) with this header. */
export function isPrefetch(request: Pick<http.IncomingMessage, 'headers'>): boolean {
  return request.headers['next-router-prefetch'] !== undefined;
}
