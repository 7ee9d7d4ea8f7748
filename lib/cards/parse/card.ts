/**
 * One card: its header, then each section read by its own module (./task-texts, ./stages, ./partners,
 * ./indicators, ./budget), the warnings gathered on the card. A card without its budget section was
 * cut short: it is returned with what it has and the sections it lacks.
 */
import { type ImportMessage, type ImportMessageKey, importMessage } from '@/lib/cards/messages';
import { parseBudget, readTotalCost } from './budget';
import { readHeaders } from './header';
import { knownSourcesOf, parseIndicators } from './indicators';
import { parsePartners } from './partners';
import { SECTION_HEADINGS, SECTION_ORDER, type SectionKey, splitSections } from './sections';
import { parseStages, readStageHeader, type TooPrecise } from './stages';
import { BAD_CHAR, type Line, parseError, quote, type Warn } from './lines';
import { block, checkGluedWords, parseExecutor } from './task-texts';
import type { CardWarning, ParseError, ParsedCard } from './types';
import { readYears } from './years';

export type CardOutcome =
  | { card: ParsedCard; cut?: undefined }
  | { error: ParseError }
  /** A card cut short: what was read, and why it cannot be saved as it is. */
  | { card: ParsedCard; cut: { error: ParseError; missing: SectionKey[] } };

/**
 * Reads the card in `lines[range.start … range.end)` whose goal header is `range.header`, under
 * the strategy `strategyName` (its own strategy line's, or the card's before it).
 */
export function parseCard(
  lines: Line[],
  range: { start: number; header: number; end: number },
  strategyName: string,
): CardOutcome {
  const warnings: CardWarning[] = [];
  const warn: Warn = (path, key, values = {}) => warnings.push({ path, message: importMessage(key, values) });
  const fail = (key: ImportMessageKey, values: ImportMessage['values'], line: number): CardOutcome => ({
    error: parseError(key, values, line),
  });
  const headerLine = lines[range.header] as Line;
  const startNo = (lines[range.start] as Line).no;

  for (let i = range.start; i < range.end; i++) {
    const line = lines[i] as Line;
    if (BAD_CHAR.test(line.raw)) {
      return fail('parse.cardBinary', { start: startNo, line: line.no }, line.no);
    }
  }

  const headers = readHeaders(lines, range, warn);
  if ('message' in headers) return { error: headers };
  const { goal, program, task, taskLine, taskIndex } = headers;

  const { sections, titleExtra, current, lastContent } = splitSections(
    lines,
    taskIndex + 1,
    range.end,
    taskLine,
    warn,
  );
  const bodyOf = (key: SectionKey) => sections.get(key)?.body ?? [];
  let cut: { error: ParseError; missing: SectionKey[] } | undefined;
  if (!sections.has('budget')) {
    const missingKeys = SECTION_ORDER.filter((key) => !sections.has(key));
    const missing = missingKeys.map((key) => quote(SECTION_HEADINGS[key]));
    const values = { line: lastContent.no, missing: missing.join(', ') };
    const error = current
      ? parseError(
          'parse.cardCutInSection',
          { ...values, section: SECTION_HEADINGS[current] },
          lastContent.no,
        )
      : parseError('parse.cardCutAfterTask', { ...values, title: task.title.slice(0, 60) }, lastContent.no);
    cut = { error, missing: missingKeys };
  }
  for (const key of SECTION_ORDER) {
    if (!sections.has(key) && !cut) {
      warn(key, 'parse.sectionMissing', { section: SECTION_HEADINGS[key] });
    }
  }

  const stageBody = bodyOf('stages');
  const stageHeader = readStageHeader(stageBody);
  const years = readYears(stageHeader.years, bodyOf('indicators'), warn);
  // A card cut short is shown with what it has, years or not (the preview says what is missing).
  if (years.length === 0 && !cut) {
    const at = sections.get('stages')?.line ?? headerLine;
    return fail('parse.yearsMissing', { section: SECTION_HEADINGS.stages, line: at.no }, at.no);
  }

  const precision: { first: TooPrecise | null } = { first: null };
  const stages = parseStages(stageBody, stageHeader.firstRow, years, warn, (at) => {
    precision.first ??= at;
  });
  if (precision.first) {
    const at = precision.first;
    return fail('parse.cellDecimals', { start: startNo, ...at }, at.line);
  }
  const { executor, executorText } = parseExecutor(bodyOf('executor'), warn);
  const partners = parsePartners(bodyOf('partners'), warn);
  const knownSources = knownSourcesOf(lines.slice(range.header, range.end), bodyOf('indicators'), [
    executor.department,
    ...partners.map((partner) => partner.name),
  ]);
  const indicatorResult = parseIndicators(bodyOf('indicators'), years, knownSources, warn);
  const { budgetNote, funding } = parseBudget(bodyOf('budget'), warn);
  const totalCost = readTotalCost(bodyOf('totalCost'));

  if (!strategyName) {
    warn('strategy.name', 'parse.strategyMissing');
  }

  const card: ParsedCard = {
    strategy: { name: strategyName },
    goal,
    program,
    task: {
      number: task.number,
      title: [task.title.trim(), ...titleExtra].filter(Boolean).join(' '),
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
