import 'server-only';
import { notFound } from 'next/navigation';
import { isPublicError } from './errors';

/**
 * Runs a page's data-access call: "not found" becomes the 404 page, "forbidden" a value the page
 * renders as a refusal. Anything else is a real failure and goes to the error boundary.
 */
export async function loadPage<T>(load: () => Promise<T>): Promise<{ ok: true; data: T } | { ok: false }> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    if (isPublicError(error, 'not_found')) notFound();
    if (isPublicError(error, 'forbidden')) return { ok: false };
    throw error;
  }
}
