import { Readable } from 'node:stream';
import { runCommand } from '@/actions/run';
import { storeAttachment } from '@/lib/discussion/attachments';
import { httpStatusOf, invalid } from '@/lib/errors';
import { parseArgs, requiredId, yearArg } from '@/lib/validation';

/*
 * Uploading one evidence file to a yearly report. The body is the file itself (no multipart), its
 * name in the X-File-Name header (percent-encoded UTF-8); it is read as it arrives and stored a
 * chunk at a time (lib/discussion/attachments.ts), never whole in memory. This route is outside
 * proxy.ts (which would copy the body into memory), so it checks the Origin and sets the usual
 * security headers itself; the session, the posts and the report are the data layer's checks.
 */

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

const json = (body: unknown, status: number) => Response.json(body, { status, headers: SECURITY_HEADERS });

function fileNameOf(request: Request): string {
  const raw = request.headers.get('x-file-name');
  if (raw === null) throw invalid({ file: ['badName'] });
  try {
    return decodeURIComponent(raw).normalize('NFC');
  } catch {
    throw invalid({ file: ['badName'] });
  }
}

export async function POST(
  request: Request,
  { params }: { params: Promise<{ taskId: string; year: string }> },
): Promise<Response> {
  // A form posted from another site is refused before anything else.
  const origin = request.headers.get('origin');
  if (origin && (!URL.canParse(origin) || new URL(origin).host !== request.headers.get('host'))) {
    return json({ status: 'error', code: 'forbidden' }, httpStatusOf('forbidden'));
  }
  const raw = await params;
  const length = request.headers.get('content-length');
  const declared = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const result = await runCommand(async (db, user) => {
    const [taskId, year] = parseArgs([requiredId, yearArg], [Number(raw.taskId), Number(raw.year)]);
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
