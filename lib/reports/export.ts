import ExcelJS from 'exceljs';
import { type CsvField, toCsv } from '@/lib/csv';
import { parseDecimal, toRoman } from '@/lib/numbers';
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
    program: string;
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
}

const PERCENT = '0.0%';

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

function header(sheet: ExcelJS.Worksheet, row: number) {
  const cells = sheet.getRow(row);
  cells.font = { bold: true };
  cells.alignment = { vertical: 'middle', wrapText: true };
  cells.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  sheet.views = [{ state: 'frozen', ySplit: row }];
}

export async function buildYearlyWorkbook(report: YearlyReport, labels: ExportLabels): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Monitor Strategii';
  workbook.created = new Date();
  const c = labels.columns;

  const summary = workbook.addWorksheet(labels.summarySheet);
  summary.getCell('A1').value = labels.title(
    `${report.strategy.name} (${report.strategy.cityName})`,
    report.year,
  );
  summary.getCell('A1').font = { bold: true, size: 14 };
  summary.columns = [
    { key: 'goal', width: 10 },
    { key: 'program', width: 50 },
    { key: 'progress', width: 14 },
    { key: 'planned', width: 16 },
    { key: 'status', width: 20 },
  ];
  summary.getRow(3).values = [c.goal, c.program, c.progress, c.planned, c.status];
  header(summary, 3);
  for (const goal of report.goals) {
    const goalRow = summary.addRow([
      `${toRoman(goal.number)}`,
      goal.title,
      pct(goal.progress),
      pct(goal.plannedToDate),
      labels.schedule[goal.status],
    ]);
    goalRow.font = { bold: true };
    for (const program of goal.programs) {
      summary.addRow([
        `${toRoman(goal.number)}.${program.number}`,
        `${program.number}. ${program.title}`,
        pct(program.progress),
        pct(program.plannedToDate),
        labels.schedule[program.status],
      ]);
    }
  }
  summary.getColumn(3).numFmt = PERCENT;
  summary.getColumn(4).numFmt = PERCENT;

  for (const goal of report.goals) {
    const sheet = workbook.addWorksheet(labels.goalSheet(toRoman(goal.number)).slice(0, 31));
    sheet.getCell('A1').value = `${labels.goalSheet(toRoman(goal.number))} – ${goal.title}`;
    sheet.getCell('A1').font = { bold: true, size: 12 };
    sheet.columns = [
      { key: 'program', width: 10 },
      { key: 'task', width: 50 },
      { key: 'executor', width: 30 },
      { key: 'weight', width: 10 },
      { key: 'progress', width: 14 },
      { key: 'planned', width: 16 },
      { key: 'status', width: 18 },
      { key: 'yearActual', width: 14 },
      { key: 'yearPlanned', width: 14 },
      { key: 'yearPointsSource', width: 24 },
      { key: 'report', width: 24 },
      { key: 'indicator', width: 40 },
      { key: 'type', width: 22 },
      { key: 'source', width: 16 },
      { key: 'unit', width: 12 },
      { key: 'target', width: 16 },
      { key: 'targetNumber', width: 14 },
      { key: 'actual', width: 20 },
      { key: 'actualNumber', width: 14 },
      { key: 'valueSource', width: 30 },
    ];
    sheet.getRow(3).values = [
      c.program,
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
        const base = [
          program.number,
          `${task.number}. ${task.title}`,
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
        for (const [index, indicator] of task.indicators.entries()) {
          sheet.addRow([
            ...(index === 0 ? base : base.map(() => null)),
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
    for (const column of [4, 5, 6]) sheet.getColumn(column).numFmt = PERCENT;
    sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
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
      `${toRoman(row.goalNumber)}.${row.programNumber}.${row.taskNumber} ${row.taskTitle}`,
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
