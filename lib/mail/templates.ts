import { createTranslator } from 'use-intl/core';
import type { MailKind } from '@/db/schema';
import { type Locale, isLocale } from '@/i18n/config';
import en from '@/messages/en/mail.json';
import pl from '@/messages/pl/mail.json';

/*
 * Every mail in the recipient's language, as plain text and as HTML, with the link to the exact
 * screen. The words live in messages/{pl,en}/mail.json (ICU messages, as the interface's), formatted
 * by next-intl's translator (its React-free core, use-intl/core: mails are also rendered by scripts
 * outside Next) as every other text is: in the build the files arrive precompiled (next.config.mjs),
 * which only next-intl's own formatter reads.
 */

const catalogues = { pl, en } as const;

export type MailParams = Record<string, string | number>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The address mails link to: NEXTAUTH_URL (the site's public address), else the local server. */
export function siteUrl(): string {
  return (process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
}

export function absoluteLink(path: string): string {
  return `${siteUrl()}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A mail's words in a language; a missing parameter is an error, never a half-filled mail. */
function translator(locale: Locale) {
  const t = createTranslator({
    locale,
    messages: catalogues[locale],
    timeZone: 'Europe/Warsaw',
    onError: (error) => {
      throw error;
    },
  });
  return (key: string, params?: MailParams) => t(key as 'greeting', params as { name: string });
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The language of a stored value; anything unknown reads as Polish, the app's first language. */
export function mailLocale(value: unknown): Locale {
  return isLocale(value) ? value : 'pl';
}

/**
 * One mail: greeting, the kind's sentence, extra lines (a digest's list), the link and the footer.
 * Parameter values are the user's data (titles, comments): escaped in the HTML, never markup.
 */
export function renderMail(
  kind: MailKind,
  locale: Locale,
  input: { name: string; params: MailParams; link: string; lines?: string[] },
): RenderedMail {
  const t = translator(locale);
  const subject = t(`${kind}.subject`, input.params).replace(/[\r\n]+/g, ' ');
  const greeting = t('greeting', { name: input.name });
  const body = t(`${kind}.body`, input.params);
  const preferences = absoluteLink('/account/notifications');
  const footer = t('footer', { preferences });
  const lines = input.lines ?? [];
  const text = [
    greeting,
    '',
    body,
    ...lines.map((line) => `- ${line}`),
    '',
    t('openLink', { link: input.link }),
    '',
    '-- ',
    footer,
    '',
  ].join('\n');
  const paragraph = (value: string) => `<p>${escapeHtml(value).replaceAll('\n', '<br>')}</p>`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
    paragraph(greeting),
    paragraph(body),
    lines.length ? `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>` : '',
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(t('openButton'))}</a></p>`,
    `<p style="color:#475569;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
