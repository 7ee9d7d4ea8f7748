import 'server-only';
import { getCurrentUser } from './current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';

/**
 * For route handlers (downloads): the current user from the database, and public errors turned
 * into status codes (401, 403, 404) instead of a crash.
 */
export async function handleDownload(build: (user: CurrentUser) => Promise<Response>): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return new Response('Unauthorized', { status: 401 });
  try {
    return await build(user);
  } catch (error) {
    if (isPublicError(error, 'forbidden')) return new Response('Forbidden', { status: 403 });
    if (isPublicError(error, 'not_found')) return new Response('Not found', { status: 404 });
    throw error;
  }
}

/** A file name safe in a Content-Disposition header, with the UTF-8 form for Polish letters. */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
