import 'server-only';
import type { Metadata } from 'next';
import { forbidden, notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import type { Db } from '@/db/client';
import { requirePageUser } from './current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { isPublicError } from '@/lib/errors';
import { parseId, parseYear } from '@/lib/ids';

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
  return unwrap(await settle(load));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: 'forbidden' | 'not_found' };

/** A load's data, or its refusal as a value (anything else still throws). */
async function settle<T>(load: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    if (isPublicError(error, 'not_found')) return { ok: false, refusal: 'not_found' };
    if (isPublicError(error, 'forbidden')) return { ok: false, refusal: 'forbidden' };
    throw error;
  }
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) {
    if (outcome.refusal === 'not_found') notFound();
    forbidden();
  }
  return outcome.value;
}

/** A page's data, loaded once per request, for the page and its `generateMetadata`. */
export interface PageData<Args extends unknown[], T> {
  /** For the page: its data; a refusal answers 404 or 403 (see loadPage). */
  (...args: Args): Promise<T>;
  /**
   * For `generateMetadata`: the page's title, or the refusal's. A refusal must not be thrown from
   * here: Next renders the metadata of any access error thrown in `generateMetadata` with the
   * not-found convention (next/dist/lib/metadata/metadata.js), so a 403 page would be titled "page
   * not found" once the browser has loaded it.
   */
  title(args: Args, title: (data: T) => string | Promise<string>): Promise<Metadata>;
}

/**
 * The data of a page, loaded once per request (React `cache`) for both the page and its
 * `generateMetadata`: the document's title must come from Next's metadata, in the head. A `<title>`
 * rendered in the page's body comes after the layout's and the browser keeps the first.
 */
export function pageData<Args extends unknown[], T>(load: (...args: Args) => Promise<T>): PageData<Args, T> {
  const settled = cache((...args: Args) => settle(() => load(...args)));
  return Object.assign(async (...args: Args) => unwrap(await settled(...args)), {
    async title(args: Args, title: (data: T) => string | Promise<string>): Promise<Metadata> {
      const outcome = await settled(...args);
      if (!outcome.ok && outcome.refusal === 'forbidden')
        return { title: (await getTranslations('common'))('forbiddenTitle') };
      return { title: await title(unwrap(outcome)) };
    },
  });
}

/** The data of a page addressed by `[id]`. */
export function pageById<T>(load: (db: Db, user: CurrentUser, id: number) => Promise<T>) {
  return pageData(async (rawId: string) => {
    const id = parseId(rawId);
    if (id === null) notFound();
    const user = await requirePageUser();
    return { id, user, data: await load(await getDb(), user, id) };
  });
}

/** The same for a page addressed by `[id]/…/[year]` (a task's report, the council's report). */
export function pageByIdAndYear<T>(
  load: (db: Db, user: CurrentUser, id: number, year: number) => Promise<T>,
) {
  return pageData(async (rawId: string, rawYear: string) => {
    const id = parseId(rawId);
    const year = parseYear(rawYear);
    if (id === null || year === null) notFound();
    const user = await requirePageUser();
    return { id, year, user, data: await load(await getDb(), user, id, year) };
  });
}
