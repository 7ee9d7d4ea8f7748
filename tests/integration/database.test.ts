import fs from 'node:fs';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPostgres } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';
import { migrateDatabase } from '@/db/migrate';
import { renderCardText } from '@/lib/cards/card-text';
import { getTaskCard } from '@/lib/strategy/task-card';
import { getProgramView } from '@/lib/strategy/views';
import { reader, strategyTables } from '../support/fixtures';
import { createMigrated, createThrowawayPostgres, testBackends } from '../support/test-db';

const seedText = fs.readFileSync(
  path.join(import.meta.dirname, '../../scripts/seed/karta-zadania-cel-I-program-3-zadanie-1.txt'),
  'utf8',
);

/**
 * The seed text with its one copying glitch repaired the way DOMAIN.md says: the run-together line
 * is two partners, each with the same scope as the others.
 */
const SCOPE = 'Wymiana informacji, uczestnictwo w programach szkoleniowych';
const repairedSeed = seedText.replace(
  `Centrum Innowacji i Transferu TechnologiiRegionalna Izba Przemysłowo Handlowa\n${SCOPE}`,
  `Centrum Innowacji i Transferu Technologii ${SCOPE}\nRegionalna Izba Przemysłowo Handlowa ${SCOPE}`,
);

/** Lines with content, spaces folded: the card's values and their order, not its blank lines. */
function contentLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

describe.each(testBackends())('database on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await createMigrated(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('applies the migrations to an empty database: every table exists and is empty', async () => {
    const { db } = database;
    for (const table of [
      schema.users,
      schema.strategies,
      schema.tasks,
      schema.stageYears,
      schema.reports,
      schema.auditLog,
    ]) {
      const [row] = await db.select({ n: count() }).from(table);
      expect(row?.n).toBe(0);
    }
  });

  it('loads the demo data once: a second load changes nothing', async () => {
    expect(await seedDemoData(database.db)).toBe(true);
    const before = await tableCounts(database);
    expect(await seedDemoData(database.db)).toBe(false);
    expect(await tableCounts(database)).toEqual(before);
    expect(before).toMatchObject({
      users: 3,
      strategies: 1,
      goals: 1,
      programs: 1,
      tasks: 1,
      stages: 4,
      partners: 6,
      indicators: 5,
    });
  });

  it('round-trips the seed card: every value read back equals the seed text', async () => {
    const [task] = await database.db.select({ id: schema.tasks.id }).from(schema.tasks);
    const card = await getTaskCard(database.db, reader, task!.id);
    expect(contentLines(renderCardText(card))).toEqual(contentLines(repairedSeed));
  });

  it('holds the seed numbers: 86% progress, 15/15% and 4/10% cells, funding shares', async () => {
    const [task] = await database.db
      .select({ id: schema.tasks.id, programId: schema.tasks.programId })
      .from(schema.tasks);
    const card = await getTaskCard(database.db, reader, task!.id);
    expect(card.progress).toBe(86);
    expect(card.plannedTotal).toBe(100);
    expect(card.schedule).toMatchObject({ status: 'behind', cumulativeActual: 86, cumulativePlanned: 100 });
    expect(card.stages[0]!.cells[2009]).toEqual({ year: 2009, actual: 15, planned: 15 });
    expect(card.stages[3]!.cells[2009]).toEqual({ year: 2009, actual: 4, planned: 10 });
    expect(card.stages[0]!.cells[2010]).toBeNull();
    expect(card.funding.map((f) => [f.source, f.valueText, f.sharePercent])).toEqual([
      ['Program Urbact', '80%', 80],
      ['Miasto Leszno', '20%', 20],
    ]);
    expect(card.indicators.filter((i) => i.type === 'impact')).toEqual([]);
    expect(card.indicators[2]).toMatchObject({
      name: 'Nowe kierunki na uczelniach wyższych',
      source: 'WPiR- szkoły wyższe',
    });
    expect(card.indicators[2]!.years[2011]).toMatchObject({
      actualText: '2',
      actualNumber: 2,
      targetText: null,
    });
    const program = await getProgramView(database.db, reader, task!.programId);
    expect(program.program.progress).toBe(86);
    expect(program.program.weightSum).toBe(100);
  });

  it('keeps the history years as approved reports with the card values', async () => {
    const rows = await database.db
      .select({
        year: schema.reports.year,
        status: schema.reports.status,
        points: sql<string>`sum(${schema.reportStageValues.actualPoints})`,
      })
      .from(schema.reports)
      .innerJoin(schema.reportStageValues, eq(schema.reportStageValues.reportId, schema.reports.id))
      .groupBy(schema.reports.year, schema.reports.status)
      .orderBy(schema.reports.year);
    expect(rows.map((r) => [r.year, r.status, Number(r.points)])).toEqual([
      [2009, 'approved', 49],
      [2010, 'approved', 17],
      [2011, 'approved', 20],
    ]);
  });

  it('refuses to change or delete the audit log', async () => {
    const [entry] = await database.db
      .select({ id: schema.auditLog.id, action: schema.auditLog.action })
      .from(schema.auditLog)
      .limit(1);
    expect(entry).toBeDefined();
    await expect(
      database.db.update(schema.auditLog).set({ action: 'forged' }).where(eq(schema.auditLog.id, entry!.id)),
    ).rejects.toThrow();
    await expect(
      database.db.delete(schema.auditLog).where(eq(schema.auditLog.id, entry!.id)),
    ).rejects.toThrow();
    const [after] = await database.db
      .select({ action: schema.auditLog.action })
      .from(schema.auditLog)
      .where(eq(schema.auditLog.id, entry!.id));
    expect(after?.action).toBe(entry!.action);
    expect(after?.action).not.toBe('forged');
  });
});

