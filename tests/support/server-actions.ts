/**
 * Server actions called over HTTP as the browser calls them: a POST to the page with the
 * `Next-Action` header (the action's id from the build's server-reference manifest) and the
 * arguments encoded by React's own `encodeReply` (plain arguments: a JSON array sent as text/plain).
 * The answer is React's flight stream; the action's return value is the row the root row points at.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ActionResult } from '@/lib/actions/result';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node') as {
  encodeReply(value: unknown[]): Promise<string | FormData>;
};

interface ManifestEntry {
  exportedName?: string;
  filename?: string;
  workers: Record<string, unknown>;
}

/** The id of the server action `exportedName` of the module `file` (e.g. 'actions/reports.ts') in the build. */
export function serverActionId(file: string, exportedName: string): string {
  const manifestPath = path.join(root, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    node: Record<string, ManifestEntry>;
  };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportedName && entry.filename === file,
  );
  if (!found) throw new Error(`no server action ${exportedName} of ${file} in ${manifestPath}`);
  return found[0];
}

/**
 * The return value in a flight stream: the root row (id 0) holds `{"a":"$@N", …}`; row N holds the
 * value as JSON. Rows are `id:JSON\n`, or `id:T<hex length>,<text>` for long text (skipped by length).
 */
export function actionReturnValue(body: Buffer): unknown {
  const rows = new Map<string, string>();
  let at = 0;
  while (at < body.length) {
    const colon = body.indexOf(':', at);
    if (colon < 0) break;
    const id = body.subarray(at, colon).toString('utf8');
    if (body[colon + 1] === 'T'.charCodeAt(0)) {
      const comma = body.indexOf(',', colon);
      const length = Number.parseInt(body.subarray(colon + 2, comma).toString('utf8'), 16);
      at = comma + 1 + length;
      continue;
    }
    const end = body.indexOf('\n', colon);
    rows.set(id, body.subarray(colon + 1, end < 0 ? body.length : end).toString('utf8'));
    at = end < 0 ? body.length : end + 1;
  }
  const rootRow = JSON.parse(rows.get('0') ?? 'null') as { a?: unknown } | null;
  const reference = rootRow?.a;
  if (typeof reference === 'string' && reference.startsWith('$@')) {
    const row = rows.get(reference.slice(2));
    if (row === undefined) throw new Error('the flight stream lacks the action result row');
    return JSON.parse(row);
  }
  return reference;
}

/** What a call came back with: the action's result, or an HTTP status without one. */
export type ActionAnswer<T> =
  { result: ActionResult<T>; httpStatus: number } | { result: null; httpStatus: number };

/**
 * Calls a server action as the page at `pagePath` would, signed in with `cookie`. Throws when no
 * answer arrives (the connection refused or cut), as a browser's fetch would.
 */
export async function callServerAction<T>(
  baseUrl: string,
  options: { pagePath: string; cookie: string; actionId: string; args: unknown[]; timeoutMs?: number },
): Promise<ActionAnswer<T>> {
  const body = await encodeReply(options.args);
  if (typeof body !== 'string') throw new Error('only plain arguments are supported (no FormData)');
  const response = await fetch(`${baseUrl}${options.pagePath}`, {
    method: 'POST',
    headers: {
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      'next-action': options.actionId,
      origin: baseUrl,
      cookie: options.cookie,
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/x-component')) {
    return { result: null, httpStatus: response.status };
  }
  return { result: actionReturnValue(bytes) as ActionResult<T>, httpStatus: response.status };
}
