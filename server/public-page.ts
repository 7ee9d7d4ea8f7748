import 'server-only';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import type { Db } from '@/db/client';
import { type Locale, isLocale } from '@/i18n/config';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { parseId } from '@/lib/ids';

/*
 * The public pages' side of a request: the language and id from the URL, the data of a published
 * record (anything else is a 404), and the page's metadata with its canonical address in both
 * languages. No session, no cookie: every visitor gets the same page.
 */

/** The language of a public URL; any other value is a page that does not exist. */
export function publicLocale(raw: string): Locale {
  if (!isLocale(raw)) notFound();
  return raw;
}

/**
 * A public page's data, loaded once per request for the page and its metadata: the loader's null
 * (not published, archived, no such record) and a malformed id are a 404.
 */
export function publicPageById<T>(load: (db: Db, id: number) => Promise<T | null>) {
  return cache(async (rawId: string): Promise<T> => {
    const id = parseId(rawId);
    if (id === null) notFound();
    const data = await load(await getDb(), id);
    if (data === null) notFound();
    return data;
  });
}

/**
 * The site's address for absolute links (sitemap, robots.txt, canonical links): NEXTAUTH_URL when
 * the office set it, else the request's own host.
 */
export async function siteOrigin(): Promise<string> {
  const configured = getEnv().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  // Host only (a reverse proxy passes it on), not X-Forwarded-Host: a cache in front keys its pages
  // by host, so a forged forwarded host cannot put another site's address into a cached page.
  const requestHeaders = await headers();
  const host = requestHeaders.get('host') ?? 'localhost';
  const proto = requestHeaders.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return new URL(`${proto}://${host}`).origin;
}

/** The address of a public page in a language: `/public/{lang}{path}`. */
export function publicHref(lang: Locale, path = ''): string {
  return `/public/${lang}${path}`;
}

/** A public page's metadata: its title, description and canonical address, with its other language. */
export async function publicMetadata(
  lang: Locale,
  path: string,
  title: string,
  description: string,
): Promise<Metadata> {
  return {
    title,
    description,
    metadataBase: new URL(await siteOrigin()),
    alternates: {
      canonical: publicHref(lang, path),
      languages: { pl: publicHref('pl', path), en: publicHref('en', path) },
    },
  };
}
