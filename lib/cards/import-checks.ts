import { hasAtMostTwoDecimals, toRoman } from '@/lib/numbers';
import { stageTotals, stagesOverPlan } from '@/lib/progress';
import { cardYears } from './import-snapshot';
import { type ImportMessage, type ImportMessageKey, importMessage } from './messages';
import { firstTooPrecise } from './rules';
import type { ImportableCard } from './types';

/*
 * What the import refuses before it writes anything: a card twice, a card without a strategy or
 * years, points out of range or with a third decimal (numeric(7,2)), done points over a stage's
 * plan, funding with a third decimal. The refusals are written for the person importing.
 */

/** A card that cannot be saved as it is; the message is for the person importing. */
export class CardImportError extends Error {
  override name = 'CardImportError';
  constructor(readonly importMessage: ImportMessage) {
    super(importMessage.key);
  }
}

export const refuse = (key: ImportMessageKey & `commit.${string}`, values: ImportMessage['values']) =>
  new CardImportError(importMessage(key, values));

function validate(card: ImportableCard, label: CardLabel) {
  for (const [index, stage] of card.stages.entries()) {
    for (const year of card.years) {
      const cell = stage.cells[year];
      if (!cell) continue;
      const at = { ...label, stage: index + 1, year };
      if (cell.planned !== null && (cell.planned < 0 || cell.planned > 100)) {
        throw refuse('commit.plannedOutOfRange', { ...at, points: cell.planned });
      }
      if (cell.actual !== null && cell.actual < 0) {
        throw refuse('commit.actualNegative', at);
      }
      // Stage points are numeric(7,2): the database would round a third decimal away silently.
      for (const [kind, value] of [
        ['planned', cell.planned],
        ['actual', cell.actual],
      ] as const) {
        if (value !== null && !hasAtMostTwoDecimals(value)) {
          throw refuse('commit.pointsDecimals', { ...at, kind, points: value });
        }
      }
    }
  }
  // A stage's done points over all years may not pass its plan (lib/progress.ts: the rule of the
  // report form and the card editor; only a report can record a confirmed excess).
  const cells = card.stages.flatMap((stage, index) =>
    card.years.flatMap((year) => {
      const cell = stage.cells[year];
      return cell ? [{ stageId: index, year, planned: cell.planned, actual: cell.actual }] : [];
    }),
  );
  const totals = stageTotals(cells);
  for (const index of stagesOverPlan(cells)) {
    const { planned, done } = totals.get(index)!;
    throw refuse('commit.stageOverPlan', { ...label, stage: index + 1, done, planned });
  }
  // Shares and amounts are numeric(…, 2) too, as the card editor refuses (lib/cards/rules.ts).
  const precise = firstTooPrecise(card.funding.map((row) => row.value));
  if (precise >= 0) {
    const value = card.funding[precise]?.value ?? '';
    throw refuse('commit.fundingDecimals', { ...label, row: precise + 1, value });
  }
  if (card.goal.number <= 0 || card.program.number <= 0 || card.task.number <= 0) {
    throw refuse('commit.numbersNotPositive', label);
  }
}

/** "Cel I, program 3, zadanie 1" in the importer's refusals. */
type CardLabel = { goal: string; program: number; task: number };

/** The cards checked one by one; the span of years each strategy (by name) has to cover. */
export function checkCards(
  cards: ImportableCard[],
  strategyOf: (card: ImportableCard) => string,
): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  const seen = new Set<string>();
  for (const card of cards) {
    const name = strategyOf(card);
    const label: CardLabel = {
      goal: toRoman(card.goal.number),
      program: card.program.number,
      task: card.task.number,
    };
    const key = JSON.stringify([name, card.goal.number, card.program.number, card.task.number]);
    if (seen.has(key)) throw refuse('commit.duplicateCard', label);
    seen.add(key);
    if (!name) throw refuse('commit.strategyMissing', label);
    validate(card, label);
    const years = cardYears(card);
    if (years.length === 0) throw refuse('commit.yearsMissing', label);
    const span = spans.get(name);
    const start = Math.min(span?.start ?? Infinity, years[0] ?? Infinity);
    const end = Math.max(span?.end ?? -Infinity, years[years.length - 1] ?? -Infinity);
    spans.set(name, { start, end });
  }

  return spans;
}
