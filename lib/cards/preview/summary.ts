/*
 * The import preview of many cards at a glance: how many were found, are new, change a saved task
 * or change nothing, carry warnings or cannot be saved as they are; the cards that need a look
 * first; and which cards are clean, so that they can be saved while the others are being fixed.
 */
import { liveWarnings } from './rules';
import type { ImportPreview, PreviewCard } from './types';

export interface PreviewSummary {
  /** Cards read (cut-short ones too) plus pieces of text that yielded no card. */
  found: number;
  new: number;
  changed: number;
  unchanged: number;
  /** Cards with a warning of the parser or of the preview's rules. */
  withWarnings: number;
  /** Cards that cannot be saved as they are (cut short, or not the user's to save) and pieces of text that yielded no card. */
  withErrors: number;
}

/** The card cannot be saved as it is: it was cut short, or the user may not save it. */
export function hasError(card: PreviewCard): boolean {
  return card.refusal !== null || card.missing.length > 0 || card.cutError !== null;
}

export function hasWarnings(card: PreviewCard): boolean {
  return card.warnings.length > 0 || liveWarnings(card.card, { executorPost: true }).length > 0;
}

/** Neither errors nor warnings: the card can be saved as read. */
export function isClean(card: PreviewCard): boolean {
  return !hasError(card) && !hasWarnings(card);
}

export function summarizePreview(preview: Pick<ImportPreview, 'cards' | 'errors'>): PreviewSummary {
  const { cards, errors } = preview;
  return {
    found: cards.length + errors.length,
    new: cards.filter((card) => card.existingTaskId === null).length,
    changed: cards.filter((card) => card.existingTaskId !== null && card.changes.length > 0).length,
    unchanged: cards.filter((card) => card.existingTaskId !== null && card.changes.length === 0).length,
    withWarnings: cards.filter(hasWarnings).length,
    withErrors: cards.filter(hasError).length + errors.length,
  };
}

/** The cards that need a look first (errors, then warnings), each group in the order of the text. */
export function attentionFirst(cards: PreviewCard[]): PreviewCard[] {
  const rank = (card: PreviewCard) => (hasError(card) ? 0 : hasWarnings(card) ? 1 : 2);
  return cards
    .map((card, index) => ({ card, index, rank: rank(card) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ card }) => card);
}
