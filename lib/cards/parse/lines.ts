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

// Runs of white space but for tabs and line breaks (also non-breaking and other Unicode spaces, a
// form feed, a BOM); and soft hyphens, which Word and browsers leave inside words.
const SPACE_NOISE = /[^\S\t\r\n]{2,}|[\u00a0\f\v\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\u00ad]/g;

/** Page noise of a browser's print: its header (date and time first) and footer (page n of m, an address). */
const PRINT_DATE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s+\d{1,2}:\d{2}(?:\s|$)/;
const PRINT_PAGE = /^strona\s+\d{1,4}\s+(?:z|of|\/)\s+\d{1,4}\b/i;
const PRINT_ADDRESS = /^(?:https?:\/\/|www\.)\S+\s+\d{1,4}\s*\/\s*\d{1,4}$/i;
/** Lines that are page noise only next to a sure one: a bare "2/14", a line that ends with an address. */
const PRINT_COUNTER = /^\d{1,4}\s*\/\s*\d{1,4}$/;
const ENDS_WITH_ADDRESS = /(?:^|\s)(?:https?:\/\/|www\.)\S+$/i;
/** A separator line between cards: "=====", "-----", "* * *", "_____", "~~~", "###". */
const SEPARATOR = /^(?:={3,}|-{4,}|_{4,}|~{3,}|#{3,}|(?:\*\s*){3,}|(?:[•·]\s*){3,})$/;

function sureNoise(text: string): boolean {
  return PRINT_DATE.test(text) || PRINT_PAGE.test(text) || PRINT_ADDRESS.test(text) || SEPARATOR.test(text);
}

/**
 * The text as lines, without what is no part of any card: the header and footer a browser prints
 * on every page, and separator lines between cards. The lines keep their numbers in the text.
 */
export function toLines(text: string): Line[] {
  const cleaned = text.replace(SPACE_NOISE, (match) => (match === '\u00ad' || match === '\ufeff' ? '' : ' '));
  const all = cleaned.split(/\r\n|\r|\n/).map((raw, index) => ({ no: index + 1, raw, text: fold(raw) }));
  const noise = all.map((line) => line.text !== '' && sureNoise(line.text));
  const maybe = (i: number) => {
    const line = all[i] as Line;
    return PRINT_COUNTER.test(line.text) || ENDS_WITH_ADDRESS.test(line.text);
  };
  for (let i = 0; i < all.length; i++) {
    if (noise[i] || !maybe(i)) continue;
    if (noise[i - 1] || noise[i + 1]) noise[i] = true;
  }
  return all.filter((_, i) => !noise[i]);
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
