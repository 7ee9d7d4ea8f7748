/**
 * A card's header, its place in the strategy's hierarchy: the strategy line, "Cel I - … - szef celu
 * …", "<n>. <program> - koordynator …" and "<n>. <task title>". Goal headers are also what splits a
 * text into cards.
 */
import { toRoman } from '@/lib/numbers';
import type { CardData } from '@/lib/cards/types';
import { headingOf } from './sections';
import { DASH_SEPARATOR, type Line, parseError, type Warn } from './lines';
import type { ParseError } from './types';

const GOAL_START = /^[Cc][Ee][Ll]\s+([IVXLCDM]+|\d{1,3})(?:\s*([-–—:.]|\s)\s*|$)/;
// The title may be on the next line when the header was wrapped ("4." / "Program rewitalizacji …").
const PROGRAM_START = /^(\d{1,3})\s*[.)]\s*(.*)$/;
const TASK_START = /^(\d{1,3})\s*[.)]\s*(.*)$/;
const STRATEGY_LINE = /^(strategia|plan\s+operacyjny|plan\s+rozwoju)\b/i;

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

function nextContentIndex(lines: Line[], from: number, end: number): number {
  for (let i = from; i < end; i++) if (lines[i]?.text) return i;
  return -1;
}

/** Lines a header may run on over, when its text was wrapped (a browser's print, a narrow column). */
const HEADER_LINES = 8;

/**
 * A header that starts at line `index` and goes on over the next lines until a line that `stop`
 * accepts, a section's heading, or HEADER_LINES lines: its text and its lines. A blank line ends it
 * once it has its `marker` ("szef celu", "koordynator"); before that, blank lines are skipped.
 */
function headerBlock(
  lines: Line[],
  index: number,
  end: number,
  stop: (text: string) => boolean,
  marker: string,
): { text: string; last: number; parts: number } {
  let text = (lines[index] as Line).text;
  let last = index;
  let parts = 1;
  for (let i = index + 1; i < end && parts < HEADER_LINES; i++) {
    const line = lines[i] as Line;
    if (line.text === '') {
      if (text.toLowerCase().includes(marker)) break;
      continue;
    }
    if (stop(line.text) || headingOf(line.text) || GOAL_START.test(line.text)) break;
    text += ` ${line.text}`;
    last = i;
    parts++;
  }
  return { text, last, parts };
}

const isNumbered = (text: string) => PROGRAM_START.test(text);

function isGoalHeader(lines: Line[], index: number): boolean {
  const line = lines[index];
  if (!line) return false;
  // "Cel" alone: the header wrapped right after its first word.
  const alone = line.text.length === 3 && /^cel$/i.test(line.text);
  if (!alone && !GOAL_START.test(line.text)) return false;
  if (!alone && line.text.toLowerCase().includes('szef celu')) return true;
  const end = Math.min(lines.length, index + 2 * HEADER_LINES + 2);
  const goal = headerBlock(lines, index, end, isNumbered, 'szef celu');
  if (alone && !GOAL_START.test(goal.text)) return false;
  if (goal.text.toLowerCase().includes('szef celu')) return true;
  const next = nextContentIndex(lines, goal.last + 1, end);
  if (next < 0 || !isNumbered(lines[next]?.text ?? '')) return false;
  return headerBlock(lines, next, end, isNumbered, 'koordynator').text.toLowerCase().includes('koordynator');
}

/** The indexes of the lines that start a card (its goal header). */
export function goalHeaders(lines: Line[]): number[] {
  const headers: number[] = [];
  for (let i = 0; i < lines.length; i++) if (isGoalHeader(lines, i)) headers.push(i);
  return headers;
}

/**
 * Where each card starts: its strategy line (when present) or its goal header. `orphan`: a section
 * heading stands before the first goal header, so the line above that header is no strategy name.
 */
