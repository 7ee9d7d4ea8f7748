/**
 * Reading task cards (karty zadań) from text, in the layout of the old monitoring pages (the seed
 * card's format, and what renderCardText writes). A text may hold many cards one after another.
 *
 * The parser never guesses silently: where a line can be read in more than one way it picks the
 * most plausible reading and attaches a warning (path + message, see ./messages.ts) to the card, so that a
 * person checks it in the preview before anything is saved. What it cannot read at all becomes an
 * error, and that piece of text yields no card. It never throws and is linear in the text's size.
 *
 * This file splits the text into cards; ./parse/card.ts reads one card, one module per section of
 * it (./parse/header.ts, task-texts, stages, partners, indicators, budget, years), on the line and word
 * readers of ./parse/lines.ts.
 */
import { importMessage } from './messages';
import { parseCard } from './parse/card';
import { cardStarts, goalHeaders } from './parse/header';
import { headingOf } from './parse/sections';
import { BAD_CHARS, BINARY_SHARE, type Line, toLines } from './parse/lines';
import type { IncompleteCard, ParseError, ParsedCard, ParseResult } from './parse/types';

export type { CardImportJson } from './parse/json';
export { toImportJson } from './parse/json';
export { SECTION_HEADINGS, type SectionKey } from './parse/sections';
export type { CardWarning, IncompleteCard, ParseError, ParsedCard, ParseResult } from './parse/types';

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
  const headers = goalHeaders(lines);

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
  const starts = cardStarts(lines, headers, orphan !== null);

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
