import 'server-only';
import type { Metadata } from 'next';
import { forbidden, notFound } from 'next/navigation';
import { cache } from 'react';
import type { Db } from '@/db/client';
import { requirePageUser } from './current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { isPublicError } from '@/lib/errors';
import { parseId } from '@/lib/ids';

/**
 * Runs a page's data-access call: "not found" becomes the 404 page (app/not-found.tsx), "forbidden"
 * the 403 page (app/forbidden.tsx). Anything else is a real failure and goes to the error boundary.
 *
 * Everyone signed in may read the strategy, so its records are no secret: a record that exists but
 * that the user may not use (another program's weights, the office's screens) is a 403, a record
 * that does not exist a 404. The office's screens refuse before they look anything up, so their 403
 * says nothing about whether a user or post of that id exists.
 *
 * No Suspense or loading boundary may sit above a page that calls this: the status is sent with the
 * first byte, and a refusal after streaming began would leave it at 200.
 */
export async function loadPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isPublicError(error, 'not_found')) notFound();
    if (isPublicError(error, 'forbidden')) forbidden();
    throw error;
  }
}

/**
 * The data of a page addressed by `[id]`, loaded once per request (React `cache`) for both the page
 * and its `generateMetadata`: the document's title must come from Next's metadata, in the head. A
 * `<title>` rendered in the page's body comes after the layout's and the browser keeps the first.
 */
export function pageById<T>(load: (db: Db, user: CurrentUser, id: number) => Promise<T>) {
  return cache(async (rawId: string) => {
    const id = parseId(rawId);
    if (id === null) notFound();
    const user = await requirePageUser();
    return { id, user, data: await loadPage(async () => load(await getDb(), user, id)) };
  });
}

/** The same for a page addressed by `[id]/…/[year]` (a task's report, the council's report). */
export function pageByIdAndYear<T>(
  load: (db: Db, user: CurrentUser, id: number, year: number) => Promise<T>,
) {
  return cache(async (rawId: string, rawYear: string) => {
    const id = parseId(rawId);
    const year = /^\d{4}$/.test(rawYear) ? Number(rawYear) : null;
    if (id === null || year === null) notFound();
    const user = await requirePageUser();
    return { id, year, user, data: await loadPage(async () => load(await getDb(), user, id, year)) };
  });
}

/** The title of a page (the layout adds the application's name). */
export async function pageTitle(title: string | Promise<string>): Promise<Metadata> {
  return { title: await title };
}
