import type { PublicMessage } from '@/lib/errors';
import type pl from '@/messages/pl/import.json';

/*
 * What the card parser and importer say to people, as a message key of `import` in
 * messages/{pl,en}/import.json and its ICU values: plain data, so it crosses the server-action
 * boundary and is put into words where it is shown (the screen in the user's language with
 * next-intl, the command line in Polish with ./message-text.ts). Text quoted from the card is a
 * value, never translated.
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
