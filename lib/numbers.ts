/**
 * Reading numbers the way city staff write them. The text is always kept as typed; these functions
 * only say which number, if any, can be read from it.
 */

const SPACES = /[\s\u00a0\u202f]/g;
/** Digits with spaces only between groups of three: "99 832" and "1 000 000", not "12 5" or "10 0". */
const GROUPED = /^[+-]?\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d+)?$/;

/**
 * A plain number as typed in a form: optional sign, digits with spaces as thousands separators,
 * a decimal comma or dot. Anything else (including an empty field) is null — an empty field is not 0.
 * A space anywhere else is a typo, not a separator: "1 5" is no number rather than 15.
 */
export function parseDecimal(input: string): number | null {
  const text = input.trim();
  if (/[\s\u00a0\u202f]/.test(text) && !GROUPED.test(text)) return null;
  const compact = text.replace(SPACES, '');
  if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(compact)) return null;
  const value = Number(compact.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/**
 * Points, plans, weights, shares and amounts are numeric(…, 2): a third decimal place would be rounded
 * away by the database, and a plan of 33,333 + 33,333 + 33,334 = 100 would be stored as 99,99.
 */
export const MAX_DECIMAL_PLACES = 2;

/**
 * How many decimal places a number as typed needs, trailing zeros aside: "12,345" → 3, "12,50" → 1,
 * "12" → 0.
 */
export function decimalPlaces(input: string): number {
  return /[.,](\d*[1-9])0*\s*$/.exec(input)?.[1]?.length ?? 0;
}

/** Whether a number already read needs at most two decimal places (what numeric(…, 2) keeps): 12.34 yes, 12.345 no. */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

const NO_DATA = /^(bd\.?|b\.d\.?|brak( danych)?|x|-|–|—|n\/d|nd\.?)$/i;
const MULTIPLIERS: Record<string, number> = { tys: 1e3, mln: 1e6, mld: 1e9 };

/**
 * The number in an indicator value: "99 832" → 99832, "64 %" → 64, "ok. 244 tys." → 244000,
 * "623 (w tym 39 dla niepełnosprawnych)" → 623, "1,5" → 1.5. No number for "bd.", "X", "-" or
 * ambiguous text such as "808/49" or "10-12".
 */
export function readIndicatorNumber(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  let text = raw.trim();
  if (text === '' || NO_DATA.test(text)) return null;
  // A remark in brackets qualifies the number before it.
  if (text.endsWith(')') && text.includes('(')) text = text.slice(0, text.indexOf('(')).trimEnd();
  text = text.replace(/^(ok\.?|około|ca\.?|~)\s*/i, '');
  const match =
    /^([+-]?[\d\s\u00a0\u202f]*\d(?:[.,]\d+)?)\s*(?:(tys\.?|mln|mld)\s*)?(%|zł|pln|osób|os\.|szt\.?)?\.?$/i.exec(
      text,
    );
  if (!match?.[1]) return null;
  // Spaces may only group thousands: "99 832" yes, "12 5" no (parseDecimal's rule).
  const value = parseDecimal(match[1]);
  if (value === null) return null;
  const multiplier = match[2] ? (MULTIPLIERS[match[2].replace('.', '').toLowerCase()] ?? 1) : 1;
  return Math.round(value * multiplier * 1e6) / 1e6;
}

/*
 * The unit is cut off the trimmed text before the number is looked at, and the number is checked
 * by one character class: no regular expression here has two runs of spaces next to each other, so
 * a long value (thousands of spaces) is read in linear time — the old patterns backtracked over
 * every way to split the spaces, and one funding value of 5,000 spaces took minutes.
 */
const NUMBER_CHARACTERS = /^[\d\s\u00a0.,]+$/;

/** The number before a unit ("85 000" of "85 000 zł"), or null when the text is not a number. */
function numberBefore(text: string, unitLength: number): number | null {
  const number = text.slice(0, text.length - unitLength).trimEnd();
  return number !== '' && NUMBER_CHARACTERS.test(number) ? parseDecimal(number) : null;
}

/** "80%" → 80; anything that is not a single percentage → null. */
export function readPercent(raw: string): number | null {
  const text = raw.trim();
  return text.endsWith('%') ? numberBefore(text, 1) : null;
}

/** "85 000 zł" → 85000; anything that is not a single amount in złoty → null. */
export function readAmount(raw: string): number | null {
  const text = raw.trim();
  const unit = /(?:zł|pln)\.?$/i.exec(text);
  return unit ? numberBefore(text, unit[0].length) : null;
}

const ROMAN: [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** Goals are numbered with Roman numerals: 1 → "I", 3 → "III". */
export function toRoman(value: number): string {
  if (!Number.isInteger(value) || value <= 0 || value >= 4000) return String(value);
  let rest = value;
  let out = '';
  for (const [amount, symbol] of ROMAN) {
    while (rest >= amount) {
      out += symbol;
      rest -= amount;
    }
  }
  return out;
}

/** A program's code, the one notation of every view and export: goal 1, program 3 → "I.3". */
export function programCode(goalNumber: number, programNumber: number): string {
  return `${toRoman(goalNumber)}.${programNumber}`;
}

/** A task's code: "I.3.1". */
export function taskCode(goalNumber: number, programNumber: number, taskNumber: number): string {
  return `${programCode(goalNumber, programNumber)}.${taskNumber}`;
}

/**
 * A number as a numeric(…, 2) column keeps it: points, plans, weights, shares and amounts. Compare
 * what the database will hold, never the float that was computed. Null stays null (no number).
 */
export function round2(value: number): number;
export function round2(value: number | null): number | null;
export function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
