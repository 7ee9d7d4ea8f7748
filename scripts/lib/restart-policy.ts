/**
 * When the supervisor (scripts/serve.ts) starts a serving process again after it ended unexpectedly:
 * at once is too eager (a process that dies on start would spin), never is an outage. So: again
 * after a delay that doubles with each crash of the last window (1 s, 2 s, 4 s, … up to a cap), and
 * not at all once `maxCrashes` ended within `windowMs` — a crash loop, which a restart will not
 * cure (a wrong setting, a database that is gone, a disk that is full): the supervisor stops and
 * says why, so that systemd (or whoever runs it) and the operator see it.
 */
export interface RestartPolicyOptions {
  maxCrashes: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const RESTART_POLICY: RestartPolicyOptions = {
  maxCrashes: 5,
  windowMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; crashesInWindow: number }
  | { action: 'stop'; crashesInWindow: number };

export function createRestartPolicy(options: RestartPolicyOptions = RESTART_POLICY) {
  const crashes: number[] = [];
  return {
    /** Records a crash at `now` (ms) and says what to do about it. */
    crashed(now: number): RestartDecision {
      crashes.push(now);
      while (crashes.length > 0 && crashes[0]! <= now - options.windowMs) crashes.shift();
      const crashesInWindow = crashes.length;
      if (crashesInWindow >= options.maxCrashes) return { action: 'stop', crashesInWindow };
      const delayMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (crashesInWindow - 1));
      return { action: 'restart', delayMs, crashesInWindow };
    },
  };
}

/** Why a process ended, in words for the log: its exit code, or the signal and what it usually means. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal === 'SIGKILL') return 'killed by SIGKILL (by an operator, or by the system when out of memory)';
  if (signal === 'SIGABRT')
    return 'aborted by SIGABRT (a fatal error, such as a JavaScript heap out of memory: APP_HEAP_MIB sets the limit)';
  if (signal === 'SIGSEGV') return 'crashed with SIGSEGV';
  if (signal) return `ended by ${signal}`;
  return `exited with code ${code ?? 'unknown'}`;
}
