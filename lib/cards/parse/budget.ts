/**
 * The cost and the budget: "Planowany całkowity koszt realizacji" as written, and "Budżet zadania":
 * the sources of funding with their amounts or shares, and a note (a line ending in ":").
 */
import { parseDecimal, round2 } from '@/lib/numbers';
import type { CardData } from '@/lib/cards/types';
import { type Line, tabColumns, type Warn } from './lines';

/** The planned total cost, as written (its lines joined). */
export function readTotalCost(body: Line[]): string {
  return body
    .map((line) => line.text)
    .filter(Boolean)
    .join(' ');
}

const FUNDING_VALUE =
  /^(.*?)[\s:]*((?:(?:ok\.?|około|ca\.?)\s*)?(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?\s*(?:%|(?:(?:tys\.?|mln|mld)\s*)?(?:zł|pln)\.?))$/i;
const FUNDING_NUMBER = /^(.*?)[\s:]+(\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)$/;

const FUNDING_ONLY_VALUE =
  /^(?:(?:ok\.?|około|ca\.?)\s*)?(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?\s*(?:%|(?:(?:tys\.?|mln|mld)\s*)?(?:zł|pln)\.?)?$/i;

export function parseBudget(body: Line[], warn: Warn): { budgetNote: string; funding: CardData['funding'] } {
  const notes: string[] = [];
  const funding: CardData['funding'] = [];
  // A source whose amount may still come on the next line ("Program Urbact" / "80%").
  let waiting: { index: number; line: Line } | null = null;
  // The item whose value is a bare number, which the next line may go on ("85" / "000 zł").
  let bareNumber = -1;
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
    const columns = tabColumns(line.raw);
    if (columns.length === 2) {
      settle();
      funding.push({ source: columns[0] ?? '', value: columns[1] ?? '' });
      bareNumber = /^[\d\s.,]+$/.test(columns[1] ?? '') ? funding.length - 1 : -1;
      continue;
    }
    if (text.length <= 1000 && FUNDING_ONLY_VALUE.test(text)) {
      const last = funding[funding.length - 1];
      if (waiting) {
        const item = funding[waiting.index];
        if (item) item.value = text;
        waiting = null;
      } else if (
        last &&
        bareNumber === funding.length - 1 &&
        FUNDING_ONLY_VALUE.test(`${last.value} ${text}`)
      ) {
        // An amount wrapped onto the next line ("Budżet miasta 85" / "000 zł").
        last.value = `${last.value} ${text}`;
        bareNumber = -1;
        warn(`funding.${funding.length - 1}.value`, 'parse.fundingLinesJoined', {
          line: line.no,
          text: last.value,
        });
      } else {
        funding.push({ source: '', value: text });
        warn(`funding.${funding.length - 1}.source`, 'parse.fundingNoSource', { line: line.no, text });
      }
      continue;
    }
    const lastItem = funding[funding.length - 1];
    if (
      lastItem &&
      bareNumber === funding.length - 1 &&
      /^(?:(?:tys\.?|mln|mld)\s*)?(?:zł|pln)\.?$/i.test(text)
    ) {
      // A unit wrapped onto the next line ("Budżet miasta 85 000" / "zł").
      lastItem.value = `${lastItem.value} ${text}`;
      bareNumber = -1;
      warn(`funding.${funding.length - 1}.value`, 'parse.fundingLinesJoined', {
        line: line.no,
        text: lastItem.value,
      });
      continue;
    }
    bareNumber = -1;
    const match = text.length <= 1000 ? (FUNDING_VALUE.exec(text) ?? FUNDING_NUMBER.exec(text)) : null;
    if (match && (match[1] ?? '').trim() !== '') {
      const source = (match[1] ?? '').replace(/[\s:]+$/, '');
      const value = (match[2] ?? '').trim();
      const open = waiting ? funding[waiting.index] : undefined;
      if (waiting && open) {
        // A source wrapped onto the next line ("Program" / "Urbact 80%").
        open.source = `${open.source} ${source}`;
        open.value = value;
        warn(`funding.${waiting.index}.source`, 'parse.fundingLinesJoined', {
          line: line.no,
          text: `${open.source} ${value}`,
        });
        waiting = null;
      } else {
        funding.push({ source, value });
      }
      if (/^[\d\s.,]+$/.test(value)) bareNumber = funding.length - 1;
      continue;
    }
    if (text.endsWith(':') && waiting) {
      // A note wrapped onto the next line ("Z budżetu" / "projektu:").
      const open = funding[waiting.index];
      funding.splice(waiting.index, 1);
      notes.push(`${open?.source ?? ''} ${line.raw.trim()}`.trim());
      waiting = null;
      continue;
    }
    settle();
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
