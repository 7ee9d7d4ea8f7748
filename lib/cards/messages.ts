import { createTranslator } from 'next-intl';
import type { Locale } from '@/i18n/config';
import type { PublicMessage } from '@/lib/errors';
import en from '@/messages/en/import.json';
import pl from '@/messages/pl/import.json';

/*
 * What the card parser and importer say to people, as a message key of `import` in
 * messages/{pl,en}/import.json and its ICU values: plain data, so it crosses the server-action
 * boundary and is put into words where it is shown (the screen in the user's language, the
 * command line in Polish). Text quoted from the card is a value, never translated.
 */

type Group = 'parse' | 'commit' | 'preview';
export type ImportMessageKey = {
  [G in Group]: `${G}.${keyof (typeof pl)[G] & string}`;
}[Group];

export interface ImportMessage extends PublicMessage {
  key: ImportMessageKey;
}

export function importMessage(key: ImportMessageKey, values: PublicMessage['values'] = {}): ImportMessage {
  return { key, values };
}

/** The same message twice (a note repeated by two cards) is said once. */
export function sameMessage(a: PublicMessage, b: PublicMessage): boolean {
  return JSON.stringify([a.key, a.values]) === JSON.stringify([b.key, b.values]);
}

const translators = {
  pl: createTranslator({ locale: 'pl', messages: { import: pl }, namespace: 'import' }),
  en: createTranslator({ locale: 'en', messages: { import: en }, namespace: 'import' }),
};

/** The message as a sentence outside React (the command line, tests); Polish unless asked. */
export function importMessageText(message: ImportMessage, locale: Locale = 'pl'): string {
  return translators[locale](message.key as never, message.values as never);
}
