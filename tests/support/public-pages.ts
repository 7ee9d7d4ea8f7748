/**
 * The end-to-end server's public data: the demo strategy published (from 2020), and a second
 * strategy that is not, with one task, whose id the public pages' test reads from a file named by
 * the server's port (the test cannot reach the server's embedded database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, strategies } from '@/db/schema';
import { insertTaskCard } from '@/lib/cards/card-writer';

export const UNPUBLISHED_TASK_TITLE = 'Zadanie strategii nieopublikowanej';

/** Where the e2e server leaves the ids the public pages' test needs. */
export const publicFixtureFile = (port: string | number) =>
  path.join(os.tmpdir(), `ms-e2e-public-${port}.json`);

export interface PublicFixture {
  publishedStrategyId: number;
  unpublishedStrategyId: number;
  unpublishedTaskId: number;
}

export async function addPublicFixture(db: Db, port: string | number): Promise<PublicFixture> {
  const [demo] = await db.select({ id: strategies.id }).from(strategies);
  await db.update(strategies).set({ publishedFrom: '2020-01-01' }).where(eq(strategies.id, demo!.id));
  const [hidden] = await db
    .insert(strategies)
    .values({ name: 'Strategia nieopublikowana', cityName: 'Leszno', startYear: 2021, endYear: 2027 })
    .returning({ id: strategies.id });
  const [goal] = await db
    .insert(goals)
    .values({ strategyId: hidden!.id, number: 1, title: 'Cel nieopublikowany' })
    .returning({ id: goals.id });
  const [program] = await db
    .insert(programs)
    .values({ goalId: goal!.id, number: 1, title: 'Program nieopublikowany' })
    .returning({ id: programs.id });
  const taskId = await insertTaskCard(db, program!.id, {
    strategy: { name: 'Strategia nieopublikowana' },
    goal: { number: 1, title: '', owner: '' },
    program: { number: 1, title: '', coordinator: '' },
    task: {
      number: 1,
      title: UNPUBLISHED_TASK_TITLE,
      addressees: '',
      justification: '',
      description: '',
      executor: { department: 'Wydział Promocji i Rozwoju', function: 'Naczelnik' },
    },
    years: [2021],
    stages: [{ number: 1, name: 'Całość', cells: { 2021: { planned: 100, actual: null } } }],
    partners: [],
    indicators: [],
    totalCost: '',
    budgetNote: '',
    funding: [],
  });
  const fixture = {
    publishedStrategyId: demo!.id,
    unpublishedStrategyId: hidden!.id,
    unpublishedTaskId: taskId,
  };
  fs.writeFileSync(publicFixtureFile(port), JSON.stringify(fixture));
  return fixture;
}
