import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRequestQueue, isPrefetch } from '@/scripts/lib/request-queue';

/** A request as the queue sees it: its headers and whether its visitor is still connected. */
function request(headers: Record<string, string> = {}, destroyed = false) {
  return { headers, socket: { destroyed } } as unknown as http.IncomingMessage;
}
const PREFETCH = { rsc: '1', 'next-router-prefetch': '1' };
const SEGMENT_PREFETCH = { ...PREFETCH, 'next-router-segment-prefetch': '/_tree' };
const NAVIGATION = { rsc: '1', 'next-url': '/tasks/1' };

/** A handler that records its start and runs until released. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    handle: async () => {
      log.push(name);
      await done;
    },
    release: () => release(),
  };
}

describe('request queue', () => {
  it('tells prefetches from what someone asked for', () => {
    expect(isPrefetch(request(PREFETCH))).toBe(true);
    expect(isPrefetch(request(SEGMENT_PREFETCH))).toBe(true);
    expect(isPrefetch(request(NAVIGATION))).toBe(false);
    expect(isPrefetch(request())).toBe(false);
  });

  it('handles at most N at once; pages and clicks go before waiting prefetches, each kind in arrival order', async () => {
    const queue = createRequestQueue(1);
    const log: string[] = [];
    const first = gate(log, 'page 1');
    const all = [queue.enqueue(request(), first.handle)];
    for (const [name, headers] of [
      ['prefetch 1', PREFETCH],
      ['prefetch 2', SEGMENT_PREFETCH],
      ['page 2', {}],
      ['prefetch 3', PREFETCH],
      ['navigation 3', NAVIGATION],
    ] as const) {
      all.push(
        queue.enqueue(request(headers), async () => {
          log.push(name);
        }),
      );
    }
    await Promise.resolve();
    expect(log).toEqual(['page 1']);
    expect(queue.waiting).toBe(5);
    first.release();
    await Promise.all(all);
    expect(log).toEqual(['page 1', 'page 2', 'navigation 3', 'prefetch 1', 'prefetch 2', 'prefetch 3']);
  });

  it('runs up to the bound side by side', async () => {
    const queue = createRequestQueue(2);
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(log, name));
    const all = gates.map((g) => queue.enqueue(request(), g.handle));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['a', 'b']);
    gates[0]!.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['a', 'b', 'c']);
    gates.forEach((g) => g.release());
    await Promise.all(all);
  });

  it('drops a request whose visitor left while it waited', async () => {
    const queue = createRequestQueue(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const all = [
      queue.enqueue(request(), first.handle),
      queue.enqueue(request({}, true), async () => {
        log.push('gone');
      }),
      queue.enqueue(request(), async () => {
        log.push('still here');
      }),
    ];
    first.release();
    await Promise.all(all);
    expect(log).toEqual(['first', 'still here']);
  });
});
