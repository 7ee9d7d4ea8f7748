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

const GOAL_START = /^[Cc][Ee][Ll]\s+([IVXLCDM]+|\d{1,3})\s*([-–—:.]|\s)\s*/;
const PROGRAM_START = /^(\d{1,3})\s*[.)]\s*(\S.*)$/;
const TASK_START = /^(\d{1,3})\s*[.)]\s*(\S.*)$/;
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
  const goalMatch = GOAL_START.exec(headerLine.text);
  const goalNumber = fromRoman(goalMatch?.[1] ?? '');
  if (!goalMatch || goalNumber === null) {
    return parseError('parse.goalHeaderMissing', { line: headerLine.no }, headerLine.no);
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
    return parseError(
      'parse.programHeaderMissing',
      { line: headerLine.no },
      programLine?.no ?? headerLine.no,
    );
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
