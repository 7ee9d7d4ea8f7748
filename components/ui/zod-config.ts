import { config } from 'zod';

/*
 * The one place the browser's zod is configured. zod 4 probes whether it may compile validators
 * with `new Function` on first use; under the Content-Security-Policy (lib/http/front-door.ts: no
 * 'unsafe-eval') that probe is refused and reported as a CSP violation. Every form validates after
 * this module ran (through zod-resolver.ts, lazy-zod-resolver.ts or lazy-schema.ts), so the policy
 * stays strict and the console clean. Pages without a form load no zod at all:
 * components/ui/form.tsx does not import it (issue 28).
 */
config({ jitless: true });
