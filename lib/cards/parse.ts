// Over 500 lines (reading the cards' text format): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
/**
 * Reading task cards (karty zadań) from text, in the layout of the old monitoring pages (the seed
 * card's format, and what renderCardText writes). A text may hold many cards one after another.
 *
 * The parser never guesses silently: where a line can be read in more than one way it picks the
 * most plausible reading and attaches a warning (path + message, see ./messages.ts) to the card, so that a
 * person checks it in the preview before anything is saved. What it cannot read at all becomes an
 * error, and that piece of text yields no card. It never throws and is linear in the text's size.
 */
import { MAX_DECIMAL_PLACES, decimalPlaces, parseDecimal, toRoman } from '@/lib/numbers';
import { type ImportMessage, type ImportMessageKey, importMessage } from './messages';
import type { CardCell, CardData } from './types';

export interface CardWarning {
  /** Where in the card: `partners.4.name`, `indicators.2`, `stages.0.cells.2009`, `task.executor`. */
  path: string;
  message: ImportMessage;
}

export interface ParseError {
  message: ImportMessage;
  /** 1-based line of the text the error refers to. */
  line?: number;
}

export type ParsedCard = Omit<CardData, 'task'> & {
  task: CardData['task'] & {
    /** The executor exactly as written on the card (two lines are joined with a newline). */
    executorText: string;
  };
  warnings: CardWarning[];
  /** 1-based line where the card starts in the text (its strategy line or its goal header). */
  line: number;
};

export interface ParseResult {
  cards: ParsedCard[];
  errors: ParseError[];
  /**
   * Cards cut short (no budget section, so sections are missing): their error is in `errors` and
   * they are not in `cards` (nothing saves them as they are), but the preview shows what was read
   * and which sections are missing.
   */
  incomplete: IncompleteCard[];
}

export interface IncompleteCard {
  card: ParsedCard;
  error: ParseError;
  /** The sections the text does not have. */
  missing: SectionKey[];
}

/** The JSON document the import command prints with --json (one per card). */
export interface CardImportJson {
  goal: { number: number; title: string; owner: string };
  program: { number: number; title: string; coordinator: string };
  task: {
    number: number;
    title: string;
    addressees: string;
    justification: string;
    description: string;
    executor: string;
  };
  years: number[];
  stages: {
    number: number | null;
    name: string;
    cells: Record<string, { actual: number | null; planned: number | null } | null>;
  }[];
  partners: { name: string; scope: string }[];
  indicators: {
    type: 'product' | 'result' | 'impact';
    name: string;
    source: string;
    values: Record<string, string>;
  }[];
  totalCost: string;
  funding: { source: string; value: string }[];
  warnings: { path: string; message: string }[];
}

// ---------------------------------------------------------------------------------------------
// Lines and section headings

export const SECTION_HEADINGS = {
  addressees: 'Adresaci',
  justification: 'Uzasadnienie',
  description: 'Opis zadania',
  stages: 'Etapy realizacji zadania',
  executor: 'Realizator',
  partners: 'Podmioty współpracujące',
  indicators: 'Mierniki dla realizacji zadania',
  totalCost: 'Planowany całkowity koszt realizacji',
  budget: 'Budżet zadania',
} as const;
export type SectionKey = keyof typeof SECTION_HEADINGS;
const SECTION_ORDER = Object.keys(SECTION_HEADINGS) as SectionKey[];
const HEADING_LOOKUP = new Map<string, SectionKey>(
  SECTION_ORDER.map((key) => [SECTION_HEADINGS[key].toLowerCase(), key]),
);

interface Line {
  /** 1-based line number in the whole text. */
  no: number;
  /** As written, without the line break. */
  raw: string;
  /** Every run of white space (also U+00A0) folded to one space, trimmed. */
  text: string;
}

/** Rows longer than this many tokens are not split into columns (nothing on a card is that long). */
const MAX_ROW_TOKENS = 400;
/** Text with more than this share of binary or undecodable characters is not read at all. */
const BINARY_SHARE = 0.01;
// Control characters other than tab, line feed, vertical tab, form feed and carriage return; and
// U+FFFD, which a decoder puts where the bytes were not valid UTF-8.
const BAD_CHAR = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/;
const BAD_CHARS = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g;

function fold(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim();
}

function toLines(text: string): Line[] {
  return text.split(/\r\n|\r|\n/).map((raw, index) => ({ no: index + 1, raw, text: fold(raw) }));
}

function headingOf(text: string): SectionKey | undefined {
  if (text.length === 0 || text.length > 60) return undefined;
  return HEADING_LOOKUP.get(text.replace(/\s*:$/, '').toLowerCase());
}

const quote = (text: string) => `„${text}”`;

/** Records a doubtful reading: where in the card, and what to tell the person checking it. */
type Warn = (
  path: string,
  key: ImportMessageKey & `parse.${string}`,
  values?: ImportMessage['values'],
) => void;

// ---------------------------------------------------------------------------------------------
// Headers: strategy, goal, program, task

const GOAL_START = /^[Cc][Ee][Ll]\s+([IVXLCDM]+|\d{1,3})\s*([-–—:.]|\s)\s*/;
const PROGRAM_START = /^(\d{1,3})\s*[.)]\s*(\S.*)$/;
const TASK_START = /^(\d{1,3})\s*[.)]\s*(\S.*)$/;
const STRATEGY_LINE = /^(strategia|plan\s+operacyjny|plan\s+rozwoju)\b/i;
const DASH_SEPARATOR = /\s*[-–—]\s*$/;

function fromRoman(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const digits: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const current = digits[value[i] ?? ''] ?? 0;
    const next = digits[value[i + 1] ?? ''] ?? 0;
    total += current < next ? -current : current;
  }
  return total > 0 ? total : null;
}

/** Splits "… - szef celu X" / "… - koordynator X" at the last occurrence of the marker. */
function splitAtMarker(rest: string, marker: string): { title: string; person: string } | null {
  const at = rest.toLowerCase().lastIndexOf(marker);
  if (at < 0) return null;
  return {
    title: rest.slice(0, at).replace(DASH_SEPARATOR, '').trim(),
    person: rest
      .slice(at + marker.length)
      .replace(/^\s*:?\s*/, '')
      .trim(),
  };
}

function looksLikeProgramHeader(text: string): boolean {
  return PROGRAM_START.test(text) && text.toLowerCase().includes('koordynator');
}

function nextContentIndex(lines: Line[], from: number, end: number): number {
  for (let i = from; i < end; i++) if (lines[i]?.text) return i;
  return -1;
}

function isGoalHeader(lines: Line[], index: number): boolean {
  const line = lines[index];
  if (!line || !GOAL_START.test(line.text)) return false;
  if (line.text.toLowerCase().includes('szef celu')) return true;
  const next = nextContentIndex(lines, index + 1, Math.min(lines.length, index + 4));
  return next >= 0 && looksLikeProgramHeader(lines[next]?.text ?? '');
}

