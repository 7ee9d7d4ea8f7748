import fs from 'node:fs';
import path from 'node:path';
import { root } from './imports';

/** The message files of a language, as `messages/{locale}{file}` (i18n/request.ts merges them). */
export const MESSAGE_FILES = [
  '.json',
  '/people.json',
  '/import.json',
  '/mail.json',
  '/mail-screens.json',
  '/discussion.json',
];

/** One message file's messages, each under its dotted key, as written. */
export function readMessages(locale: string, file: string): Map<string, string> {
  return flatten(JSON.parse(fs.readFileSync(path.join(root, 'messages', `${locale}${file}`), 'utf8')));
}

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      for (const [name, text] of flatten(inner, prefix ? `${prefix}.${key}` : key)) out.set(name, text);
    }
  }
  return out;
}
