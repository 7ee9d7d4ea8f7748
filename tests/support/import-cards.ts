import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { CardImportError, commitCards } from '@/lib/cards/import';
import type { ImportMessage } from '@/lib/cards/messages';
import { importMessageText as said } from '@/lib/cards/message-text';
import { type ParsedCard, parseCards } from '@/lib/cards/parse';
import type { CardCell } from '@/lib/cards/types';
import { root } from './import-screen';

/* What the import's tests (tests/integration/import-cards*.test.ts, import-command.test.ts) share. */

export const seedPath = path.join(root, 'scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt');
export const seedText = fs.readFileSync(seedPath, 'utf8');

/** The import command's and the seed's way in: no user, nothing to authorize. */
export const AS_OPERATOR = { importer: { operator: true, actorUserId: null } } as const;

export function parseSeed(): ParsedCard {
  const result = parseCards(seedText);
  expect(result.errors).toEqual([]);
  return result.cards[0]!;
}

/** What a user does in the preview with the flagged partner: splits it into the two partners. */
export function fixFlaggedPartner(card: ParsedCard): ParsedCard {
  const flagged = card.warnings.find((warning) => warning.path === 'partners.4.name');
  expect(said(flagged!.message)).toContain('TechnologiiRegionalna');
  const scope = card.partners[4]!.scope;
  return {
    ...card,
    partners: [
      ...card.partners.slice(0, 4),
      { name: 'Centrum Innowacji i Transferu Technologii', scope },
      { name: 'Regionalna Izba Przemysłowo Handlowa', scope },
    ],
    warnings: card.warnings.filter((warning) => warning !== flagged),
  };
}

/** The id of the database's only task (the test fails when there are more). */
export async function onlyTaskId(db: Db): Promise<number> {
  const rows = await db.select({ id: schema.tasks.id }).from(schema.tasks);
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

/** The message the import (as the operator) refuses these cards with; the test fails when it takes them. */
export async function importRefusal(db: Db, cards: ParsedCard[]): Promise<ImportMessage> {
  const refusal = await commitCards(db, cards, AS_OPERATOR).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(CardImportError);
  return (refusal as CardImportError).importMessage;
}

/** The card with one cell of one stage (by its position on the card) replaced. */
export function withCell(card: ParsedCard, stageIndex: number, year: number, cell: CardCell): ParsedCard {
  return {
    ...card,
    stages: card.stages.map((stage, index) =>
      index === stageIndex ? { ...stage, cells: { ...stage.cells, [year]: cell } } : stage,
    ),
  };
}
