import { zodResolver } from '@hookform/resolvers/zod';
import { config } from 'zod';

/*
 * The forms' resolver, and the one place the browser's zod is configured. zod 4 probes whether it
 * may compile validators with `new Function` on first use; under the Content-Security-Policy
 * (proxy.ts: no 'unsafe-eval') that probe is refused and reported as a CSP violation. Every form
 * validates through this module (directly, or through lazy-zod-resolver.ts), so telling zod here,
 * before any form can check its input, keeps the policy strict and the console clean. Pages without
 * a form load no zod at all: components/ui/form.tsx does not import it (issue 28).
 */
config({ jitless: true });

export { zodResolver };
