import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackGet } from '@/scripts/lib/loopback-get';

const servers: http.Server[] = [];
const agents: http.Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** A server that answers `answer(n)` to the n-th request on each connection: 'ok' or 'hang up'. */
async function serverThat(answer: (nthOnConnection: number) => 'ok' | 'hang up') {
  let connections = 0;
  const server = http.createServer((request, response) => {
    const socket = request.socket as typeof request.socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    if (answer(socket.served) === 'hang up') {
      socket.destroy();
      return;
    }
    response.end(`answer ${socket.served} on connection`);
  });
  server.on('connection', () => connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(agent);
  const get = () =>
    loopbackGet({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      path: '/public/pl',
      headers: {},
      agent,
      timeoutMs: 5_000,
    });
  return { get, connections: () => connections };
}

describe('the public cache’s render request (scripts/lib/loopback-get.ts)', () => {
  it('sends a GET again on a new connection when the server closed the kept-alive one as it was reused', async () => {
    // Every connection answers its first request and hangs up on the second (the keep-alive race).
    const server = await serverThat((n) => (n === 1 ? 'ok' : 'hang up'));
    const first = await server.get();
    expect([first.status, first.body.toString()]).toEqual([200, 'answer 1 on connection']);
    const second = await server.get();
    expect([second.status, second.body.toString()]).toEqual([200, 'answer 1 on connection']);
    expect(server.connections()).toBe(2);
  });

  it('fails at once when a fresh connection is hung up: only a reused one is tried again', async () => {
    const fresh = await serverThat(() => 'hang up');
    await expect(fresh.get()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(fresh.connections()).toBe(1);
  });
});
