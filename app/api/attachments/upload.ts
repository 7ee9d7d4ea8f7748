import { Readable } from 'node:stream';
import { runCommand } from '@/actions/run';
import { storeAttachment } from '@/lib/discussion/attachments';
import { httpStatusOf, invalid } from '@/lib/errors';
import { SECURITY_HEADERS } from '@/lib/http/front-door';
import { parseArgs, requiredId, threadYearArg } from '@/lib/validation';

/*
 * Uploading one evidence file to a task card ([taskId]/route.ts) or a yearly report
 * ([taskId]/[year]/route.ts). The body is the file itself (no multipart), its name in the
 * X-File-Name header (percent-encoded UTF-8); it is read as it arrives and stored a chunk at a time
 * (lib/discussion/attachments.ts), never whole in memory. These routes are outside the front door
 * (lib/http/front-door.ts: under `next dev`, proxy.ts would copy the body into memory), so this
 * checks the Origin and sets the usual security headers itself; the session, the posts and the
 * record are the data layer's checks.
 */

/** The front door's headers (lib/http/front-door.ts), with a policy for JSON that allows nothing. */
const HEADERS = {
  ...Object.fromEntries(SECURITY_HEADERS),
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

const json = (body: unknown, status: number) => Response.json(body, { status, headers: HEADERS });

function fileNameOf(request: Request): string {
  const raw = request.headers.get('x-file-name');
  if (raw === null) throw invalid({ file: ['badName'] });
  try {
    return decodeURIComponent(raw).normalize('NFC');
  } catch {
    throw invalid({ file: ['badName'] });
  }
}

/** POST of one file to a task card (`rawYear` null) or a report. */
export async function uploadAttachment(
  request: Request,
  rawTaskId: string,
  rawYear: string | null,
): Promise<Response> {
  // A form posted from another site is refused before anything else.
  const origin = request.headers.get('origin');
  if (origin && (!URL.canParse(origin) || new URL(origin).host !== request.headers.get('host'))) {
    return json({ status: 'error', code: 'forbidden' }, httpStatusOf('forbidden'));
  }
  const length = request.headers.get('content-length');
  const declared = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const result = await runCommand(async (db, user) => {
    const [taskId, year] = parseArgs(
      [requiredId, threadYearArg],
      [Number(rawTaskId), rawYear === null ? null : Number(rawYear)],
    );
    const body = request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    return storeAttachment(db, user, taskId, year, {
      name: fileNameOf(request),
      declaredBytes: declared,
      body: Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
    });
  });
  if (result.status !== 'success') {
    // What was not read is not wanted: the connection may be cut rather than drained.
    await request.body?.cancel().catch(() => {});
  }
  return json(result, result.status === 'success' ? 201 : httpStatusOf(result.code, result.fieldErrors));
}
