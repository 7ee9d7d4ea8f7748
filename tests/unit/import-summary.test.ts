import { describe, expect, it } from 'vitest';
import { rowsText } from '@/lib/cards/noise';
import { parseCards } from '@/lib/cards/parse';
import { toFormCard } from '@/lib/cards/preview/form-card';
import { attentionFirst, isClean, summarizePreview } from '@/lib/cards/preview/summary';
import type { PreviewCard } from '@/lib/cards/preview/types';
import { CORPUS, corpusRows } from '../support/card-corpus';

/* The preview of a file of many cards at a glance (lib/cards/preview/summary.ts). */

/** A corpus card as the preview shows it: its executor's post found unless said otherwise. */
function previewOf(index: number, more: Partial<PreviewCard> = {}, postFound = true): PreviewCard {
  const parsed = parseCards(rowsText(corpusRows(CORPUS[index]!))).cards[0]!;
  const card = toFormCard(parsed, parsed.strategy.name);
  card.task.executorPostId = postFound ? 7 : null;
  return {
    card,
    warnings: parsed.warnings.map((warning) => ({
      path: warning.path,
      field: warning.path,
      message: warning.message,
    })),
    line: 1,
    existingTaskId: null,
    base: null,
    changes: [],
    refusal: null,
    missing: [],
    cutError: null,
    ...more,
  };
}

describe('the summary of a file of many cards', () => {
  // Card 0 of the corpus reads without a warning, card 2 with one (its planned points sum to 110).
  const clean = previewOf(0);
  const warned = previewOf(2);
  const change = { key: 'title' as const, params: {}, before: 'a', after: 'b' };

  it('counts found, new, changed, unchanged, with warnings and with errors', () => {
    expect(clean.warnings).toEqual([]);
    expect(warned.warnings.length).toBeGreaterThan(0);
    const cards = [
      clean,
      warned,
      previewOf(1, { existingTaskId: 5, changes: [change] }),
      previewOf(3, { existingTaskId: 6 }),
      previewOf(5, { refusal: 'notYourProgram' }),
      previewOf(6, { missing: ['budget'] }),
      previewOf(8, {}, false),
    ];
    const summary = summarizePreview({
      cards,
      errors: [{ message: { key: 'parse.yearsMissing', values: {} }, line: 3 }],
    });
    expect(summary).toEqual({
      found: 8,
      new: 5,
      changed: 1,
      unchanged: 1,
      // The plan's sum, and the executor no post was found for.
      withWarnings: 2,
      // The refused card, the card cut short, the text that gave no card.
      withErrors: 3,
    });
  });

  it('puts the cards that cannot be saved first, then those with warnings, each in the order of the text', () => {
    const refused = previewOf(5, { refusal: 'newProgram' });
    const noPost = previewOf(8, {}, false);
    expect(attentionFirst([clean, warned, refused, noPost])).toEqual([refused, warned, noPost, clean]);
  });

  it('a card is clean with no warning, no lack and no refusal', () => {
    expect(isClean(clean)).toBe(true);
    expect(isClean(warned)).toBe(false);
    expect(isClean(previewOf(0, {}, false))).toBe(false);
    expect(isClean(previewOf(0, { missing: ['executor'] }))).toBe(false);
    expect(isClean(previewOf(0, { refusal: 'notYourProgram' }))).toBe(false);
  });
});
