import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { importMessageText } from '@/lib/cards/message-text';
import { type ParsedCard, type ParseResult, parseCards } from '@/lib/cards/parse';
import type { CardData } from '@/lib/cards/types';

/* What the card parser's tests (tests/unit/card-parser*.test.ts) share: the texts and the readers of results. */

export const root = path.join(import.meta.dirname, '../..');
export const seedText = fs.readFileSync(
  path.join(root, 'scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
  'utf8',
);
export const fixture = (name: string) =>
  fs.readFileSync(path.join(root, 'tests/fixtures/cards', name), 'utf8');

/** The messages as the command line prints them: Polish sentences. */
export const saidWarnings = (card: ParsedCard) =>
  card.warnings.map((warning) => ({ path: warning.path, message: importMessageText(warning.message) }));
export const saidErrors = (result: ParseResult) =>
  result.errors.map((error) => ({ ...error, message: importMessageText(error.message) }));

export function only(text: string): ParsedCard {
  const result = parseCards(text);
  expect(result.errors).toEqual([]);
  expect(result.cards).toHaveLength(1);
  return result.cards[0]!;
}

/** The card without what the parser adds to CardData. */
export function asCardData(card: ParsedCard): CardData {
  const { number, title, addressees, justification, description, executor } = card.task;
  return {
    strategy: card.strategy,
    goal: card.goal,
    program: card.program,
    task: { number, title, addressees, justification, description, executor },
    years: card.years,
    stages: card.stages,
    partners: card.partners,
    indicators: card.indicators,
    totalCost: card.totalCost,
    budgetNote: card.budgetNote,
    funding: card.funding,
  };
}

/** A small deterministic generator, so that a failure can be replayed. */
export function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}
