import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, PUBLIC_LOCALE_HEADER, defaultLocale, isLocale } from './config';

/** The messages of a locale: the main file plus one file per administration area. */
async function readMessages(locale: string) {
  const [main, people, importMessages, mail, discussion] = await Promise.all([
    import(`../messages/${locale}.json`),
    import(`../messages/${locale}/people.json`),
    import(`../messages/${locale}/import.json`),
    import(`../messages/${locale}/mail-screens.json`),
    import(`../messages/${locale}/discussion.json`),
  ]);
  return {
    ...main.default,
    people: people.default,
    import: importMessages.default,
    mail: mail.default,
    discussion: discussion.default,
  };
}

/**
 * Read and merged once per process and locale, not on every request (issue 28): the files are part
 * of the build and never change while it runs, so every process holds the same copy.
 */
const messagesOf = new Map<string, ReturnType<typeof readMessages>>();
function loadMessages(locale: string) {
  let messages = messagesOf.get(locale);
  if (!messages) {
    messages = readMessages(locale);
    messagesOf.set(locale, messages);
  }
  return messages;
}

/**
 * Polish by default; English when the user chose it (a cookie, no locale in the URL), or when a public
 * page's URL says so. A locale asked
 * for by name (`getTranslations({ locale })`, e.g. the language switch speaking the other language)
 * gets its own messages.
 */
export default getRequestConfig(async ({ locale: asked }) => {
  // A public page (/public/pl/…, /public/en/…) speaks its URL's language, set by the front door; it
  // reads no cookie, so every visitor gets the same page.
  const fromUrl = (await headers()).get(PUBLIC_LOCALE_HEADER);
  const chosen = isLocale(asked)
    ? asked
    : isLocale(fromUrl)
      ? fromUrl
      : (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : defaultLocale;
  return {
    locale,
    messages: await loadMessages(locale),
    timeZone: 'Europe/Warsaw',
  };
});
