/**
 * The indicators ("Mierniki dla realizacji zadania"): under a type heading ("Wskaźniki produktu"),
 * one row per indicator with its name, its source and a value per year. Rows are usually copied
 * without columns, so the split is a search for the most plausible reading, with a warning when
 * more than one reading is as plausible.
 */
import { type ImportMessage, importMessage } from '@/lib/cards/messages';
import type { CardData } from '@/lib/cards/types';
import {
  initialsOf,
  isAbbreviation,
  type Line,
  MAX_ROW_TOKENS,
  quote,
  tabColumns,
  type Warn,
  yearsIn,
} from './lines';

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

/** At most this many lines make one indicator's row. */
const MAX_WRAPPED_LINES = 3;

/** A line that cannot start an indicator's row: it starts with a value, a small letter or a bracket. */
function cannotStartRow(text: string): boolean {
  const first = text.split(' ', 1)[0] ?? '';
  if (first === '') return false;
  return (
    NUMBER_TOKEN.test(first) ||
    COMPOUND_TOKEN.test(first) ||
    VALUE_PREFIX.test(first) ||
    UNIT_TOKEN.test(first) ||
    /^[-–—()]/.test(first) ||
    /^(bd\.?|b\.d\.?|x)$/i.test(first) ||
    /^\p{Ll}/u.test(first)
  );
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
  const columns = tabColumns(raw);
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

export function parseIndicators(
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
    const headerYears = yearsIn(header.text);
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
    const complete = (candidate: IndicatorRead | null) =>
      candidate !== null && candidate.values.length >= valueYears.length;
    // A row wrapped onto the next lines (a long name, a source, a value "ok. 244 tys."): lines are
    // joined while the row is not whole, or while the next line cannot start a row of its own.
    let joinedText = rowText;
    for (let more = 1; more <= MAX_WRAPPED_LINES; more++) {
      const next = rows[r + more];
      if (!next || next === header || TYPE_HEADING.test(next.text) || /^brak\.?$/i.test(next.text)) break;
      // A whole row is joined only with a line that is no row of its own ("832", "tys. 5 6").
      if (
        complete(read) &&
        (!cannotStartRow(next.text) ||
          complete(readIndicatorRow(next.text, next.raw, valueYears.length, known)))
      )
        break;
      joinedText = `${joinedText} ${next.text}`;
      const joined = readIndicatorRow(joinedText, '', valueYears.length, known);
      if (!complete(joined)) {
        if (complete(read)) break;
        continue;
      }
      read = {
        ...(joined as IndicatorRead),
        doubt:
          joined?.doubt ??
          importMessage('parse.indicatorTwoLines', {
            line: line.no,
            nextLine: next.no,
            name: joined?.name ?? '',
          }),
      };
      if (joined?.doubt) {
        warn(path, 'parse.indicatorTwoLines', { line: line.no, nextLine: next.no, name: joined.name });
      }
      r += more;
      more = 0;
      if (!cannotStartRow(rows[r + 1]?.text ?? '')) break;
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

/**
 * Sources this card itself names, beside the common ones: the initials of the executor's department
 * and of the partners (`names`), and abbreviations anywhere in the card's text (`cardLines`) but its
 * indicators.
 */
export function knownSourcesOf(cardLines: Line[], indicatorBody: Line[], names: string[]): Set<string> {
  const knownSources = new Set<string>();
  for (const name of names) {
    const initials = initialsOf(name);
    if (initials.length >= 2) knownSources.add(initials);
  }
  const indicatorLines = new Set(indicatorBody);
  for (const line of cardLines) {
    if (indicatorLines.has(line)) continue;
    for (const token of line.text.split(' ').slice(0, MAX_ROW_TOKENS)) {
      const bare = token.replace(/^[(„"]+|[),.;:”"]+$/g, '');
      if (isAbbreviation(bare)) knownSources.add(bare);
    }
  }
  return knownSources;
}
