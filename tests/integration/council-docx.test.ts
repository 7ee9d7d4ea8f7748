// The council report's strategy chapter as .docx, read back as Word would: headings in Word's own
// styles, tables whose numbers are the yearly report's, charts as images, Polish letters and number
// format, and documents that say so when a year is empty or has no approved report.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { formatNumber, formatPercent } from '@/lib/format';
import { decideReport } from '@/lib/reports/decide';
import { buildYearlyDocx } from '@/lib/reports/docx';
import { docxLabels } from '@/lib/reports/docx-labels';
import { buildYearlyWorkbook } from '@/lib/reports/export';
import { saveReport } from '@/lib/reports/save';
import { getReportView } from '@/lib/reports/view';
import { getYearlyReport } from '@/lib/reports/yearly';
import { openReportingYear } from '@/lib/reports/years';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { readDocx } from '../support/docx-reader';
import { reader, submittedAsPlanned, userByLogin } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';
import { workbookLabels } from '../support/workbook-labels';

const AS_OF = new Date('2014-03-15T09:30:00Z');
const SEED_TASK = 'Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)';
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe.each(testBackends())('the council chapter as .docx on $name', (backend) => {
  let database: Database;
  let strategyId: number;
  let taskId: number;

  async function chapter(year: number, locale: 'pl' | 'en' = 'pl', id = strategyId) {
    const report = await getYearlyReport(database.db, reader, id, year);
    const bytes = await buildYearlyDocx(report, docxLabels(locale, AS_OF), locale);
    return { report, docx: await readDocx(bytes), bytes };
  }

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
    strategyId = (await database.db.select().from(schema.strategies))[0]!.id;
    taskId = (await database.db.select().from(schema.tasks))[0]!.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives goal → program → task in Word’s heading styles, a contents field Word updates, A4 and page numbers', async () => {
    const { report, docx } = await chapter(2013);
    const goal = report.goals[0]!;
    expect(docx.paragraphs.find((paragraph) => paragraph.style === 'Title')?.text).toBe(
      'Realizacja strategii w 2013 r.',
    );
    expect(docx.paragraphs.map((paragraph) => paragraph.text)).toContain(
      'Stan danych na 15 marca 2014 10:30',
    );
    expect(docx.headings[1]).toEqual([`Cel I – ${goal.title}`]);
    expect(docx.headings[2]).toEqual(['Program I.3 – Innowacyjna lokalna gospodarka']);
    expect(docx.headings[3]).toEqual([`Zadanie I.3.1 – ${SEED_TASK}`]);
    // Word's built-in styles (shown as Nagłówek 1–3 in Polish Word), so a template restyles them.
    const styles = docx.parts.get('word/styles.xml')!.toString('utf8');
    for (const level of [1, 2, 3])
      expect(styles).toMatch(
        new RegExp(`w:styleId="Heading${level}"[^]*?<w:name w:val="heading ${level}"/>`, 'i'),
      );
    // A TOC field over headings 1–2, filled in already and updated by Word when it opens the file.
    expect(docx.document).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    expect(docx.parts.get('word/settings.xml')!.toString('utf8')).toContain('<w:updateFields/>');
    expect(docx.paragraphs.map((paragraph) => paragraph.text)).toContain('Spis treści');
    expect(docx.document).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const footer = [...docx.parts.entries()].find(([name]) => /^word\/footer\d*\.xml$/.test(name))![1];
    expect(footer.toString('utf8')).toMatch(/PAGE[^]*NUMPAGES/);
    expect(footer.toString('utf8')).toContain('Strona');
  });

  it("tables the program's tasks with the yearly report's numbers, header rows repeated, and the weighted total", async () => {
    const { report, docx } = await chapter(2013);
    const program = report.goals[0]!.programs[0]!;
    const task = program.tasks[0]!;
    const tasksTable = docx.tables.find((table) => table.rows[0]![0] === 'Zadanie')!;
    expect(tasksTable.headerRows).toBe(1);
    expect(tasksTable.rows[0]).toEqual([
      'Zadanie',
      'Realizator',
      'Waga',
      'Postęp do końca roku',
      'Plan narastająco',
      'Harmonogram',
      'Punkty 2013',
      'Sprawozdanie za rok',
    ]);
    // The card's numbers: weight 100%, 86% done of the 100% planned by 2013, behind plan.
    expect(tasksTable.rows[1]!.slice(0, 6)).toEqual([
      `I.3.1 ${SEED_TASK}`,
      'Wydział Promocji i Rozwoju – Naczelnik',
      '100%',
      '86%',
      '100%',
      'Opóźnione',
    ]);
    // Nothing planned or done in 2013 itself: a dash, as in the print view.
    expect([task.yearPlanned, task.yearActual, tasksTable.rows[1]![6]]).toEqual([0, 0, '-']);
    expect(tasksTable.rows[1]!.slice(2, 5)).toEqual(
      [task.weight, task.progress, task.schedule.cumulativePlanned].map(
        (value) => `${formatNumber(value, 'pl')}%`,
      ),
    );
    expect(tasksTable.rows.at(-1)).toEqual([
      'Razem (średnia ważona wagami zadań)',
      '',
      '',
      formatPercent(program.progress, 'pl'),
      formatPercent(program.plannedToDate, 'pl'),
      'Opóźnione',
      '',
      '',
    ]);
    // Indicators as typed, with where each actual comes from.
    const indicators = docx.tables.find((table) => table.rows[0]![0] === 'Miernik')!;
    expect(indicators.headerRows).toBe(1);
    expect(indicators.rows.slice(1).map((row) => [row[0], row[5], row[6]])).toEqual(
      task.indicators.map((indicator) => [
        indicator.name,
        indicator.actualText ?? '—',
        {
          approved: 'zatwierdzona (ze sprawozdania)',
          imported: 'dane historyczne zaimportowane z karty, nie ze sprawozdania',
          missing: 'brak wartości',
        }[indicator.actualSource],
      ]),
    );
    expect(indicators.rows[1]![0]).toBe('Lokalna Grupa Wsparcia');
    // The goal's table of programs.
    const programs = docx.tables.find((table) => table.rows[0]![0] === 'Program')!;
    expect(programs.rows[1]).toEqual(['I.3 Innowacyjna lokalna gospodarka', '86%', '100%', 'Opóźnione']);
  });

  it('draws a chart per goal and per program as PNG, with alternative text and a caption', async () => {
    const { docx } = await chapter(2013);
    const images = [...docx.parts.entries()].filter(([name]) => /^word\/media\/.+\.png$/.test(name));
    expect(images).toHaveLength(2);
    for (const [, bytes] of images) {
      expect([...bytes.subarray(0, 4)]).toEqual(PNG);
      // A 720 px wide chart drawn at 1.25 times its size (135 dpi as the document shows it).
      expect(bytes.readUInt32BE(16)).toBe(900);
    }
    expect(docx.document).toContain('descr="Wykres słupkowy: dla każdego programu plan narastająco');
    expect(docx.document).toContain('title="Zadania programu I.3: postęp do końca 2013 r. wobec planu"');
    const captions = docx.paragraphs.filter((paragraph) => paragraph.style === 'Caption');
    expect(captions.map((paragraph) => paragraph.text)).toEqual([
      'Rysunek 1. Postęp programów celu wobec planu narastająco (liczby w tabeli poniżej).',
      'Tabela 1. Programy celu I: postęp do końca 2013 r. wobec planu',
      'Rysunek 2. Postęp zadań programu wobec planu narastająco (liczby w tabeli poniżej).',
      'Tabela 2. Zadania programu I.3: postęp do końca 2013 r. wobec planu',
    ]);
  });

  it('speaks English to an English user, with English number format', async () => {
    await database.db.update(schema.tasks).set({ weight: 12.5 }).where(eq(schema.tasks.id, taskId));
    try {
      const english = (await chapter(2013, 'en')).docx;
      expect(english.headings[2]).toEqual(['Program I.3 – Innowacyjna lokalna gospodarka']);
      expect(english.headings[1]![0]).toMatch(/^Goal I – /);
      expect(english.paragraphs.map((paragraph) => paragraph.text)).toContain('Contents');
      const table = english.tables.find((candidate) => candidate.rows[0]![0] === 'Task')!;
      expect(table.rows[1]![2]).toBe('12.5%');
      // Polish: a decimal comma.
      const polish = (await chapter(2013, 'pl')).docx;
      expect(polish.tables.find((candidate) => candidate.rows[0]![0] === 'Zadanie')!.rows[1]![2]).toBe(
        '12,5%',
      );
    } finally {
      await database.db.update(schema.tasks).set({ weight: 100 }).where(eq(schema.tasks.id, taskId));
    }
  });

  it('says so when no report of the year is approved, and when the year has no task (the XLSX too)', async () => {
    const { report, docx } = await chapter(2012);
    expect(report.counts).toEqual({ tasks: 1, approved: 0 });
    const texts = docx.paragraphs.map((paragraph) => paragraph.text);
    expect(texts).toContain(
      'Żadne sprawozdanie za 2012 r. nie zostało jeszcze zatwierdzone: wszystkie wartości poniżej są niezatwierdzone.',
    );
    const tasksTable = docx.tables.find((table) => table.rows[0]![0] === 'Zadanie')!;
    expect(tasksTable.rows[1]![7]).toBe('brak sprawozdania\nniezatwierdzone');

    const [empty] = await database.db
      .insert(schema.strategies)
      .values({ name: 'Strategia bez zadań', cityName: 'Leszno', startYear: 2020, endYear: 2030 })
      .returning();
    const blank = await chapter(2021, 'pl', empty!.id);
    expect(blank.report.counts).toEqual({ tasks: 0, approved: 0 });
    expect(blank.docx.paragraphs.map((paragraph) => paragraph.text)).toContain(
      'Strategia nie ma w 2021 r. żadnych zadań: raport nie zawiera danych.',
    );
    expect(blank.docx.headings[1]).toEqual([]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await buildYearlyWorkbook(blank.report, workbookLabels)) as unknown as ArrayBuffer,
    );
    expect(workbook.getWorksheet('Podsumowanie')!.getCell('A2').value).toBe(
      'Strategia nie ma w 2021 r. żadnych zadań: raport nie zawiera danych.',
    );
  });

  it('carries the approved narrative only where the office publishes narratives', async () => {
    const admin = await userByLogin(database.db, demoUsers.admin.login);
    await openReportingYear(database.db, admin, {
      strategyId,
      year: 2012,
      deadline: '2013-01-31',
      coordinatorReview: true,
      confirmPastDeadline: true,
    });
    const executor = await userByLogin(database.db, demoUsers.coordinator.login);
    const goalOwner = await userByLogin(database.db, demoUsers.goalOwner.login);
    const narrative = 'Zorganizowano dwa spotkania z uczelniami.\nWspółpraca z Regionalną Izbą trwa.';
    await saveReport(
      database.db,
      executor,
      taskId,
      2012,
      submittedAsPlanned(await getReportView(database.db, executor, taskId, 2012), narrative),
    );
    const submitted = (await chapter(2012)).docx.paragraphs.map((paragraph) => paragraph.text);
    expect(submitted).not.toContain('Zorganizowano dwa spotkania z uczelniami.');
    const accepted = await getReportView(database.db, goalOwner, taskId, 2012);
    await decideReport(database.db, goalOwner, taskId, 2012, {
      action: 'approve',
      version: accepted.version,
      comment: '',
    });
    // Approved, but narratives are not published: none in the document.
    const unpublished = (await chapter(2012)).docx.paragraphs.map((paragraph) => paragraph.text);
    expect(unpublished).not.toContain('Opis realizacji (z zatwierdzonego sprawozdania)');
    expect(unpublished).not.toContain('Zorganizowano dwa spotkania z uczelniami.');

    await database.db
      .update(schema.strategies)
      .set({ publishNarratives: true })
      .where(eq(schema.strategies.id, strategyId));
    const published = (await chapter(2012)).docx.paragraphs.map((paragraph) => paragraph.text);
    const at = published.indexOf('Opis realizacji (z zatwierdzonego sprawozdania)');
    expect(at).toBeGreaterThan(published.indexOf(`Zadanie I.3.1 – ${SEED_TASK}`));
    expect(published.slice(at + 1, at + 3)).toEqual([
      'Zorganizowano dwa spotkania z uczelniami.',
      'Współpraca z Regionalną Izbą trwa.',
    ]);
  });
});
