/**
 * The card parser's shared pieces: the text as lines, the warning callback, and the small readers
 * of words and numbers that several sections use.
 */
import { type ImportMessage, type ImportMessageKey, importMessage } from '@/lib/cards/messages';
import type { ParseError } from './types';

export interface Line {
  /** 1-based line number in the whole text. */
  no: number;
  /** As written, without the line break. */
  raw: string;
  /** Every run of white space (also U+00A0) folded to one space, trimmed. */
  text: string;
}

/** Rows longer than this many tokens are not split into columns (nothing on a card is that long). */
export const MAX_ROW_TOKENS = 400;
/** Text with more than this share of binary or undecodable characters is not read at all. */
export const BINARY_SHARE = 0.01;
// Control characters other than tab, line feed, vertical tab, form feed and carriage return; and
// U+FFFD, which a decoder puts where the bytes were not valid UTF-8.
export const BAD_CHAR = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/;
export const BAD_CHARS = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g;

export function fold(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

export function toLines(text: string): Line[] {
  return text.split(/\r\n|\r|\n/).map((raw, index) => ({ no: index + 1, raw, text: fold(raw) }));
}

/** The non-empty columns of a row typed with tabs between them (each folded). */
export function tabColumns(raw: string): string[] {
  return raw
    .split('\t')
    .map((part) => fold(part))
    .filter(Boolean);
}

export const quote = (text: string) => `„${text}”`;

/** Records a doubtful reading: where in the card, and what to tell the person checking it. */
export type Warn = (
  path: string,
  key: ImportMessageKey & `parse.${string}`,
  values?: ImportMessage['values'],
) => void;

/** A dash left at the end of a title, before the person ("… - szef celu"). */
export const DASH_SEPARATOR = /\s*[-–—]\s*$/;

export const YEAR_TOKEN = /^(19\d\d|2[01]\d\d)$/;

/** The years written in a row ("Typ wskaźnika … 2009 2010 2011"). */
export function yearsIn(text: string): number[] {
  return text
    .split(' ')
    .filter((token) => YEAR_TOKEN.test(token))
    .map(Number);
}

// ---------------------------------------------------------------------------------------------
// Words

export const TITLE_WORD = /^\p{Lu}\p{Ll}/u;
// Fixed widths (no backtracking) and Polish letters listed: fast on long text.
const GLUED = /[a-ząćęłńóśźż]{2}[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]{2}/;

/** "WPiR", "GUS", "MOSiR", "UMiG": a capital first, at least two capitals, no more small letters than capitals. */
export function isAbbreviation(token: string): boolean {
  if (token.length < 2 || token.length > 12) return false;
  let upper = 0;
  let lower = 0;
  for (const char of token) {
    if (char === '.') continue;
    const small = char.toLowerCase();
    if (small === char.toUpperCase()) return false;
    if (char === small) {
      if (upper === 0) return false;
      lower++;
    } else upper++;
  }
  return upper >= 2 && upper >= lower;
}

/** Initials of a department's name: "Wydział Promocji i Rozwoju" → "WPiR". */
export function initialsOf(name: string): string {
  return name
    .split(' ')
    .map((word) => (/^\p{Lu}/u.test(word) ? (word[0] ?? '') : word === 'i' ? 'i' : ''))
    .join('');
}

/** Where a lowercase letter runs into an uppercase one ("TechnologiiRegionalna"): the word and the split. */
export function findGluedWord(text: string): { word: string; before: string; after: string } | null {
  const match = GLUED.exec(text);
  if (!match) return null;
  const cut = match.index + 2;
  const start = text.lastIndexOf(' ', cut) + 1;
  const endSpace = text.indexOf(' ', cut);
  const word = text.slice(start, endSpace < 0 ? undefined : endSpace);
  return { word, before: text.slice(0, cut).trim(), after: text.slice(cut).trim() };
}

/** An error that makes (a piece of) the text yield no card. */
export function parseError(key: ImportMessageKey, values: ImportMessage['values'], line: number): ParseError {
  return { message: importMessage(key, values), line };
}
