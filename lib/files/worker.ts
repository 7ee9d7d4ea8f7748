import type { Worker } from 'node:worker_threads';

/*
 * Waiting for a worker thread that reads an untrusted file (started with `resourceLimits` by its
 * caller, since bundlers need `new Worker(new URL(…, import.meta.url))` written where the worker
 * file lives). The worker posts one message; it is ended on a time limit, and when it runs out of
 * heap it ends alone without touching the server's own.
 */

export type WorkerFailure = 'timeout' | 'memory' | 'crashed';

export class WorkerFailed extends Error {
  constructor(
    readonly reason: WorkerFailure,
    detail: string,
  ) {
    super(`worker failed (${reason}): ${detail}`);
    this.name = 'WorkerFailed';
  }
}

/** The worker's one message; it is terminated afterwards, or when `timeoutMs` passes first. */
export function resultOf<T>(worker: Worker, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new WorkerFailed('timeout', `no answer in ${timeoutMs} ms`))),
      timeoutMs,
    );
    worker.once('message', (message: T) => settle(() => resolve(message)));
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          new WorkerFailed(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed', error.message),
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new WorkerFailed('crashed', `ended with code ${code} before answering`))),
    );
  });
}
