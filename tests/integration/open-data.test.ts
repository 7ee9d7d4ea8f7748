import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { publicRevision, strategies, tasks } from '@/db/schema';
import schema from '@/lib/open-data/schema.json';
import { warsawDate } from '@/lib/public/data';
import { seedDemoData } from '@/scripts/seed/demo';
import { addWorkflowFixture } from '../support/fixtures';
import { everyOpenDataPath, getOpenData, useDatabase } from '../support/open-data';
import { databaseForTests, testBackends } from '../support/test-db';

/*
 * Issue 21, open data: every file of the published demo strategy, fetched through its route as an
 * anonymous client, is valid against the schema kept in lib/open-data/schema.json (no missing and
 * no extra property), says its licence and date, and is CSV as Polish Excel and RFC 4180 read it;
 * an unpublished strategy, an unknown record and a wrong address answer 404.
 */

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(schema, 'open-data');
const validatorOf = (file: string) => ajv.getSchema(`open-data#/$defs/${file}`)!;

/** The schema definition an address's JSON answers with. */
function definitionOf(path: string): string {
  if (path.endsWith('/strategies.json')) return 'strategyListFile';
  if (path.endsWith('/all.json')) return 'allFile';
  if (path.includes('/years/')) return 'yearFile';
  if (path.includes('/strategies/')) return 'strategyFile';
  if (path.includes('/goals/')) return 'goalFile';
  if (path.includes('/programs/')) return 'programFile';
  return 'taskFile';
}

async function publish(db: Db, from = sql`current_date`) {
  await db.update(strategies).set({ publishedFrom: from });
}

async function fill(db: Db) {
  await seedDemoData(db);
  await addWorkflowFixture(db);
  await publish(db);
}

function readCsv(body: string): string[][] {
  return parse(body, { bom: true, delimiter: ';', record_delimiter: '\r\n', relax_column_count: false });
}

