export const locales = ['pl', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'pl';
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Set by the front door (lib/http/front-door.ts) on /public/pl/… and /public/en/…: the language of
 * a public page, from its URL.
 */
export const PUBLIC_LOCALE_HEADER = 'x-public-locale';
