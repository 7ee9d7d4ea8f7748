// Just over 400 lines: the council's report and its two exports (XLSX, CSV) are read from one seeded
// database with one approved year, set up once below; a second file would repeat that set-up.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { and, eq } from 'drizzle-orm';
import { demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { decideReport } from '@/lib/reports/decide';
import { getReportView } from '@/lib/reports/view';
import { openReportingYear } from '@/lib/reports/years';
import { saveReport } from '@/lib/reports/save';
import { buildYearlyWorkbook, indicatorValuesCsv } from '@/lib/reports/export';
import { listIndicatorValues } from '@/lib/reports/indicator-values';
import { getYearlyReport } from '@/lib/reports/yearly';
import { getTaskCard } from '@/lib/strategy/task-card';
import { reader, submittedAsPlanned, userByLogin } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';
import { workbookLabels } from '../support/workbook-labels';

const labels = workbookLabels;

/** A minimal CSV reader for the export's dialect: semicolons, double quotes, CRLF. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ';') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (char !== '\r') {
      cell += char;
    }
  }
  return rows;
}

describe.each(testBackends())('the yearly strategy report on $name', (backend) => {
  let database: Database;
  let strategyId: number;
  let taskId: number;

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
    strategyId = (await database.db.select().from(schema.strategies))[0]!.id;
    taskId = (await database.db.select().from(schema.tasks))[0]!.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives the seed task the numbers of its card', async () => {
    const card = await getTaskCard(database.db, reader, taskId);
    const report = await getYearlyReport(database.db, reader, strategyId, 2013);
    const task = report.goals[0]!.programs[0]!.tasks[0]!;
    expect(task.progress).toBe(card.progress);
    expect(task.progress).toBe(86);
    expect(task.schedule).toMatchObject({ status: 'behind', cumulativePlanned: 100, cumulativeActual: 86 });
    expect(report.goals[0]!.programs[0]!.progress).toBe(86);
    expect(report.goals[0]!.progress).toBe(86);
    expect(task.executor).toBe('Wydział Promocji i Rozwoju – Naczelnik');

    const year2009 = (await getYearlyReport(database.db, reader, strategyId, 2009)).goals[0]!.programs[0]!
      .tasks[0]!;
    // 2009 on the card: 15/15, 15/15, 15/15, 4/10 → 49 of 55.
    expect([
      year2009.yearActual,
      year2009.yearPlanned,
      year2009.progress,
      year2009.schedule.cumulativePlanned,
    ]).toEqual([49, 55, 49, 55]);
    expect(year2009.approved).toBe(true);
    const indicators2011 = (await getYearlyReport(database.db, reader, strategyId, 2011)).goals[0]!
      .programs[0]!.tasks[0]!.indicators;
    for (const indicator of indicators2011) {
      const onCard = card.indicators.find((candidate) => candidate.id === indicator.id)!;
      expect(indicator.actualText).toBe(onCard.years[2011]!.actualText);
    }
    expect(indicators2011.map((indicator) => indicator.actualText)).toEqual(['1', '1', '2', '0', '1']);
    // 2012 has no approved report: marked as such.
    const year2012 = (await getYearlyReport(database.db, reader, strategyId, 2012)).goals[0]!.programs[0]!
      .tasks[0]!;
    expect(year2012.approved).toBe(false);
  });

  it('writes a workbook whose cells read back as the report: numbers as numbers, percentages formatted', async () => {
    const report = await getYearlyReport(database.db, reader, strategyId, 2011);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildYearlyWorkbook(report, labels)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Podsumowanie', 'Cel I']);

    const summary = workbook.getWorksheet('Podsumowanie')!;
    expect(summary.getCell('A1').value).toBe(
      'Realizacja strategii w 2011 r. – Strategia rozwoju Leszna (Leszno)',
    );
    expect(summary.getRow(3).values).toEqual([
      undefined,
      'Cel',
      'Program',
      'Postęp do końca roku',
      'Plan narastająco',
      'Harmonogram',
    ]);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(summary.getRow(4).values).toEqual([undefined, 'I', report.goals[0]!.title, 0.86, 1, 'Opóźnione']);
    // One notation for a program's code: "I.3" on every sheet, the title apart.
    expect(summary.getRow(5).values).toEqual([
      undefined,
      'I.3',
      'Innowacyjna lokalna gospodarka',
      0.86,
      1,
      'Opóźnione',
    ]);
    expect(summary.getCell('C5').numFmt).toBe('0.0%');

    const goal = workbook.getWorksheet('Cel I')!;
    expect(goal.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const first = goal.getRow(4).values as unknown[];
    expect(first.slice(1, 14)).toEqual([
      'I',
      'I.3',
      'Innowacyjna lokalna gospodarka',
      'I.3.1 Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)',
      'Wydział Promocji i Rozwoju – Naczelnik',
      1,
      0.86,
      1,
      'Opóźnione',
      20,
      20,
      'zatwierdzona (ze sprawozdania)',
      'Zatwierdzone',
    ]);
    // The history year's points were approved; its indicator values came with the card, not a report.
    expect(first.slice(14)).toEqual([
      'Lokalna Grupa Wsparcia',
      'Wskaźniki produktu',
      'WPiR',
      '',
      '',
      undefined,
      1,
      1,
      'dane historyczne zaimportowane z karty, nie ze sprawozdania',
    ]);
    const names = [4, 5, 6, 7, 8].map((row) => goal.getRow(row).getCell(14).value);
    expect(names).toEqual([
      'Lokalna Grupa Wsparcia',
      'Lokalny Plan Działań',
      'Nowe kierunki na uczelniach wyższych',
      'Nowe gałęzie przemysłu',
      'Zwiększenie współpracy z instytucjami regionalnymi',
    ]);
    expect(goal.getRow(6).getCell(16).value).toBe('WPiR- szkoły wyższe');
    expect(goal.getRow(6).getCell(21).value).toBe(2);
    expect(goal.getCell('G4').numFmt).toBe('0.0%');
    // Every data row names its goal, program and task: a filter or a sort keeps them.
    for (let row = 4; row <= goal.rowCount; row++) {
      expect(goal.getRow(row).getCell(1).value).toBe('I');
      expect(goal.getRow(row).getCell(2).value).toBe('I.3');
      expect(goal.getRow(row).getCell(4).value).toMatch(/^I\.3\.1 Współpraca/);
      expect(goal.getRow(row).getCell(7).value).toBe(0.86);
    }
    expect(goal.rowCount).toBe(8);
  });

  it('writes a workbook that prints on A4: landscape, one page wide, header rows repeated, page numbers', async () => {
    const report = await getYearlyReport(database.db, reader, strategyId, 2011);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildYearlyWorkbook(report, labels)) as unknown as ArrayBuffer);
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '3:3',
      });
      expect(sheet.headerFooter.oddHeader).toContain('Realizacja strategii w 2011 r.');
      expect(sheet.headerFooter.oddFooter).toContain('Strona &P z &N');
      // The filter covers the header and every row, every column (E on the summary, V on a goal's sheet).
      const last = sheet.name === 'Podsumowanie' ? 'E' : 'V';
      expect(sheet.autoFilter).toBe(`A3:${last}${sheet.rowCount}`);
      // A named font on every cell, the title's included (no serif next to Calibri).
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.font?.name).toBe('Calibri')));
    }
    const goal = workbook.getWorksheet('Cel I')!;
    expect(goal.getCell('D4').alignment).toMatchObject({ wrapText: true });
    expect(goal.getCell('N4').alignment).toMatchObject({ wrapText: true });
    expect(workbook.getWorksheet('Podsumowanie')!.getCell('A2').value).toBeNull();
  });

  it('exports every indicator value as CSV that round-trips Polish letters', async () => {
    const rows = await listIndicatorValues(database.db, reader, strategyId);
    expect(rows).toHaveLength(25);
    const csv = indicatorValuesCsv(rows, labels);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const bytes = Buffer.from(csv, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = readCsv(bytes.toString('utf8').slice(1));
    expect(parsed[0]).toEqual([
      'Cel',
      'Nazwa celu',
      'Program',
      'Nazwa programu',
      'Zadanie',
      'Miernik',
      'Typ',
      'Źródło',
      'Jednostka',
      'Rok',
      'Wartość docelowa',
      'Wartość docelowa (liczba)',
      'Wartość osiągnięta',
      'Wartość (liczba)',
      'Status wartości osiągniętej',
    ]);
    expect(parsed).toHaveLength(26);
    const zwiekszenie = parsed.filter(
      (row) => row[5] === 'Zwiększenie współpracy z instytucjami regionalnymi',
    );
    expect(zwiekszenie.map((row) => row[9])).toEqual(['2009', '2010', '2011', '2012', '2013']);
    expect(parsed[1]!.slice(0, 5)).toEqual([
      'I',
      (await getYearlyReport(database.db, reader, strategyId, 2011)).goals[0]!.title,
      'I.3',
      'Innowacyjna lokalna gospodarka',
      'I.3.1 Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)',
    ]);
    expect(
      parsed.find((row) => row[5] === 'Nowe kierunki na uczelniach wyższych' && row[9] === '2011')!.slice(4),
    ).toEqual([
      'I.3.1 Współpraca w ramach „potrójnej spirali (administracja, szkoły wyższe, biznes)',
      'Nowe kierunki na uczelniach wyższych',
      'Wskaźniki rezultatu',
      'WPiR- szkoły wyższe',
      '',
      '2011',
      '',
      '',
      '2',
      '2',
      'dane historyczne zaimportowane z karty, nie ze sprawozdania',
    ]);
  });

  it('quotes fields with semicolons and quotes, and writes decimals with a comma', () => {
    const csv = indicatorValuesCsv(
      [
        {
          goalNumber: 2,
          goalTitle: 'Cel; drugi',
          programNumber: 1,
          programTitle: 'Program „pierwszy"',
          taskNumber: 4,
          taskTitle: 'Zadanie; z "cudzysłowem"',
          indicator: 'Żłobki',
          type: 'impact',
          source: 'GUS',
          unit: 'miejsc',
          year: 2020,
          targetText: 'ok. 244 tys.',
          targetNumber: 244000,
          actualText: '1,5',
          actualNumber: 1.5,
          actualSource: 'approved',
        },
      ],
      labels,
    );
    expect(readCsv(csv.slice(1))[1]).toEqual([
      'II',
      'Cel; drugi',
      'II.1',
      'Program „pierwszy"',
      'II.1.4 Zadanie; z "cudzysłowem"',
      'Żłobki',
      'Wskaźniki oddziaływania',
      'GUS',
      'miejsc',
      '2020',
      'ok. 244 tys.',
      '244000',
      '1,5',
      '1,5',
      'zatwierdzona (ze sprawozdania)',
    ]);
  });
  it('with 2012 still a draft, marks the card values as imported history, never as approved (issue 19)', async () => {
    const admin = await userByLogin(database.db, demoUsers.admin.login);
    await openReportingYear(database.db, admin, {
      strategyId,
      year: 2012,
      deadline: '2013-01-31',
      coordinatorReview: true,
      // A deadline already past (so the drafts are late): the office confirms it.
      confirmPastDeadline: true,
    });
    // Targets typed on the card: one a plain number, one with a word.
    const [first, second] = await database.db
      .select()
      .from(schema.indicators)
      .where(eq(schema.indicators.taskId, taskId))
      .orderBy(schema.indicators.position);
    await database.db
      .update(schema.indicatorYears)
      .set({ targetText: '20', targetNumber: 20 })
      .where(and(eq(schema.indicatorYears.indicatorId, first!.id), eq(schema.indicatorYears.year, 2012)));
    await database.db
      .update(schema.indicatorYears)
      .set({ targetText: 'ok. 2', targetNumber: 2 })
      .where(and(eq(schema.indicatorYears.indicatorId, second!.id), eq(schema.indicatorYears.year, 2012)));

    const report = await getYearlyReport(database.db, reader, strategyId, 2012);
    const task = report.goals[0]!.programs[0]!.tasks[0]!;
    expect(task.reportStatus).toBe('draft');
    expect(task.pointsSource).toBe('missing');
    // The actuals the council report showed for 2012 (0 and 1) are the card's imported history.
    expect(task.indicators.map((indicator) => [indicator.actualText, indicator.actualSource])).toEqual([
      ['0', 'imported'],
      ['0', 'imported'],
      ['1', 'imported'],
      ['0', 'imported'],
      ['1', 'imported'],
    ]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildYearlyWorkbook(report, labels)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Cel I')!;
    expect(sheet.getRow(3).getCell(22).value).toBe('Status wartości osiągniętej');
    expect([4, 5, 6, 7, 8].map((row) => sheet.getRow(row).getCell(22).value)).toEqual(
      Array(5).fill(labels.valueSource.imported),
    );
    expect(sheet.getRow(4).getCell(12).value).toBe('brak wartości');
    // Targets: a plain number is a number cell (not the text "20"); text with words stays as typed.
    expect(sheet.getRow(4).getCell(18).value).toBe(20);
    expect(sheet.getRow(4).getCell(19).value).toBe(20);
    expect(sheet.getRow(5).getCell(18).value).toBe('ok. 2');
    expect(sheet.getRow(5).getCell(19).value).toBe(2);
    // 2012 has no approved report (only drafts): the summary says so above the table.
    expect(workbook.getWorksheet('Podsumowanie')!.getCell('A2').value).toBe(labels.noneApproved(2012));

    const csv = readCsv(
      indicatorValuesCsv(await listIndicatorValues(database.db, reader, strategyId), labels).slice(1),
    );
    const of2012 = csv.filter((row) => row[9] === '2012');
    expect(of2012).toHaveLength(5);
    expect(of2012.map((row) => row[14])).toEqual(Array(5).fill(labels.valueSource.imported));
    expect(of2012[0]!.slice(10, 12)).toEqual(['20', '20']);
    expect(csv.some((row) => row[14] === labels.valueSource.approved)).toBe(false);
  });

  it('marks a value from an approved report as approved', async () => {
    const executor = await userByLogin(database.db, demoUsers.coordinator.login);
    const goalOwner = await userByLogin(database.db, demoUsers.goalOwner.login);
    const view = await getReportView(database.db, executor, taskId, 2012);
    const submission = submittedAsPlanned(view, 'Sprawozdanie za 2012 r.');
    submission.indicators[0]!.actualText = '3';
    submission.indicators[4]!.actualText = 'bd.';
    await saveReport(database.db, executor, taskId, 2012, submission);
    const accepted = await getReportView(database.db, goalOwner, taskId, 2012);
    expect(accepted.status).toBe('accepted');
    await decideReport(database.db, goalOwner, taskId, 2012, {
      action: 'approve',
      version: accepted.version,
      comment: '',
    });

    const task = (await getYearlyReport(database.db, reader, strategyId, 2012)).goals[0]!.programs[0]!
      .tasks[0]!;
    expect(task.approved).toBe(true);
    expect(task.indicators.map((indicator) => [indicator.actualText, indicator.actualSource])).toEqual([
      ['3', 'approved'],
      ['1', 'approved'],
      ['1', 'approved'],
      ['1', 'approved'],
      ['bd.', 'approved'],
    ]);
    const csv = readCsv(
      indicatorValuesCsv(await listIndicatorValues(database.db, reader, strategyId), labels).slice(1),
    );
    expect(csv.filter((row) => row[9] === '2012').map((row) => [row[12], row[14]])).toEqual([
      ['3', labels.valueSource.approved],
      ['1', labels.valueSource.approved],
      ['1', labels.valueSource.approved],
      ['1', labels.valueSource.approved],
      ['bd.', labels.valueSource.approved],
    ]);
    // The other years keep the card's history.
    expect(
      csv.filter((row) => row[9] === '2013').every((row) => row[14] === labels.valueSource.imported),
    ).toBe(true);
  });
});
