import { createTranslator } from 'next-intl';
import type { Locale } from '@/i18n/config';
import en from '@/messages/en/import.json';
import pl from '@/messages/pl/import.json';
import type { ImportMessage } from './messages';

// Outside React, where no request says the language: the command line (Polish unless --lang en)
// and the tests.

const translators = {
  pl: createTranslator({ locale: 'pl', messages: { import: pl }, namespace: 'import' }),
  en: createTranslator({ locale: 'en', messages: { import: en }, namespace: 'import' }),
};

/** The message as a sentence outside React (the command line, tests); Polish unless asked. */
export function importMessageText(message: ImportMessage, locale: Locale = 'pl'): string {
  return translators[locale](message.key as never, message.values as never);
}

/** The import's messages of one language, for the command line's own sentences (`cli.*`). */
export function importTranslator(locale: Locale) {
  return translators[locale];
}