const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  describe('prepared statements on PostgreSQL', () => {
    /** The statements the one connection of `database` holds prepared, by their text. */
    async function preparedOn(database: Database): Promise<string[]> {
      // postgres.js answers execute() with the rows themselves.
      const rows = (await database.db.execute(sql`select statement from pg_prepared_statements`)) as unknown;
      return (rows as { statement: string }[]).map((row) => row.statement);
    }
    const byLogin = (database: Database, login: string) =>
      database.db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.login, login));

    /** `check` on one connection (pg_prepared_statements is per connection) to a seeded database. */
    async function onOneConnection(query: string, check: (database: Database) => Promise<void>) {
      const scratch = await createThrowawayPostgres(serverUrl!);
      try {
        await migrateDatabase(scratch);
        await seedDemoData(scratch.db);
        const database = await openPostgres(`${scratch.url}${query}`, { max: 1 });
        try {
          await check(database);
        } finally {
          await database.close();
        }
      } finally {
        await scratch.close();
      }
    }

    it('runs queries as named prepared statements, in and out of transactions', async () => {
      await onOneConnection('', async (database) => {
        const first = await byLogin(database, 'admin');
        const again = await byLogin(database, 'admin');
        expect(again).toEqual(first);
        expect(first).toHaveLength(1);
        const prepared = await preparedOn(database);
        expect(prepared.filter((text) => text.includes('"login" = $1'))).toHaveLength(1);

        // A transaction and a nested one (a savepoint) prepare theirs too, and roll back as asked.
        await database.db.transaction(async (tx) => {
          await tx.select({ id: schema.tasks.id }).from(schema.tasks).where(eq(schema.tasks.number, 1));
          await expect(
            tx.transaction(async (inner) => {
              await inner
                .update(schema.users)
                .set({ displayName: 'changed' })
                .where(eq(schema.users.login, 'admin'));
              throw new Error('roll the savepoint back');
            }),
          ).rejects.toThrow('roll the savepoint back');
        });
        const [admin] = await database.db
          .select({ displayName: schema.users.displayName })
          .from(schema.users)
          .where(eq(schema.users.login, 'admin'));
        expect(admin?.displayName).not.toBe('changed');
        const after = await preparedOn(database);
        expect(after.some((text) => text.includes('from "tasks" where "tasks"."number" = $1'))).toBe(true);
        expect(after.some((text) => text.startsWith('update "users"'))).toBe(true);
      });
    });

    it('prepares nothing when DATABASE_URL says ?prepare=false (for a pooler that cannot keep them)', async () => {
      await onOneConnection('?prepare=false', async (database) => {
        expect(await byLogin(database, 'admin')).toHaveLength(1);
        expect(await byLogin(database, 'admin')).toHaveLength(1);
        expect(await preparedOn(database)).toEqual([]);
      });
    });
  });
}

async function tableCounts(database: Database) {
  // The users and the strategy's tables (the list the tests' snapshots use).
  const tables = { users: schema.users, ...strategyTables };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await database.db.select({ n: count() }).from(table);
    out[name] = row?.n ?? -1;
  }
  return out;
}
