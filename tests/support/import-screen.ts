import fs from 'node:fs';
import path from 'node:path';
import { beforeEach } from 'vitest';
import type { Database } from '@/db/client';
import { seedDemoData } from '@/scripts/seed/demo';
import type { CurrentUser } from '@/lib/auth/sessions';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import type { PreviewCard } from '@/lib/cards/preview/types';
import { isPublicError, type PublicError } from '@/lib/errors';
import { addWorkflowFixture, strategyRows, userByLogin, type WorkflowFixture } from './fixtures';
import { type Backend, createMigrated } from './test-db';

/* What the import screen's tests (tests/integration/import-screen*.test.ts) share. */

export const root = path.join(import.meta.dirname, '../..');
export const threeCards = fs.readFileSync(path.join(root, 'tests/fixtures/cards/trzy-karty.txt'), 'utf8');

/** Every row of the tables an import could touch, in a stable order: equal means nothing was written. */
export function allRows(database: Database): Promise<Record<string, string[]>> {
  return strategyRows(database.db);
}

export async function publicErrorOf(promise: Promise<unknown>): Promise<PublicError> {
  try {
    await promise;
  } catch (error) {
    if (isPublicError(error)) return error;
    throw error;
  }
  throw new Error('expected a public error');
}

/** The card of program I.3, task 2 in trzy-karty.txt (that task exists in the workflow fixture). */
export const isProgramThreeCard = (card: ImportCardInput) =>
  card.goal.number === 1 && card.program.number === 3;

/** What the screen sends to confirm the previewed cards: the cards and, per card, its preview's base. */
export const confirmOf = (cards: PreviewCard[]) => ({
  cards: cards.map((card) => card.card),
  bases: cards.map((card) => card.base),
});

export interface ImportWorld {
  database: Database;
  fixture: WorkflowFixture;
  admin: CurrentUser;
  coordinator: CurrentUser;
}

/**
 * Before each test: a fresh database on `backend` with the demo data and the workflow fixture, its
 * administrator and the coordinator of program I.3 (naczelnik.wpir). Each test closes the database.
 */
export function importWorld(backend: Backend): ImportWorld {
  const world = {} as ImportWorld;
  beforeEach(async () => {
    world.database = await createMigrated(backend);
    await seedDemoData(world.database.db);
    world.fixture = await addWorkflowFixture(world.database.db);
    world.admin = await userByLogin(world.database.db, 'admin');
    world.coordinator = await userByLogin(world.database.db, 'naczelnik.wpir');
  });
  return world;
}
