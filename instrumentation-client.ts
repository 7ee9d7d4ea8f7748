import { config } from 'zod';

/*
 * Runs in the browser before the app. zod 4 probes whether it may compile validators with
 * `new Function` on first use; under the Content-Security-Policy (proxy.ts: no 'unsafe-eval') that
 * probe is refused and reported as a CSP violation on every form. Telling zod up front not to
 * try keeps the policy strict and the console clean; validation works the same, without JIT.
 */
config({ jitless: true });
