import http from 'node:http';
import type { Rendered } from './public-cache';

export interface LoopbackGet {
  host: string;
  port: number;
  path: string;
  headers: http.OutgoingHttpHeaders;
  agent: http.Agent;
  timeoutMs: number;
}

/**
 * One GET to this server (the public cache's render of a key, scripts/serve.ts), its whole answer
 * in memory. On a kept-alive connection, the server may close the socket just as the agent reuses
 * it (its keep-alive timeout): the GET then fails with ECONNRESET before anything was answered. As
 * Node's documentation advises for that case, the GET is sent once more, on a new connection; any
 * other failure is the caller's.
 */
export function loopbackGet(options: LoopbackGet, retries = 1): Promise<Rendered> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: options.host,
        port: options.port,
        path: options.path,
        method: 'GET',
        agent: options.agent,
        headers: options.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 500,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (request.reusedSocket && error.code === 'ECONNRESET' && retries > 0) {
        resolve(loopbackGet(options, retries - 1));
      } else {
        reject(error);
      }
    });
    request.setTimeout(options.timeoutMs, () => request.destroy(new Error('render timed out')));
    request.end();
  });
}
