import 'server-only';
import { getCurrentUser } from './current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { type PublicErrorCode, httpStatusOf, isPublicError } from '@/lib/errors';

/**
 * For route handlers (downloads): the current user from the database, and public errors turned
 * into status codes (401, 403, 404) instead of a crash.
 */
export async function handleDownload(build: (user: CurrentUser) => Promise<Response>): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return refusal('unauthenticated');
  try {
    return await build(user);
  } catch (error) {
    if (isPublicError(error)) return refusal(error.code);
    throw error;
  }
}

const REFUSAL_TEXT: Record<PublicErrorCode, string> = {
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  invalid: 'Bad request',
  conflict: 'Conflict',
};

/** A refused download: the status of lib/errors.ts's map and a plain word. */
function refusal(code: PublicErrorCode): Response {
  return new Response(REFUSAL_TEXT[code], { status: httpStatusOf(code) });
}

/** A file name safe in a Content-Disposition header, with the UTF-8 form for Polish letters. */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