describe.each(testBackends())('open data files on $name', (backend) => {
  const db = databaseForTests(backend, fill);

  it('answers every address with JSON valid against the schema, its licence and the date of the data', async () => {
    useDatabase(db());
    const [revision] = await db().select().from(publicRevision);
    const paths = await everyOpenDataPath();
    // The demo: one strategy, its two goals, their programs and three tasks, five years.
    expect(paths.filter((path) => path.endsWith('.json')).length).toBeGreaterThanOrEqual(
      1 + 1 + 1 + 5 + 2 + 2 + 3,
    );
    for (const path of paths.filter(
      (candidate) => candidate.endsWith('.json') && !candidate.endsWith('schema.json'),
    )) {
      const response = await getOpenData(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('Content-Disposition')).toMatch(/^inline; filename="[a-z0-9-]+\.json"$/);
      const body = (await response.json()) as { licence: string; dataDate: string };
      const validate = validatorOf(definitionOf(path));
      expect(validate(body) ? [] : validate.errors, path).toEqual([]);
      expect(body.licence).toBe('CC BY 4.0');
      expect(body.dataDate).toBe(revision!.changedAt.toISOString());
    }
  });

  it('gives the seed card as printed: its numbers as JSON numbers, its texts as stored', async () => {
    useDatabase(db());
    const strategy = (await (await getOpenData('/public/data/strategies.json')).json()) as {
      strategies: { id: number }[];
    };
    const all = (await (
      await getOpenData(`/public/data/strategies/${strategy.strategies[0]!.id}/all.json`)
    ).json()) as {
      goals: { numeral: string; programs: { number: number; tasks: { id: number; number: number }[] }[] }[];
    };
    const seedTask = all.goals[0]!.programs.find((program) => program.number === 3)!.tasks[0]!;
    const card = (await (await getOpenData(`/public/data/tasks/${seedTask.id}.json`)).json()) as {
      goal: { numeral: string };
      task: {
        progress: number;
        plannedTotal: number;
        stages: { cells: { year: number; planned: number | null; actual: number | null }[] }[];
        partners: { name: string }[];
        funding: { valueText: string; sharePercent: number | null }[];
      };
    };
    expect(card.goal.numeral).toBe('I');
    expect(card.task.progress).toBe(86);
    expect(card.task.plannedTotal).toBe(100);
    expect(card.task.partners.map((partner) => partner.name)).toContain(
      'Regionalna Izba Przemysłowo Handlowa',
    );
    expect(card.task.stages[0]!.cells.every((cell) => typeof cell.planned === 'number')).toBe(true);

    // The same card as CSV: a field row for the progress, a stage row per cell, decimal commas.
    const csv = readCsv(await (await getOpenData(`/public/data/tasks/${seedTask.id}.csv`)).text());
    const [header, ...rows] = csv;
    const column = (name: string) => header!.indexOf(name);
    const progress = rows.find(
      (row) => row[column('section')] === 'field' && row[column('name')] === 'progress',
    );
    expect(progress![column('value_number')]).toBe('86');
    const stageRows = rows.filter((row) => row[column('section')] === 'stage');
    expect(stageRows).toHaveLength(card.task.stages.reduce((count, stage) => count + stage.cells.length, 0));
    const cells = card.task.stages.flatMap((stage) => stage.cells);
    expect(stageRows.map((row) => row[column('planned')])).toEqual(
      cells.map((cell) => (cell.planned === null ? '' : String(cell.planned).replace('.', ','))),
    );

    // A text with a list, a semicolon and quotes comes back exactly as stored, in both formats.
    const description = 'Działania:\n- szkolenia; staże\r\n- „dobre praktyki” i "cytat"';
    await db().update(tasks).set({ description }).where(eq(tasks.id, seedTask.id));
    const edited = (await (await getOpenData(`/public/data/tasks/${seedTask.id}.json`)).json()) as {
      task: { description: string };
    };
    expect(edited.task.description).toBe(description);
    const [editedHeader, ...editedRows] = readCsv(
      await (await getOpenData(`/public/data/tasks/${seedTask.id}.csv`)).text(),
    );
    const at = (name: string) => editedHeader!.indexOf(name);
    expect(
      editedRows.find((row) => row[at('section')] === 'field' && row[at('name')] === 'description')![
        at('value_text')
      ],
    ).toBe(description);
  });

  it('writes every CSV with a BOM, semicolons, CRLF, a header and the licence and date on every row', async () => {
    useDatabase(db());
    const [revision] = await db().select().from(publicRevision);
    const paths = (await everyOpenDataPath()).filter((path) => path.endsWith('.csv'));
    expect(paths.length).toBeGreaterThanOrEqual(1 + 5 + 2 + 2 + 3);
    let decimals = 0;
    for (const path of paths) {
      const response = await getOpenData(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('Content-Disposition')).toMatch(/^inline; filename="[a-z0-9-]+\.csv"$/);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect([...bytes.subarray(0, 3)], path).toEqual([0xef, 0xbb, 0xbf]);
      const body = bytes.toString('utf8');
      expect(body.endsWith('\r\n'), path).toBe(true);
      // Outside quoted fields every line break is CRLF: a lone CR or LF only inside quotes.
      const unquoted = body.replace(/"(?:[^"]|"")*"/g, '""');
      expect(/\r(?!\n)|(?<!\r)\n/.test(unquoted), path).toBe(false);
      const [header, ...rows] = readCsv(body);
      expect(header!.slice(-2)).toEqual(['licence', 'data_date']);
      expect(rows.length, path).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.length).toBe(header!.length);
        expect(row.slice(-2)).toEqual(['CC BY 4.0', revision!.changedAt.toISOString()]);
        for (const field of row) if (/^-?\d+,\d+$/.test(field)) decimals++;
        expect(
          row.some((field) => /^-?\d+\.\d+$/.test(field)),
          `${path}: a decimal point`,
        ).toBe(false);
      }
    }
    expect(decimals).toBeGreaterThan(0);
  });

  it('serves the schema kept in the repository, and the schema refuses a missing or an extra property', async () => {
    const response = await getOpenData('/public/data/schema.json');
    expect(response.headers.get('Content-Type')).toBe('application/schema+json; charset=utf-8');
    expect(await response.json()).toEqual(schema);

    useDatabase(db());
    const list = (await (await getOpenData('/public/data/strategies.json')).json()) as {
      strategies: { id: number }[];
    };
    const file = (await (
      await getOpenData(`/public/data/strategies/${list.strategies[0]!.id}.json`)
    ).json()) as {
      goals: Record<string, unknown>[];
    };
    const validate = validatorOf('strategyFile');
    expect(validate(file)).toBe(true);
    const extra = { ...file, goals: [{ ...file.goals[0], ownerLogin: 'sekretarz' }] };
    expect(validate(extra)).toBe(false);
    const missing = { ...file.goals[0] };
    delete missing.progress;
    expect(validate({ ...file, goals: [missing] })).toBe(false);
    expect(validate({ ...file, goals: [{ ...file.goals[0], progress: '86' }] })).toBe(false);
  });

  it('answers 404 for a wrong address, an unknown record and a strategy that is not published', async () => {
    useDatabase(db());
    const paths = (await everyOpenDataPath()).filter(
      (path) => !path.endsWith('schema.json') && !path.endsWith('strategies.json'),
    );
    const [strategyId] = /\d+/.exec(paths.find((path) => path.includes('/strategies/'))!)!;
    for (const wrong of [
      `/public/data/strategies/${strategyId}.xml`,
      `/public/data/strategies/${strategyId}`,
      `/public/data/strategies/0${strategyId}.json`,
      `/public/data/strategies/${strategyId}.json.csv`,
      `/public/data/strategies/abc.json`,
      `/public/data/strategies/${strategyId}/years/1999.json`,
      `/public/data/strategies/${strategyId}/years/2012.xlsx`,
      `/public/data/strategies/x/all.json`,
      '/public/data/tasks/999999.json',
      '/public/data/goals/999999.csv',
      '/public/data/programs/99999999999.json',
    ]) {
      expect((await getOpenData(wrong)).status, wrong).toBe(404);
    }

    // Published from tomorrow (in Warsaw, as the pages count days: between 23:00 and midnight UTC
    // the database's current_date is still yesterday there): not yet; then not published at all.
    // Every file is gone, as the pages are.
    for (const from of [sql`${warsawDate()}::date + 1`, null]) {
      await db().update(strategies).set({ publishedFrom: from });
      for (const path of paths) {
        const response = await getOpenData(path);
        expect(response.status, path).toBe(404);
        expect(await response.text()).toBe('Not found');
      }
      const list = (await (await getOpenData('/public/data/strategies.json')).json()) as {
        strategies: unknown[];
      };
      expect(list.strategies).toEqual([]);
    }
    await publish(db());
    expect((await getOpenData(paths[0]!)).status).toBe(200);
  });
});
