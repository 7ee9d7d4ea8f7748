import 'server-only';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import type { Db } from '@/db/client';
import { requirePageUser } from './current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { isPublicError } from '@/lib/errors';
import { parseId } from '@/lib/ids';

export type PageResult<T> = { ok: true; data: T } | { ok: false };

/**
 * Runs a page's data-access call: "not found" becomes the 404 page, "forbidden" a value the page
 * renders as a refusal. Anything else is a real failure and goes to the error boundary.
 */
export async function loadPage<T>(load: () => Promise<T>): Promise<PageResult<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    if (isPublicError(error, 'not_found')) notFound();
    if (isPublicError(error, 'forbidden')) return { ok: false };
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
    return { id, user, result: await loadPage(async () => load(await getDb(), user, id)) };
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
    return { id, year, user, result: await loadPage(async () => load(await getDb(), user, id, year)) };
  });
}

/** The title of a page (the layout adds the application's name), or "no access" for a refusal. */
export async function pageTitle<T>(
  result: PageResult<T>,
  title: (data: T) => string | Promise<string>,
): Promise<Metadata> {
  if (!result.ok) return { title: (await getTranslations('common'))('forbiddenTitle') };
  return { title: await title(result.data) };
}
