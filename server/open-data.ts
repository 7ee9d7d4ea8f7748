import 'server-only';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { type OpenDataRequest, buildOpenDataFile } from '@/lib/open-data/files';

/*
 * The open data routes' one answer (app/public/data/**): anonymous on purpose — no session is read,
 * and lib/public/data.ts returns only what is public — GET only, and a plain 404 for an address that
 * names no published file, whether the record is missing or its strategy is not published.
 */

export const SCHEMA_PATH = '/public/data/schema.json';

const CONTENT_TYPE = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' };

export function openDataNotFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The file an address names (null: the address names none), or 404. */
export async function serveOpenData(request: OpenDataRequest | null): Promise<Response> {
  if (!request) return openDataNotFound();
  const file = await buildOpenDataFile(await getDb(), request, { licence: getEnv().OPEN_DATA_LICENCE });
  if (!file) return openDataNotFound();
  return new Response(file.body, {
    headers: {
      'Content-Type': CONTENT_TYPE[file.format],
      // The names are ASCII (strategy-1.csv), so no filename* form is needed.
      'Content-Disposition': `inline; filename="${file.fileName}"`,
      Link: `<${SCHEMA_PATH}>; rel="describedby"`,
      // Open data: any site's scripts may read it.
      'Access-Control-Allow-Origin': '*',
    },
  });
}
