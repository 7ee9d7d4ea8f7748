import ExcelJS from 'exceljs';
import { type CsvField, toCsv } from '@/lib/csv';
import { parseDecimal, programCode, taskCode, toRoman } from '@/lib/numbers';
import type { IndicatorValueRow, ValueSource } from './indicator-values';
import type { YearlyReport } from './yearly';

/*
 * The council report as a workbook and the indicator values as CSV. Plain functions of data already
 * computed by lib/reports/yearly.ts: no arithmetic here, only layout.
 */

export interface ExportLabels {
  summarySheet: string;
  goalSheet: (number: string) => string;
  title: (strategy: string, year: number) => string;
  columns: {
    goal: string;
    goalTitle: string;
    program: string;
    programTitle: string;
    task: string;
    executor: string;
    weight: string;
    progress: string;
    planned: string;
    status: string;
    yearPoints: string;
    yearPlanned: string;
    report: string;
    indicator: string;
    type: string;
    source: string;
    unit: string;
    year: string;
    target: string;
    targetNumber: string;
    actual: string;
    actualNumber: string;
    valueSource: string;
    yearPointsSource: string;
  };
  /** Where a value comes from: approved report, history imported with the card, or missing. */
  valueSource: Record<ValueSource, string>;
  schedule: Record<string, string>;
  reportStatus: Record<string, string>;
  notApproved: string;
  indicatorType: Record<string, string>;
  /** Said on the summary sheet when the year has no task, or no approved report. */
  noTasks: (year: number) => string;
  noneApproved: (year: number) => string;
  /** The footer's "Strona 3 z 7": the words around the page number and the page count. */
  page: string;
  of: string;
}

const PERCENT = '0.0%';
/** One named font everywhere, title rows included: an unnamed font opens as a serif in LibreOffice. */
const FONT = 'Calibri';

/**
 * A value as typed, as a number cell when it is nothing but a number ("20", "1,5"), so that Excel
 * counts with it; otherwise the text ("ok. 20", "bd.") exactly as typed.
 */
function typedCell(text: string | null): string | number {
  if (text === null) return '';
  return parseDecimal(text) ?? text;
}

/** Percent points (86) as an Excel percentage (0.86 shown as 86.0%). */
const pct = (value: number | null) => (value === null ? null : value / 100);

/** Text in a header or footer: "&" starts a code there, so a literal one is doubled. */
const headerText = (text: string) => text.replace(/&/g, '&&');

function header(sheet: ExcelJS.Worksheet, row: number) {
  const cells = sheet.getRow(row);
  cells.font = { name: FONT, size: 10, bold: true };
  cells.alignment = { vertical: 'middle', wrapText: true };
  cells.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  sheet.views = [{ state: 'frozen', ySplit: row }];
}

/**
 * What makes a sheet print: A4 landscape, fitted to one page's width (as many pages down as it
 * needs), the header row repeated on every page, the title and "page x of y" in the header and
 * footer, an autofilter over the header, every cell in the named font and long texts wrapped.
 */
function printable(
  sheet: ExcelJS.Worksheet,
  title: string,
  labels: ExportLabels,
  headerRow: number,
  wrapped: number[],
) {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    horizontalCentered: false,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = {
    ...sheet.headerFooter,
    oddHeader: `&L&"${FONT},Bold"&10${headerText(title)}`,
    oddFooter: `&L&"${FONT}"&8${headerText(sheet.name)}&R&"${FONT}"&8${headerText(labels.page)} &P ${headerText(labels.of)} &N`,
  };
  const columnCount = sheet.columnCount;
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: Math.max(headerRow, sheet.rowCount), column: columnCount },
  };
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    row.eachCell((cell, column) => {
      cell.font = { ...cell.font, name: FONT, size: 10 };
      cell.alignment = { vertical: 'top', wrapText: wrapped.includes(column) };
    });
  });
}