export function cardStarts(
  lines: Line[],
  headers: number[],
  orphan: boolean,
): { start: number; strategy: string | null }[] {
  const starts: { start: number; strategy: string | null }[] = [];
  const strategyNames = new Set<string>();
  headers.forEach((header, k) => {
    const floor = k === 0 ? 0 : (headers[k - 1] as number) + 1;
    let p = header - 1;
    while (p >= floor && (lines[p] as Line).text === '') p--;
    const candidate = p >= floor ? (lines[p] as Line).text : '';
    // A strategy's name wrapped over lines: the lines above the header up to a blank one, when
    // the first of them reads as a strategy's name.
    let first = p;
    while (first - 1 >= floor && header - first < HEADER_LINES && (lines[first - 1] as Line).text !== '')
      first--;
    const wrapped =
      first < p && STRATEGY_LINE.test((lines[first] as Line).text)
        ? lines
            .slice(first, p + 1)
            .map((line) => line.text)
            .join(' ')
        : null;
    // The first card takes the line above its goal header; later cards only a line that reads as a
    // strategy's name, since anything else there is most likely the previous card's last funding row.
    const accepted =
      candidate !== '' &&
      candidate.length <= 300 &&
      !headingOf(candidate) &&
      ((k === 0 && !orphan) || STRATEGY_LINE.test(candidate) || strategyNames.has(candidate));
    if (wrapped !== null && !orphan) {
      strategyNames.add(wrapped);
      starts.push({ start: first, strategy: wrapped });
      return;
    }
    if (accepted) strategyNames.add(candidate);
    starts.push(accepted ? { start: p, strategy: candidate } : { start: header, strategy: null });
  });
  return starts;
}

export interface CardHeaders {
  goal: CardData['goal'];
  program: CardData['program'];
  /** The title as on the task header's line (a long one goes on until the first section). */
  task: { number: number; title: string };
  /** The task header's line and its index in `lines`: the sections come after it. */
  taskLine: Line;
  taskIndex: number;
}

/**
 * Reads the goal, program and task headers of the card whose goal header is `range.header`, or
 * the error that makes the card unreadable.
 */
export function readHeaders(
  lines: Line[],
  range: { header: number; end: number },
  warn: Warn,
): CardHeaders | ParseError {
  const headerLine = lines[range.header] as Line;

  // Cel I - <title> - szef celu <post>
  const goalBlock = headerBlock(lines, range.header, range.end, isNumbered, 'szef celu');
  const goalMatch = GOAL_START.exec(goalBlock.text);
  const goalNumber = fromRoman(goalMatch?.[1] ?? '');
  if (!goalMatch || goalNumber === null) {
    return parseError('parse.goalHeaderMissing', { line: headerLine.no }, headerLine.no);
  }
  const goalRest = goalBlock.text.slice(goalMatch[0].length);
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
  const programIndex = nextContentIndex(lines, goalBlock.last + 1, range.end);
  const programLine = lines[programIndex];
  const programMatch = programLine ? PROGRAM_START.exec(programLine.text) : null;
  if (!programLine || !programMatch || headingOf(programLine.text)) {
    return parseError(
      'parse.programHeaderMissing',
      { line: headerLine.no },
      programLine?.no ?? headerLine.no,
    );
  }
  const programBlock = headerBlock(
    lines,
    programIndex,
    range.end,
    (text) => TASK_START.test(text),
    'koordynator',
  );
  const programText = (PROGRAM_START.exec(programBlock.text) ?? programMatch)[2] ?? '';
  const programParts = splitAtMarker(programText, 'koordynator');
  if (!programParts) {
    warn('program.coordinator', 'parse.coordinatorMissing', { line: programLine.no });
  }
  const program = {
    number: Number(programMatch[1]),
    title: programParts ? programParts.title : programText.trim(),
    coordinator: programParts?.person ?? '',
  };

  // <n>. <task title>
  const taskIndex = nextContentIndex(lines, programBlock.last + 1, range.end);
  const taskLine = lines[taskIndex];
  const taskMatch = taskLine && !headingOf(taskLine.text) ? TASK_START.exec(taskLine.text) : null;
  if (!taskLine || !taskMatch) {
    return parseError('parse.taskHeaderMissing', { line: programLine.no }, taskLine?.no ?? programLine.no);
  }
  if (goal.number <= 0 || program.number <= 0 || Number(taskMatch[1]) <= 0) {
    return parseError('parse.numbersNotPositive', { from: headerLine.no, to: taskLine.no }, headerLine.no);
  }
  return {
    goal,
    program,
    task: { number: Number(taskMatch[1]), title: taskMatch[2] ?? '' },
    taskLine,
    taskIndex,
  };
}
