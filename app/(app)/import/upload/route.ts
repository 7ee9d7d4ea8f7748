import { runCommand } from '@/actions/run';
import { IMPORT_LIMITS } from '@/lib/cards/import-schema';
import { assertCan } from '@/lib/auth/permissions';
import { previewImport } from '@/lib/cards/preview/preview-import';
import { parseInWorker, readUploadedCards } from '@/lib/cards/upload';
import { httpStatusOf, invalid } from '@/lib/errors';

/** Room for the multipart boundaries and headers around the file. */
const FORM_OVERHEAD = 64 * 1024;

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

/**
 * Uploading a task-card file (.txt or .docx), or pasted text, for the import preview. It writes nothing: the text
 * goes through previewImport, which checks the user. The size is checked from the request's
 * Content-Length before the body is read.
 */
export async function POST(request: Request): Promise<Response> {
  // A form posted from another site is refused (the preview itself writes nothing, but still).
  const origin = request.headers.get('origin');
  if (origin && (!URL.canParse(origin) || new URL(origin).host !== request.headers.get('host'))) {
    return json({ status: 'error', code: 'forbidden' }, httpStatusOf('forbidden'));
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (!Number.isFinite(declared)) {
    return json({ status: 'error', code: 'invalid', fieldErrors: { file: ['lengthRequired'] } }, 411);
  }
  if (declared > IMPORT_LIMITS.fileBytes + FORM_OVERHEAD) {
    const fieldErrors = { file: ['tooLarge'] };
    return json({ status: 'error', code: 'invalid', fieldErrors }, httpStatusOf('invalid', fieldErrors));
  }
  const result = await runCommand(async (db, user) => {
    // Checked before the body is read: nobody without the right uploads anything.
    assertCan(user, { action: 'cards.import' });
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw invalid({ file: ['badForm'] });
    }
    const file = form.get('file');
    if (file instanceof File && file.name !== '') {
      // Unpacked and parsed in a bounded worker thread (lib/cards/upload.ts).
      const { text, parsed } = await readUploadedCards(file);
      return previewImport(db, user, { text }, parsed);
    }
    // Pasted text comes the same way: a server action's body is limited to 1 MB, a card text to 2 MB.
    const text = form.get('text');
    if (typeof text !== 'string' || text.trim() === '') throw invalid({ text: ['emptyText'] });
    return previewImport(db, user, { text }, (await parseInWorker(text)).parsed);
  });
  return json(result, result.status === 'success' ? 200 : httpStatusOf(result.code, result.fieldErrors));
}