export async function buildYearlyWorkbook(report: YearlyReport, labels: ExportLabels): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Monitor Strategii';
  workbook.created = new Date();
  const c = labels.columns;
  const title = labels.title(`${report.strategy.name} (${report.strategy.cityName})`, report.year);

  const summary = workbook.addWorksheet(labels.summarySheet);
  summary.getCell('A1').value = title;
  summary.getCell('A1').font = { name: FONT, bold: true, size: 14 };
  const notice =
    report.counts.tasks === 0
      ? labels.noTasks(report.year)
      : report.counts.approved === 0
        ? labels.noneApproved(report.year)
        : null;
  if (notice) {
    summary.getCell('A2').value = notice;
    summary.getCell('A2').font = { name: FONT, bold: true, size: 11, color: { argb: 'FF9A3412' } };
  }
  summary.columns = [
    { key: 'goal', width: 10 },
    { key: 'program', width: 60 },
    { key: 'progress', width: 14 },
    { key: 'planned', width: 16 },
    { key: 'status', width: 20 },
  ];
  summary.getRow(3).values = [c.goal, c.program, c.progress, c.planned, c.status];
  header(summary, 3);
  for (const goal of report.goals) {
    const goalRow = summary.addRow([
      toRoman(goal.number),
      goal.title,
      pct(goal.progress),
      pct(goal.plannedToDate),
      labels.schedule[goal.status],
    ]);
    for (const program of goal.programs) {
      summary.addRow([
        programCode(goal.number, program.number),
        program.title,
        pct(program.progress),
        pct(program.plannedToDate),
        labels.schedule[program.status],
      ]);
    }
    goalRow.font = { name: FONT, size: 10, bold: true };
  }
  summary.getColumn(3).numFmt = PERCENT;
  summary.getColumn(4).numFmt = PERCENT;
  printable(summary, title, labels, 3, [2]);
  for (const goal of report.goals) {
    const sheet = workbook.addWorksheet(labels.goalSheet(toRoman(goal.number)).slice(0, 31));
    sheet.getCell('A1').value = `${labels.goalSheet(toRoman(goal.number))} – ${goal.title}`;
    sheet.getCell('A1').font = { name: FONT, bold: true, size: 12 };
    sheet.columns = [
      { key: 'goal', width: 6 },
      { key: 'program', width: 8 },
      { key: 'programTitle', width: 24 },
      { key: 'task', width: 36 },
      { key: 'executor', width: 22 },
      { key: 'weight', width: 8 },
      { key: 'progress', width: 10 },
      { key: 'planned', width: 10 },
      { key: 'status', width: 13 },
      { key: 'yearActual', width: 10 },
      { key: 'yearPlanned', width: 10 },
      { key: 'yearPointsSource', width: 18 },
      { key: 'report', width: 16 },
      { key: 'indicator', width: 30 },
      { key: 'type', width: 14 },
      { key: 'source', width: 14 },
      { key: 'unit', width: 10 },
      { key: 'target', width: 14 },
      { key: 'targetNumber', width: 11 },
      { key: 'actual', width: 14 },
      { key: 'actualNumber', width: 11 },
      { key: 'valueSource', width: 22 },
    ];
    sheet.getRow(3).values = [
      c.goal,
      c.program,
      c.programTitle,
      c.task,
      c.executor,
      c.weight,
      c.progress,
      c.planned,
      c.status,
      c.yearPoints,
      c.yearPlanned,
      c.yearPointsSource,
      c.report,
      c.indicator,
      c.type,
      c.source,
      c.unit,
      c.target,
      c.targetNumber,
      c.actual,
      c.actualNumber,
      c.valueSource,
    ];
    header(sheet, 3);
    for (const program of goal.programs) {
      for (const task of program.tasks) {
        const reportLabel = task.reportStatus ? labels.reportStatus[task.reportStatus] : '';
        // Every row names its goal, program and task, so that a filter or a sort keeps them.
        const base = [
          toRoman(goal.number),
          programCode(goal.number, program.number),
          program.title,
          `${taskCode(goal.number, program.number, task.number)} ${task.title}`,
          task.executor ?? '',
          pct(task.weight),
          pct(task.progress),
          pct(task.schedule.cumulativePlanned),
          labels.schedule[task.schedule.status],
          task.yearActual,
          task.yearPlanned,
          labels.valueSource[task.pointsSource],
          task.approved ? reportLabel : `${reportLabel}${reportLabel ? ' – ' : ''}${labels.notApproved}`,
        ];
        if (task.indicators.length === 0) sheet.addRow(base);
        for (const indicator of task.indicators) {
          sheet.addRow([
            ...base,
            indicator.name,
            labels.indicatorType[indicator.type],
            indicator.source,
            indicator.unit,
            typedCell(indicator.targetText),
            indicator.targetNumber,
            typedCell(indicator.actualText),
            indicator.actualNumber,
            labels.valueSource[indicator.actualSource],
          ]);
        }
      }
    }
    for (const column of [6, 7, 8]) sheet.getColumn(column).numFmt = PERCENT;
    printable(sheet, title, labels, 3, [3, 4, 5, 9, 12, 13, 14, 15, 16, 18, 20, 22]);
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer as ArrayBuffer);
}

/**
 * Every indicator value (with its unit, the target and the actual as typed and as numbers, and where
 * the actual comes from: approved report, imported history or missing) as CSV for Excel in Poland
 * (lib/csv.ts: UTF-8 with a BOM so that Polish letters open right,
 * semicolons between fields and a decimal comma).
 */
export function indicatorValuesCsv(rows: readonly IndicatorValueRow[], labels: ExportLabels): string {
  const c = labels.columns;
  const records: CsvField[][] = [
    [
      c.goal,
      c.goalTitle,
      c.program,
      c.programTitle,
      c.task,
      c.indicator,
      c.type,
      c.source,
      c.unit,
      c.year,
      c.target,
      c.targetNumber,
      c.actual,
      c.actualNumber,
      c.valueSource,
    ],
  ];
  for (const row of rows) {
    records.push([
      toRoman(row.goalNumber),
      row.goalTitle,
      programCode(row.goalNumber, row.programNumber),
      row.programTitle,
      `${taskCode(row.goalNumber, row.programNumber, row.taskNumber)} ${row.taskTitle}`,
      row.indicator,
      labels.indicatorType[row.type] ?? row.type,
      row.source,
      row.unit,
      row.year,
      row.targetText ?? '',
      row.targetNumber,
      row.actualText ?? '',
      row.actualNumber,
      labels.valueSource[row.actualSource],
    ]);
  }
  return toCsv(records);
}
