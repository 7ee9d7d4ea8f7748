/**
 * The stage grid ("Etapy realizacji zadania"): a header of years, then one row per stage with its
 * cells "actual/planned%" per year ("15/15%", "/20%", "-").
 */
import { MAX_DECIMAL_PLACES, decimalPlaces, parseDecimal, round2 } from '@/lib/numbers';
import type { CardCell, CardData } from '@/lib/cards/types';
import { type Line, MAX_ROW_TOKENS, type Warn, YEAR_TOKEN } from './lines';

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
export function readStageHeader(body: Line[]): { years: number[]; firstRow: number } {
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
export interface TooPrecise {
  stage: number;
  year: number;
  cell: string;
  line: number;
}

export function parseStages(
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