// ---------------------------------------------------------------------------------------------
// Small readers

const TITLE_WORD = /^\p{Lu}\p{Ll}/u;
// Fixed widths (no backtracking) and Polish letters listed: fast on long text.
const GLUED = /[a-ząćęłńóśźż]{2}[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]{2}/;

/** "WPiR", "GUS", "MOSiR", "UMiG": a capital first, at least two capitals, no more small letters than capitals. */
function isAbbreviation(token: string): boolean {
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
function initialsOf(name: string): string {
  return name
    .split(' ')
    .map((word) => (/^\p{Lu}/u.test(word) ? (word[0] ?? '') : word === 'i' ? 'i' : ''))
    .join('');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Where a lowercase letter runs into an uppercase one ("TechnologiiRegionalna"): the word and the split. */
function findGluedWord(text: string): { word: string; before: string; after: string } | null {
  const match = GLUED.exec(text);
  if (!match) return null;
  const cut = match.index + 2;
  const start = text.lastIndexOf(' ', cut) + 1;
  const endSpace = text.indexOf(' ', cut);
  const word = text.slice(start, endSpace < 0 ? undefined : endSpace);
  return { word, before: text.slice(0, cut).trim(), after: text.slice(cut).trim() };
}

// ---------------------------------------------------------------------------------------------
// Stage grid

const YEAR_TOKEN = /^(19\d\d|2[01]\d\d)$/;
const STAGE_CELL = /^(\d+(?:[.,]\d+)?)?\/(\d+(?:[.,]\d+)?)?%?$/;
const DASH_CELL = /^[-–—]$/;
/** A plan-only cell ("15%", a year still ahead): 15 points planned, nothing done yet. */
const PLAN_CELL = /^(\d+(?:[.,]\d+)?)%$/;

function isCellToken(token: string): boolean {
  return (
    DASH_CELL.test(token) ||
    PLAN_CELL.test(token) ||
    (STAGE_CELL.test(token) && token !== '/' && token !== '/%')
  );
}

/** The cell as `actual/planned%`: a plan-only "15%" reads as "/15%". */
function cellForm(token: string): string {
  return PLAN_CELL.test(token) ? `/${token}` : token;
}

function readCell(token: string): CardCell {
  if (DASH_CELL.test(token)) return null;
  const match = STAGE_CELL.exec(cellForm(token));
  if (!match) return null;
  const actual = match[1] !== undefined ? parseDecimal(match[1]) : null;
  const planned = match[2] !== undefined ? parseDecimal(match[2]) : null;
  if (actual === null && planned === null) return null;
  return { actual, planned };
}

/** Reads the year header ("Etapy realizacji Rok" / "2009 2010 …") and returns the years and the first row index. */
function readStageHeader(body: Line[]): { years: number[]; firstRow: number } {
  const years: number[] = [];
  let index = 0;
  for (; index < body.length; index++) {
    const text = body[index]?.text ?? '';
    if (text === '') continue;
    const tokens = text.split(' ');
    const allYears = tokens.every((token) => YEAR_TOKEN.test(token));
    const isHeader =
      allYears ||
      (/^(etapy realizacji|etapy|etap|rok|lata)\b/i.test(text) && !tokens.some((t) => STAGE_CELL.test(t)));
    if (!isHeader) break;
    for (const token of tokens) if (YEAR_TOKEN.test(token)) years.push(Number(token));
  }
  return { years, firstRow: index };
}

/** Points with more than two decimals: the database keeps two (numeric(7,2)), so the card is refused. */
interface TooPrecise {
  stage: number;
  year: number;
  cell: string;
  line: number;
}

function parseStages(
  body: Line[],
  firstRow: number,
  years: number[],
  warn: Warn,
  tooPrecise: (at: TooPrecise) => void,
): CardData['stages'] {
  const out: CardData['stages'] = [];
  const count = years.length;
  let pending: string[] = [];

  const push = (nameText: string, cellTokens: string[]) => {
    const numbered = /^(\d{1,3})\s*[.)]\s*(\S.*)$/.exec(nameText);
    const number = numbered ? Number(numbered[1]) : null;
    const name = numbered ? (numbered[2] ?? '').trim() : nameText.trim();
    const cells: Record<number, CardCell> = {};
    years.forEach((year, i) => {
      const token = cellTokens[i];
      cells[year] = token === undefined ? null : readCell(token);
    });
    out.push({ number, name, cells });
    return out.length - 1;
  };

  for (let i = firstRow; i < body.length; i++) {
    const line = body[i];
    if (!line || line.text === '') continue;
    // "15/15 %" is one cell.
    const tokens = line.text
      .replace(/(\d)\s+%/g, '$1%')
      .split(' ')
      .slice(-MAX_ROW_TOKENS);
    let cellCount = 0;
    while (cellCount < count && cellCount < tokens.length - 1) {
      const token = tokens[tokens.length - 1 - cellCount] ?? '';
      if (!isCellToken(token)) break;
      cellCount++;
    }
    if (cellCount === 0) {
      // No cells: the name of a stage that goes on in the next line, or a stage without a grid.
      if (pending.length > 0 && /^\d{1,3}\s*[.)]\s/.test(line.text)) {
        const at = push(pending.join(' '), []);
        warn(`stages.${at}`, 'parse.stageNoCells', { name: pending.join(' ') });
        pending = [];
      }
      pending.push(line.text);
      continue;
    }
    const nameTokens = tokens.slice(0, tokens.length - cellCount);
    const cellTokens = tokens.slice(tokens.length - cellCount);
    let nameText = nameTokens.join(' ');
    if (pending.length > 0) {
      if (/^\d{1,3}\s*[.)]\s/.test(nameText)) {
        const at = push(pending.join(' '), []);
        warn(`stages.${at}`, 'parse.stageNoCells', { name: pending.join(' ') });
      } else {
        nameText = `${pending.join(' ')} ${nameText}`;
      }
      pending = [];
    }
    if (/^(razem|suma|ogółem)\b/i.test(nameText)) {
      warn('stages', 'parse.totalRowSkipped', { text: line.text, line: line.no });
      continue;
    }
    const at = push(nameText, cellTokens);
    cellTokens.forEach((token, k) => {
      const [, actual = '', planned = ''] = STAGE_CELL.exec(cellForm(token)) ?? [];
      const year = years[k];
      if (
        year !== undefined &&
        Math.max(decimalPlaces(actual), decimalPlaces(planned)) > MAX_DECIMAL_PLACES
      ) {
        tooPrecise({ stage: at + 1, year, cell: token, line: line.no });
      }
    });
    if (cellCount < count) {
      warn(`stages.${at}`, 'parse.stageCells', {
        cells: cellCount,
        count,
        line: line.no,
        firstYear: years[0] ?? '',
      });
    }
  }
  if (pending.length > 0) {
    const at = push(pending.join(' '), []);
    warn(`stages.${at}`, 'parse.stageNoCells', { name: pending.join(' ') });
  }

  let plannedSum = 0;
  out.forEach((stage, index) => {
    for (const year of years) {
      const cell = stage.cells[year];
      if (!cell) continue;
      plannedSum += cell.planned ?? 0;
      if ((cell.planned ?? 0) > 100 || (cell.actual ?? 0) > 100) {
        warn(`stages.${index}.cells.${year}`, 'parse.cellOver100', { year, stage: index + 1 });
      }
    }
  });
  if (out.length > 0 && Math.abs(plannedSum - 100) > 0.001) {
    warn('stages', 'parse.plannedSum', { sum: round2(plannedSum) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Executor

const FUNCTION_WORDS =
  /^(naczelnik|dyrektor|kierownik|prezes|komendant|sekretarz|skarbnik|zastępca|pełnomocnik|rzecznik|koordynator|prezydent|burmistrz|wójt|inspektor|główny|p\.o\.)\b/i;

function parseExecutor(
  body: Line[],
  warn: Warn,
): { executor: CardData['task']['executor']; executorText: string } {
  const rows = body.filter((line) => line.text !== '');
  const executorText = rows.map((line) => line.raw.trim()).join('\n');
  if (rows.length === 0) {
    warn('task.executor', 'parse.executorMissing');
    return { executor: { department: '', function: '' }, executorText };
  }
  const first = rows[0]?.text ?? '';
  const second = rows[1]?.text ?? '';
  const splitDash = (text: string) => {
    const match = /^(.*\S)\s+[-–—]\s+(\S.*)$/.exec(text);
    return match ? { department: match[1] ?? '', function: match[2] ?? '' } : null;
  };
  if (rows.length > 2 || (rows.length === 2 && splitDash(first) && splitDash(second))) {
    warn('task.executor', 'parse.executorSeveral', { rows: rows.length, first });
  }
  const oneLine = splitDash(first);
  if (oneLine && (rows.length === 1 || splitDash(second))) return { executor: oneLine, executorText };
  if (rows.length >= 2) {
    return {
      executor: { department: first.replace(DASH_SEPARATOR, ''), function: second },
      executorText,
    };
  }
  if (!FUNCTION_WORDS.test(first)) {
    warn('task.executor', 'parse.executorSplit', { executor: first });
  }
  // A post's own name ("Dyrektor Miejskiego Ośrodka Pomocy Rodzinie"): matched by post name.
  return { executor: { department: '', function: '' }, executorText };
}

// ---------------------------------------------------------------------------------------------
// Partners

/** First words of a scope of cooperation on real cards ("Wymiana informacji, …"). */
const SCOPE_OPENINGS = new Set(
  [
    'wymiana',
    'współpraca',
    'wsparcie',
    'udział',
    'uczestnictwo',
    'organizacja',
    'współorganizacja',
    'pomoc',
    'konsultacje',
    'konsultowanie',
    'doradztwo',
    'promocja',
    'realizacja',
    'współrealizacja',
    'przekazywanie',
    'przekazanie',
    'udostępnianie',
    'udostępnienie',
    'opiniowanie',
    'finansowanie',
    'współfinansowanie',
    'partnerstwo',
    'patronat',
    'szkolenia',
    'prowadzenie',
    'przygotowanie',
    'koordynacja',
    'informowanie',
    'zapewnienie',
    'nadzór',
    'opracowanie',
    'badania',
    'pozyskiwanie',
    'rekrutacja',
    'obsługa',
    'członkostwo',
    'dostarczanie',
    'monitorowanie',
    'ewaluacja',
    'diagnoza',
  ].map((word) => word.toLowerCase()),
);

function firstWord(text: string): string {
  return (text.split(' ')[0] ?? '').replace(/[,.:;]+$/, '').toLowerCase();
}

function isLowerish(token: string): boolean {
  if (isAbbreviation(token)) return true;
  const letter = /\p{L}/u.exec(token);
  return !letter || /\p{Ll}/u.test(letter[0]);
}

/** Index of the token where the scope most plausibly starts ("… Zawodowa | Wymiana informacji, …"). */
function scopeStart(tokens: string[]): number | null {
  for (let c = 1; c < tokens.length; c++) {
    const token = tokens[c] ?? '';
    if (!TITLE_WORD.test(token)) continue;
    if (SCOPE_OPENINGS.has(firstWord(token)) && tokens.slice(c + 1).every(isLowerish)) return c;
    const rest = tokens.slice(c + 1);
    // "… Zawodowa Wymiana informacji, …" yes; "Zespół Szkół Ponadgimnazjalnych nr 1" no: a scope
    // has at least one ordinary word after its first.
    if (rest.every(isLowerish) && rest.some((word) => /^\p{Ll}{4,}/u.test(word))) return c;
  }
  return null;
}

interface PartnerRow {
  line: Line;
  tokens: string[];
  start: number | null;
}

function parsePartners(body: Line[], warn: Warn): CardData['partners'] {
  const rows: PartnerRow[] = body
    .filter((line) => line.text !== '')
    .filter((line) => !(/^nazwa\b/i.test(line.text) && /zakres/i.test(line.text)))
    .filter((line) => !/^brak\.?$/i.test(line.text))
    .map((line) => {
      const tokens = line.text.split(' ');
      return { line, tokens, start: tokens.length > MAX_ROW_TOKENS ? null : scopeStart(tokens) };
    });

  // A scope written on several rows (or alone on a row) is known: it tells where names end.
  const seen = new Map<string, number>();
  const bump = (text: string) => seen.set(text, (seen.get(text) ?? 0) + 1);
  for (const row of rows) {
    if (row.start !== null) bump(row.tokens.slice(row.start).join(' '));
    else bump(row.line.text);
  }
  const knownScopes = [...seen.entries()]
    .filter(([text, n]) => n >= 2 && text.includes(' '))
    .map(([text]) => text)
    .slice(0, 50);
  const isKnownScope = (text: string) => knownScopes.includes(text);
  const isPureScope = (row: PartnerRow): 'known' | 'shape' | null => {
    if (isKnownScope(row.line.text)) return 'known';
    if (row.start !== null) return null;
    if (SCOPE_OPENINGS.has(firstWord(row.line.text))) return 'known';
    const [head, ...rest] = row.tokens;
    if (head && TITLE_WORD.test(head) && rest.length >= 1 && rest.every(isLowerish)) return 'shape';
    return null;
  };

  const out: CardData['partners'] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const path = `partners.${out.length}`;
    const columns = row.line.raw
      .split('\t')
      .map((part) => fold(part))
      .filter(Boolean);
    if (columns.length >= 2) {
      out.push({ name: columns[0] ?? '', scope: columns.slice(1).join(' ') });
      continue;
    }
    const known = knownScopes.find(
      (scope) => row.line.text.endsWith(` ${scope}`) && row.line.text.length > scope.length + 1,
    );
    if (known) {
      out.push({ name: row.line.text.slice(0, row.line.text.length - known.length - 1), scope: known });
      continue;
    }
    if (row.start !== null) {
      const name = row.tokens.slice(0, row.start).join(' ');
      const scope = row.tokens.slice(row.start).join(' ');
      out.push({ name, scope });
      if (!SCOPE_OPENINGS.has(firstWord(scope))) {
        warn(`${path}.name`, 'parse.partnerSplit', { line: row.line.no, name, scope });
      }
      continue;
    }
    // A name alone; its scope may be the next row.
    const next = rows[r + 1];
    const nextKind = next ? isPureScope(next) : null;
    if (next && nextKind) {
      out.push({ name: row.line.text, scope: next.line.text });
      if (nextKind === 'shape') {
        warn(`${path}.scope`, 'parse.partnerScopeRow', {
          line: next.line.no,
          text: next.line.text,
          partnerLine: row.line.no,
        });
      }
      r++;
      continue;
    }
    out.push({ name: row.line.text, scope: '' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Indicators

const INDICATOR_TYPES = {
  produktu: 'product',
  rezultatu: 'result',
  oddziaływania: 'impact',
} as const;
type IndicatorKind = (typeof INDICATOR_TYPES)[keyof typeof INDICATOR_TYPES];
const TYPE_HEADING = /^wskaźnik(?:i)?\s+(produktu|rezultatu|oddziaływania)\s*:?\s*(.*)$/i;

/** Institutions that appear as sources on cards of Polish cities. */
const COMMON_SOURCES = new Set([
  'GUS',
  'US',
  'PUP',
  'WUP',
  'ZUS',
  'UM',
  'UG',
  'UMiG',
  'BDL',
  'NBP',
  'KRS',
  'CEIDG',
  'REGON',
  'MOPR',
  'MOPS',
  'PCPR',
  'KPP',
  'KMP',
  'PSP',
  'PSSE',
  'WIOŚ',
  'PFRON',
  'NFZ',
  'OKE',
  'CKE',
  'SIO',
  'Policja',
  'Sanepid',
  'Urząd Statystyczny',
  'Urząd Miasta',
  'Urząd Skarbowy',
  'Powiatowy Urząd Pracy',
  'Starostwo Powiatowe',
  'Straż Miejska',
]);

const NO_DATA_TOKEN = /^(bd\.?|b\.d\.?|b\/d|brak|x|-|–|—|n\/d|nd\.?|\?|tak|nie)$/i;
const VALUE_PREFIX = /^(ok\.?|około|ca\.?|~|ponad|powyżej|poniżej|min\.?|max\.?|>|<|>=|<=)$/i;
const NUMBER_TOKEN = /^[~≈<>]?[+-]?\d+(?:[.,]\d+)?(?:%|zł)?$/;
const COMPOUND_TOKEN = /^\d+(?:[.,]\d+)?(?:[/:-]\d+(?:[.,]\d+)?)+%?$/;
const GROUP_HEAD = /^(0|[1-9]\d{0,2})$/;
const GROUP_TAIL = /^\d{3}(?:[.,]\d+)?%?$/;
const UNIT_TOKEN =
  /^(%|tys\.?|mln\.?|mld\.?|zł\.?|pln|osób|os\.?|osoby|szt\.?|km|m2|m²|ha|pkt\.?|godz\.?|dni|lat|egz\.?)$/i;

/** The possible lengths (in tokens) of one value starting at index i: "1", "99 832", "ok. 40", "48 (w tym 6 nowych)". */
function valueLengths(tokens: string[], i: number): number[] {
  const out = new Set<number>();
  const at = (k: number) => tokens[k] ?? '';
  const withRemark = (k: number) => {
    if (!at(k).startsWith('(')) return;
    for (let m = k; m < Math.min(tokens.length, k + 15); m++) {
      if (at(m).endsWith(')')) {
        out.add(m + 1 - i);
        return;
      }
    }
  };
  const afterCore = (j: number) => {
    out.add(j - i);
    withRemark(j);
    let k = j;
    for (let units = 0; units < 2 && UNIT_TOKEN.test(at(k)); units++) {
      k++;
      out.add(k - i);
      withRemark(k);
    }
  };
  if (i >= tokens.length) return [];
  if (NO_DATA_TOKEN.test(at(i))) {
    out.add(1);
    withRemark(i + 1);
  }
  if (/^brak$/i.test(at(i)) && /^danych\.?$/i.test(at(i + 1))) out.add(2);
  const core = VALUE_PREFIX.test(at(i)) ? i + 1 : i;
  const first = at(core);
  if (NUMBER_TOKEN.test(first) || COMPOUND_TOKEN.test(first)) afterCore(core + 1);
  if (GROUP_HEAD.test(first)) {
    for (let k = core + 1; k < tokens.length && GROUP_TAIL.test(at(k)); k++) afterCore(k + 1);
  }
  return [...out].filter((length) => i + length <= tokens.length).sort((a, b) => b - a);
}

/**
 * ways(i): in how many ways tokens i… split into exactly `count` values (capped); first(i): the
 * most plausible split — the one whose longest value is shortest ("99 832 120 415" → "99 832",
 * "120 415" rather than "99 832 120", "415").
 */
function valueSplits(tokens: string[], count: number) {
  const n = tokens.length;
  const lengths: number[][] = tokens.map((_, i) => valueLengths(tokens, i));
  const ways: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(count + 1).fill(0));
  const longest: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(count + 1).fill(Number.POSITIVE_INFINITY),
  );
  (ways[n] as number[])[0] = 1;
  (longest[n] as number[])[0] = 0;
  for (let i = n - 1; i >= 0; i--) {
    const row = ways[i] as number[];
    const best = longest[i] as number[];
    for (let k = 1; k <= count; k++) {
      let total = 0;
      for (const length of lengths[i] ?? []) {
        total += ways[i + length]?.[k - 1] ?? 0;
        const rest = longest[i + length]?.[k - 1] ?? Number.POSITIVE_INFINITY;
        best[k] = Math.min(best[k] ?? Number.POSITIVE_INFINITY, Math.max(length, rest));
      }
      row[k] = Math.min(total, 1000);
    }
  }
  const first = (start: number): string[] => {
    const values: string[] = [];
    let i = start;
    const limit = longest[start]?.[count] ?? Number.POSITIVE_INFINITY;
    for (let k = count; k > 0; k--) {
      const length = (lengths[i] ?? []).find(
        (l) => l <= limit && (longest[i + l]?.[k - 1] ?? Number.POSITIVE_INFINITY) <= limit,
      );
      if (length === undefined) return values;
      values.push(tokens.slice(i, i + length).join(' '));
      i += length;
    }
    return values;
  };
  return { ways: (start: number) => ways[start]?.[count] ?? 0, first };
}

/** How surely tokens name a source: 3 known, 2 shaped like one, 0 not a source. */
function sourceScore(parts: string[], known: Set<string>): number {
  const joined = parts.join(' ');
  if (known.has(joined) || COMMON_SOURCES.has(joined)) return 3;
  const isKnown = (token: string) => known.has(token) || COMMON_SOURCES.has(token);
  const head = parts[0] ?? '';
  if (parts.length === 1) {
    if (isAbbreviation(head)) return 2;
    if (head.includes('/') && head.split('/').every((part) => isKnown(part) || isAbbreviation(part)))
      return 3;
  }
  // "WPiR / LCB", "WPiR, GUS"
  if (/[/,]/.test(joined)) {
    const pieces = joined.split(/\s*[/,]\s*/).filter(Boolean);
    if (pieces.length >= 2 && pieces.every((piece) => isKnown(piece) || isAbbreviation(piece))) return 3;
  }
  // "WPiR- szkoły wyższe", "WPiR - szkoły", "WPiR-szkoły wyższe"
  const glued = /^(.+?)[-–](.*)$/.exec(head);
  const abbreviation = glued ? glued[1] : parts[1] === '-' || parts[1] === '–' ? head : undefined;
  if (abbreviation && (isKnown(abbreviation) || isAbbreviation(abbreviation))) {
    const words = parts.slice(glued ? 1 : 2);
    if (words.every((word) => /\p{L}/u.test(word) && !NUMBER_TOKEN.test(word))) {
      return isKnown(abbreviation) ? 3 : 2;
    }
  }
  return 0;
}

interface IndicatorRead {
  name: string;
  source: string;
  values: string[];
  /** null: read without doubt. */
  doubt: ImportMessage | null;
}

function readIndicatorRow(
  text: string,
  raw: string,
  count: number,
  known: Set<string>,
): IndicatorRead | null {
  const columns = raw
    .split('\t')
    .map((part) => fold(part))
    .filter(Boolean);
  if (columns.length === count + 2) {
    return { name: columns[0] ?? '', source: columns[1] ?? '', values: columns.slice(2), doubt: null };
  }
  const tokens = text.split(' ');
  if (tokens.length > MAX_ROW_TOKENS || count === 0) return null;
  const splits = valueSplits(tokens, count);
  interface Candidate {
    sourceStart: number;
    valuesStart: number;
    score: number;
  }
  const candidates: Candidate[] = [];
  for (let v = tokens.length - 1; v >= 1; v--) {
    if (splits.ways(v) === 0) continue;
    for (let s = Math.max(1, v - 8); s < v; s++) {
      const score = sourceScore(tokens.slice(s, v), known);
      // A name does not end in a separator: "… MOPR /" + "LCB" is "…" + "MOPR / LCB".
      const dangling = /[/,–-]$/.test(tokens[s - 1] ?? '') ? 1.5 : 0;
      if (score > 0) candidates.push({ sourceStart: s, valuesStart: v, score: score - dangling });
    }
    // No recognisable source: the last word before the values, or no source at all.
    const last = tokens[v - 1] ?? '';
    if (v >= 2 && /^\p{L}[\p{L}.-]*$/u.test(last)) {
      candidates.push({ sourceStart: v - 1, valuesStart: v, score: /^\p{Lu}/u.test(last) ? 1 : 0.4 });
    }
    candidates.push({ sourceStart: v, valuesStart: v, score: 0.6 });
  }
  if (candidates.length === 0) return null;
  const best = Math.max(...candidates.map((candidate) => candidate.score));
  const top = candidates.filter((candidate) => candidate.score === best);
  // Among equally sure readings prefer the longest name (values and source as short as possible).
  top.sort((a, b) => b.valuesStart - a.valuesStart || b.sourceStart - a.sourceStart);
  const chosen = top[0] as Candidate;
  const read: IndicatorRead = {
    name: tokens.slice(0, chosen.sourceStart).join(' '),
    source: tokens.slice(chosen.sourceStart, chosen.valuesStart).join(' '),
    values: splits.first(chosen.valuesStart),
    doubt: null,
  };
  const shown = { name: read.name, source: read.source, values: read.values.map(quote).join(', ') };
  const distinct = new Set(top.map((c) => `${c.sourceStart}:${c.valuesStart}`));
  if (best < 2) {
    read.doubt = importMessage(
      read.source ? 'parse.indicatorUnknownSource' : 'parse.indicatorNoSource',
      shown,
    );
  } else if (distinct.size > 1) {
    read.doubt = importMessage('parse.indicatorSplits', shown);
  } else if (splits.ways(chosen.valuesStart) > 1) {
    read.doubt = importMessage('parse.indicatorThousands', shown);
  }
  return read;
}

function parseIndicators(
  body: Line[],
  years: number[],
  knownSources: Set<string>,
  warn: Warn,
): { indicators: CardData['indicators']; years: number[] } {
  let valueYears = years;
  const out: CardData['indicators'] = [];
  let type: IndicatorKind | null = null;
  let typeHasNone = false;
  const rows = body.filter((line) => line.text !== '');

  const header = rows.find((line) => /^typ\b/i.test(line.text) && /wskaźnik/i.test(line.text));
  if (header) {
    const headerYears = header.text
      .split(' ')
      .filter((token) => YEAR_TOKEN.test(token))
      .map(Number);
    if (headerYears.length > 0) {
      valueYears = headerYears;
      if (headerYears.join(',') !== years.join(',')) {
        warn('indicators', 'parse.indicatorYears', {
          indicatorYears: headerYears.join(', '),
          stageYears: years.join(', '),
        });
      }
    }
  }

  // Several sources repeated over rows ("WPiR" in each) count as known for this card.
  const tokenRows = new Map<string, number>();
  for (const line of rows) {
    for (const token of new Set(line.text.split(' ').slice(0, MAX_ROW_TOKENS))) {
      if (isAbbreviation(token)) tokenRows.set(token, (tokenRows.get(token) ?? 0) + 1);
    }
  }
  const known = new Set(knownSources);
  for (const [token, n] of tokenRows) if (n >= 2) known.add(token);

  for (let r = 0; r < rows.length; r++) {
    const line = rows[r];
    if (!line || line === header) continue;
    const typeMatch = TYPE_HEADING.exec(line.text);
    let rowText = line.text;
    let rowRaw = line.raw;
    if (typeMatch) {
      type = INDICATOR_TYPES[(typeMatch[1] ?? '').toLowerCase() as keyof typeof INDICATOR_TYPES] ?? null;
      typeHasNone = false;
      rowText = (typeMatch[2] ?? '').trim();
      rowRaw = rowText;
      if (rowText === '') continue;
    }
    if (/^brak\.?$/i.test(rowText)) {
      typeHasNone = true;
      continue;
    }
    if (type === null) {
      warn(`indicators.${out.length}`, 'parse.indicatorBeforeType', { line: line.no });
      type = 'product';
    }
    if (typeHasNone) {
      warn(`indicators.${out.length}`, 'parse.indicatorTypeNone', { type, line: line.no });
      typeHasNone = false;
    }
    const path = `indicators.${out.length}`;
    let read = readIndicatorRow(rowText, rowRaw, valueYears.length, known);
    const next = rows[r + 1];
    if (
      (!read || read.values.length < valueYears.length) &&
      next &&
      !TYPE_HEADING.test(next.text) &&
      !/^brak\.?$/i.test(next.text)
    ) {
      // A long name that goes on in the next line.
      const joined = readIndicatorRow(`${rowText} ${next.text}`, '', valueYears.length, known);
      if (joined && joined.doubt === null) {
        read = {
          ...joined,
          doubt: importMessage('parse.indicatorTwoLines', {
            line: line.no,
            nextLine: next.no,
            name: joined.name,
          }),
        };
        r++;
      }
    }
    if (!read || read.values.length < valueYears.length) {
      out.push({ type, name: rowText, source: '', values: {} });
      warn(path, 'parse.indicatorSplitFailed', { line: line.no, count: valueYears.length });
      continue;
    }
    const values: Record<number, string> = {};
    valueYears.forEach((year, i) => {
      values[year] = read.values[i] ?? '';
    });
    out.push({ type, name: read.name, source: read.source, values });
    if (read.doubt) warn(path, read.doubt.key as Parameters<Warn>[1], read.doubt.values);
  }

  const seen = new Set<string>();
  out.forEach((indicator, index) => {
    const key = `${indicator.type}\u0000${indicator.name}`;
    if (seen.has(key)) {
      warn(`indicators.${index}`, 'parse.indicatorTwice', { name: indicator.name, type: indicator.type });
    }
    seen.add(key);
  });
  return { indicators: out, years: valueYears };
}

// ---------------------------------------------------------------------------------------------
// Budget

const FUNDING_VALUE =
  /^(.*?)[\s:]*((?:(?:ok\.?|około|ca\.?)\s*)?(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?\s*(?:%|(?:(?:tys\.?|mln|mld)\s*)?(?:zł|pln)\.?))$/i;
const FUNDING_NUMBER = /^(.*?)[\s:]+(\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)$/;

const FUNDING_ONLY_VALUE =
  /^(?:(?:ok\.?|około|ca\.?)\s*)?(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?\s*(?:%|(?:(?:tys\.?|mln|mld)\s*)?(?:zł|pln)\.?)?$/i;

function parseBudget(body: Line[], warn: Warn): { budgetNote: string; funding: CardData['funding'] } {
  const notes: string[] = [];
  const funding: CardData['funding'] = [];
  // A source whose amount may still come on the next line ("Program Urbact" / "80%").
  let waiting: { index: number; line: Line } | null = null;
  const settle = () => {
    if (!waiting) return;
    warn(`funding.${waiting.index}.value`, 'parse.fundingNoValue', {
      line: waiting.line.no,
      text: waiting.line.text,
    });
    waiting = null;
  };
  for (const line of body) {
    const text = line.text;
    if (text === '') continue;
    if (/^źródło finansowania\b/i.test(text) && /środki/i.test(text)) continue;
    const columns = line.raw
      .split('\t')
      .map((part) => fold(part))
      .filter(Boolean);
    if (columns.length === 2) {
      settle();
      funding.push({ source: columns[0] ?? '', value: columns[1] ?? '' });
      continue;
    }
    if (text.length <= 1000 && FUNDING_ONLY_VALUE.test(text)) {
      if (waiting) {
        const item = funding[waiting.index];
        if (item) item.value = text;
        waiting = null;
      } else {
        funding.push({ source: '', value: text });
        warn(`funding.${funding.length - 1}.source`, 'parse.fundingNoSource', { line: line.no, text });
      }
      continue;
    }
    settle();
    const match = text.length <= 1000 ? (FUNDING_VALUE.exec(text) ?? FUNDING_NUMBER.exec(text)) : null;
    if (match && (match[1] ?? '').trim() !== '') {
      funding.push({ source: (match[1] ?? '').replace(/[\s:]+$/, ''), value: (match[2] ?? '').trim() });
      continue;
    }
    if (text.endsWith(':')) {
      if (funding.length > 0) {
        warn('budgetNote', 'parse.budgetNoteBetween', { text, line: line.no });
      }
      notes.push(line.raw.trim());
      continue;
    }
    funding.push({ source: text, value: '' });
    waiting = { index: funding.length - 1, line };
  }
  settle();
  const shares = funding.map((item) => /^\s*([\d\s.,]+)\s*%\s*$/.exec(item.value));
  if (funding.length > 0 && shares.every(Boolean)) {
    const total = shares.reduce((sum, match) => sum + (parseDecimal(match?.[1] ?? '') ?? 0), 0);
    if (Math.abs(total - 100) > 0.001) {
      warn('funding', 'parse.fundingShares', { sum: round2(total) });
    }
  }
  return { budgetNote: notes.join('\n'), funding };
}

// ---------------------------------------------------------------------------------------------
// Free text

function block(body: Line[] | undefined): string {
  if (!body) return '';
  const lines = body.map((line) => line.raw.replace(/\u00a0/g, ' ').trim());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.filter((line, i) => line !== '' || lines[i - 1] !== '').join('\n');
}

// ---------------------------------------------------------------------------------------------
// One card

type CardOutcome =
  | { card: ParsedCard; cut?: undefined }
  | { error: ParseError }
  /** A card cut short: what was read, and why it cannot be saved as it is. */
  | { card: ParsedCard; cut: { error: ParseError; missing: SectionKey[] } };

function parseCard(
  lines: Line[],
  range: { start: number; header: number; end: number },
  strategyName: string,
): CardOutcome {
  const warnings: CardWarning[] = [];
  const warn: Warn = (path, key, values = {}) => warnings.push({ path, message: importMessage(key, values) });
  const fail = (key: ImportMessageKey, values: ImportMessage['values'], line: number): CardOutcome => ({
    error: { message: importMessage(key, values), line },
  });
  const headerLine = lines[range.header] as Line;
  const startNo = (lines[range.start] as Line).no;

  for (let i = range.start; i < range.end; i++) {
    const line = lines[i] as Line;
    if (BAD_CHAR.test(line.raw)) {
      return fail('parse.cardBinary', { start: startNo, line: line.no }, line.no);
    }
  }

  // Cel I - <title> - szef celu <post>
  const goalMatch = GOAL_START.exec(headerLine.text);
  const goalNumber = fromRoman(goalMatch?.[1] ?? '');
  if (!goalMatch || goalNumber === null) {
    return fail('parse.goalHeaderMissing', { line: headerLine.no }, headerLine.no);
  }
  const goalRest = headerLine.text.slice(goalMatch[0].length);
  const goalParts = splitAtMarker(goalRest, 'szef celu');
  if (!goalParts) warn('goal.owner', 'parse.goalOwnerMissing', { line: headerLine.no });
  if (/^[IVXLCDM]+$/.test(goalMatch[1] ?? '') && toRoman(goalNumber) !== goalMatch[1]) {
    warn('goal.number', 'parse.goalNumberOdd', { written: goalMatch[1] ?? '', number: goalNumber });
  }
  const goal = {
    number: goalNumber,
    title: goalParts ? goalParts.title : goalRest.replace(DASH_SEPARATOR, ''),
    owner: goalParts?.person ?? '',
  };

  // <n>. <program> - koordynator <post>
  const programIndex = nextContentIndex(lines, range.header + 1, range.end);
  const programLine = lines[programIndex];
  const programMatch = programLine ? PROGRAM_START.exec(programLine.text) : null;
  if (!programLine || !programMatch || headingOf(programLine.text)) {
    return fail('parse.programHeaderMissing', { line: headerLine.no }, programLine?.no ?? headerLine.no);
  }
  const programParts = splitAtMarker(programMatch[2] ?? '', 'koordynator');
  if (!programParts) {
    warn('program.coordinator', 'parse.coordinatorMissing', { line: programLine.no });
  }
  const program = {
    number: Number(programMatch[1]),
    title: programParts ? programParts.title : (programMatch[2] ?? '').trim(),
    coordinator: programParts?.person ?? '',
  };

  // <n>. <task title>
  const taskIndex = nextContentIndex(lines, programIndex + 1, range.end);
  const taskLine = lines[taskIndex];
  const taskMatch = taskLine && !headingOf(taskLine.text) ? TASK_START.exec(taskLine.text) : null;
  if (!taskLine || !taskMatch) {
    return fail('parse.taskHeaderMissing', { line: programLine.no }, taskLine?.no ?? programLine.no);
  }
  if (goal.number <= 0 || program.number <= 0 || Number(taskMatch[1]) <= 0) {
    return fail('parse.numbersNotPositive', { from: headerLine.no, to: taskLine.no }, headerLine.no);
  }

  // Sections.
  const titleExtra: string[] = [];
  const sections = new Map<SectionKey, { line: Line; body: Line[] }>();
  let current: SectionKey | null = null;
  let lastContent: Line = taskLine;
  for (let i = taskIndex + 1; i < range.end; i++) {
    const line = lines[i] as Line;
    const key = headingOf(line.text);
    if (line.text) lastContent = line;
    if (key && !sections.has(key)) {
      sections.set(key, { line, body: [] });
      current = key;
      continue;
    }
    if (key) {
      warn('sections', 'parse.sectionRepeated', { section: SECTION_HEADINGS[key], line: line.no });
    }
    if (current === null) {
      if (line.text) titleExtra.push(line.text);
    } else {
      sections.get(current)?.body.push(line);
    }
  }
  let cut: { error: ParseError; missing: SectionKey[] } | undefined;
  if (!sections.has('budget')) {
    const missingKeys = SECTION_ORDER.filter((key) => !sections.has(key));
    const missing = missingKeys.map((key) => quote(SECTION_HEADINGS[key]));
    const values = { line: lastContent.no, missing: missing.join(', ') };
    const outcome = current
      ? fail('parse.cardCutInSection', { ...values, section: SECTION_HEADINGS[current] }, lastContent.no)
      : fail(
          'parse.cardCutAfterTask',
          { ...values, title: (taskMatch[2] ?? '').slice(0, 60) },
          lastContent.no,
        );
    if ('error' in outcome) cut = { error: outcome.error, missing: missingKeys };
  }
  for (const key of SECTION_ORDER) {
    if (!sections.has(key) && !cut) {
      warn(key, 'parse.sectionMissing', { section: SECTION_HEADINGS[key] });
    }
  }

  // Years: from the stage grid's header, else from the indicators' header.
  const stageBody = sections.get('stages')?.body ?? [];
  const stageHeader = readStageHeader(stageBody);
  let years = stageHeader.years;
  if (years.length === 0) {
    const indicatorHeader = (sections.get('indicators')?.body ?? []).find((line) =>
      /^typ\b/i.test(line.text),
    );
    years = (indicatorHeader?.text.split(' ') ?? []).filter((token) => YEAR_TOKEN.test(token)).map(Number);
    if (years.length > 0) {
      warn('years', 'parse.yearsFromIndicators');
    }
  }
  // A card cut short is shown with what it has, years or not (the preview says what is missing).
  if (years.length === 0 && !cut) {
    const at = sections.get('stages')?.line ?? headerLine;
    return fail('parse.yearsMissing', { section: SECTION_HEADINGS.stages, line: at.no }, at.no);
  }
  if (years.some((year, i) => i > 0 && year !== (years[i - 1] ?? 0) + 1)) {
    warn('years', 'parse.yearsNotConsecutive', { years: years.join(', ') });
  }

  const precision: { first: TooPrecise | null } = { first: null };
  const stages = parseStages(stageBody, stageHeader.firstRow, years, warn, (at) => {
    precision.first ??= at;
  });
  if (precision.first) {
    const at = precision.first;
    return fail('parse.cellDecimals', { start: startNo, ...at }, at.line);
  }
  const { executor, executorText } = parseExecutor(sections.get('executor')?.body ?? [], warn);
  const partners = parsePartners(sections.get('partners')?.body ?? [], warn);

  // Sources this card itself names: the executor's and partners' initials, abbreviations in its text.
  const knownSources = new Set<string>();
  for (const name of [executor.department, ...partners.map((partner) => partner.name)]) {
    const initials = initialsOf(name);
    if (initials.length >= 2) knownSources.add(initials);
  }
  const indicatorLines = new Set(sections.get('indicators')?.body ?? []);
  for (let i = range.header; i < range.end; i++) {
    const line = lines[i] as Line;
    if (indicatorLines.has(line)) continue;
    for (const token of line.text.split(' ').slice(0, MAX_ROW_TOKENS)) {
      const bare = token.replace(/^[(„"]+|[),.;:”"]+$/g, '');
      if (isAbbreviation(bare)) knownSources.add(bare);
    }
  }
  const indicatorResult = parseIndicators(sections.get('indicators')?.body ?? [], years, knownSources, warn);
  const { budgetNote, funding } = parseBudget(sections.get('budget')?.body ?? [], warn);
  const totalCost = (sections.get('totalCost')?.body ?? [])
    .map((line) => line.text)
    .filter(Boolean)
    .join(' ');

  if (!strategyName) {
    warn('strategy.name', 'parse.strategyMissing');
  }

  const card: ParsedCard = {
    strategy: { name: strategyName },
    goal,
    program,
    task: {
      number: Number(taskMatch[1]),
      title: [(taskMatch[2] ?? '').trim(), ...titleExtra].join(' '),
      addressees: block(sections.get('addressees')?.body),
      justification: block(sections.get('justification')?.body),
      description: block(sections.get('description')?.body),
      executor,
      executorText,
    },
    years,
    stages,
    partners,
    indicators: indicatorResult.indicators,
    totalCost,
    budgetNote,
    funding,
    warnings,
    line: startNo,
  };
  checkGluedWords(card, warn);
  return cut ? { card, cut } : { card };
}

function checkGluedWords(card: ParsedCard, warn: Warn) {
  const check = (path: string, text: string, partner = false) => {
    const glued = findGluedWord(text);
    if (!glued) return;
    if (partner) warn(path, 'parse.gluedPartner', glued);
    else warn(path, 'parse.gluedWord', { word: glued.word });
  };
  check('goal.title', card.goal.title);
  check('goal.owner', card.goal.owner);
  check('program.title', card.program.title);
  check('program.coordinator', card.program.coordinator);
  check('task.title', card.task.title);
  check('task.addressees', card.task.addressees);
  check('task.justification', card.task.justification);
  check('task.description', card.task.description);
  check('task.executor', card.task.executorText);
  card.stages.forEach((stage, i) => check(`stages.${i}.name`, stage.name));
  card.partners.forEach((partner, i) => {
    check(`partners.${i}.name`, partner.name, true);
    check(`partners.${i}.scope`, partner.scope);
  });
  card.indicators.forEach((indicator, i) => {
    check(`indicators.${i}.name`, indicator.name);
    check(`indicators.${i}.source`, indicator.source);
  });
  card.funding.forEach((item, i) => check(`funding.${i}.source`, item.source));
}

// ---------------------------------------------------------------------------------------------
// The whole text

function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseText(input: string): ParseResult {
  const text = input.startsWith('\ufeff') ? input.slice(1) : input;
  if (text.trim() === '') {
    return { cards: [], incomplete: [], errors: [{ message: importMessage('parse.emptyText') }] };
  }
  const badCount = (text.match(BAD_CHARS) ?? []).length;
  if (badCount > 0 && badCount > text.length * BINARY_SHARE) {
    const first = text.search(BAD_CHARS);
    const replacement = text.includes('\ufffd');
    const line = lineOfIndex(text, first);
    return {
      cards: [],
      incomplete: [],
      errors: [
        {
          message: importMessage(replacement ? 'parse.notUtf8' : 'parse.binary', { count: badCount, line }),
          line,
        },
      ],
    };
  }

  const lines = toLines(text);
  const headers: number[] = [];
  for (let i = 0; i < lines.length; i++) if (isGoalHeader(lines, i)) headers.push(i);

  const errors: ParseError[] = [];
  const firstHeading = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = lines[i] as Line;
      if (headingOf(line.text)) return line;
    }
    return null;
  };

  if (headers.length === 0) {
    const heading = firstHeading(0, lines.length);
    return {
      cards: [],
      incomplete: [],
      errors: [
        {
          message: heading
            ? importMessage('parse.noGoalHeaderBeforeSection', { line: heading.no, section: heading.text })
            : importMessage('parse.noGoalHeader'),
          line: heading?.no,
        },
      ],
    };
  }

  // Where each card starts: its strategy line (when present) or its goal header.
  const firstHeader = headers[0] as number;
  const orphan = firstHeading(0, firstHeader);
  if (orphan) {
    errors.push({
      message: importMessage('parse.orphanSection', {
        headerLine: (lines[firstHeader] as Line).no,
        section: orphan.text,
        line: orphan.no,
      }),
      line: orphan.no,
    });
  }
  const starts: { start: number; strategy: string | null }[] = [];
  const strategyNames = new Set<string>();
  headers.forEach((header, k) => {
    const floor = k === 0 ? 0 : (headers[k - 1] as number) + 1;
    let p = header - 1;
    while (p >= floor && (lines[p] as Line).text === '') p--;
    const candidate = p >= floor ? (lines[p] as Line).text : '';
    // The first card takes the line above its goal header; later cards only a line that reads as a
    // strategy's name, since anything else there is most likely the previous card's last funding row.
    const accepted =
      candidate !== '' &&
      candidate.length <= 300 &&
      !headingOf(candidate) &&
      ((k === 0 && !orphan) || STRATEGY_LINE.test(candidate) || strategyNames.has(candidate));
    if (accepted) strategyNames.add(candidate);
    starts.push(accepted ? { start: p, strategy: candidate } : { start: header, strategy: null });
  });

  const cards: ParsedCard[] = [];
  const incomplete: IncompleteCard[] = [];
  let strategyName = '';
  headers.forEach((header, k) => {
    const begin = starts[k] as { start: number; strategy: string | null };
    if (begin.strategy !== null) strategyName = begin.strategy;
    const end = k + 1 < headers.length ? (starts[k + 1] as { start: number }).start : lines.length;
    const outcome = parseCard(lines, { start: begin.start, header, end }, strategyName);
    if ('error' in outcome) errors.push(outcome.error);
    else if (outcome.cut) {
      errors.push(outcome.cut.error);
      incomplete.push({ card: outcome.card, ...outcome.cut });
    } else cards.push(outcome.card);
  });
  return { cards, errors, incomplete };
}

/**
 * Reads every task card in a text. Never throws: whatever cannot be read is an error (with its
 * line), and that piece yields no card; doubtful readings are warnings on the card.
 */
export function parseCards(text: string): ParseResult {
  if (typeof text !== 'string') {
    return { cards: [], incomplete: [], errors: [{ message: importMessage('parse.notText') }] };
  }
  try {
    return parseText(text);
  } catch (error) {
    return {
      cards: [],
      incomplete: [],
      errors: [
        {
          message: importMessage('parse.internal', {
            error: error instanceof Error ? error.message : String(error),
          }),
        },
      ],
    };
  }
}

/**
 * The documented JSON shape of one card, as the import command prints it with --json: the
 * warnings' messages as sentences (`text`: see ./messages.ts importMessageText).
 */
export function toImportJson(card: ParsedCard, text: (message: ImportMessage) => string): CardImportJson {
  return {
    goal: { number: card.goal.number, title: card.goal.title, owner: card.goal.owner },
    program: {
      number: card.program.number,
      title: card.program.title,
      coordinator: card.program.coordinator,
    },
    task: {
      number: card.task.number,
      title: card.task.title,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      executor: card.task.executorText,
    },
    years: [...card.years],
    stages: card.stages.map((stage) => ({
      number: stage.number,
      name: stage.name,
      cells: Object.fromEntries(
        card.years.map((year) => {
          const cell = stage.cells[year];
          return [String(year), cell ? { actual: cell.actual, planned: cell.planned } : null];
        }),
      ),
    })),
    partners: card.partners.map((partner) => ({ name: partner.name, scope: partner.scope })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(Object.entries(indicator.values).map(([year, value]) => [year, value])),
    })),
    totalCost: card.totalCost,
    funding: card.funding.map((item) => ({ source: item.source, value: item.value })),
    warnings: card.warnings.map((warning) => ({ path: warning.path, message: text(warning.message) })),
  };
}
