import 'server-only';
import {
  AlignmentType,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { barChartSvg, SERIES_COLORS } from '@/lib/charts/svg';
import { formatNumber, formatPercent } from '@/lib/format';
import { programCode, taskCode, toRoman } from '@/lib/numbers';
import type { ValueSource } from './indicator-values';
import type { YearlyGoalRow, YearlyProgramRow, YearlyReport } from './yearly';

/*
 * The building blocks of the council chapter's .docx (./docx.ts lays the chapter out with them):
 * its labels, page and table measures, table cells and tables, captions, and the charts (SVG from
 * lib/charts, as PNG rendered before the layout) with their alternative text.
 */

export interface DocxLabels {
  title: (year: number) => string;
  dataAsOf: string;
  intro: (counts: { approved: number; tasks: number; year: number }) => string;
  legend: string;
  toc: string;
  tocHint: string;
  noTasks: (year: number) => string;
  noneApproved: (year: number) => string;
  goalHeading: (code: string, title: string) => string;
  programHeading: (code: string, title: string) => string;
  taskHeading: (code: string, title: string) => string;
  owner: string;
  coordinator: string;
  executor: string;
  progressToDate: (actual: string, planned: string) => string;
  schedule: Record<string, string>;
  reportStatus: Record<string, string>;
  notApproved: string;
  noReport: string;
  report: string;
  columns: {
    program: string;
    task: string;
    executor: string;
    weight: string;
    progress: string;
    planned: string;
    schedule: string;
    yearPoints: (year: number) => string;
    report: string;
    indicator: string;
    type: string;
    unit: string;
    source: string;
    target: string;
    actual: string;
    valueSource: string;
  };
  total: string;
  noPrograms: string;
  noProgramTasks: string;
  noIndicators: string;
  narrative: string;
  valueSource: Record<ValueSource, string>;
  importedPoints: string;
  indicatorType: Record<string, string>;
  figure: (number: number, text: string) => string;
  table: (number: number, text: string) => string;
  goalChart: { title: (code: string, year: number) => string; description: string; caption: string };
  programChart: { title: (code: string, year: number) => string; description: string; caption: string };
  series: { planned: string; actual: string };
  page: string;
  of: string;
}

export const FONT = 'Calibri';
/** A4 in twentieths of a point, 2 cm margins: 17 cm of text, 642 px at 96 dpi. */
export const A4 = { width: 11906, height: 16838 };
export const MARGIN = 1134;
export const TEXT_WIDTH = A4.width - 2 * MARGIN;
export const IMAGE_WIDTH = 640;
export const HEADER_FILL = 'E8EEF7';
export const TABLE_TEXT = 'TableText';

export interface Context {
  report: YearlyReport;
  labels: DocxLabels;
  locale: string;
  figures: number;
  tables: number;
  /** Every chart's PNG by its SVG, rendered before the document is laid out. */
  pngs: Map<string, Buffer>;
}

export const num = (context: Context, value: number) => `${formatNumber(value, context.locale)}%`;
export const pct = (context: Context, value: number | null) => formatPercent(value, context.locale);

/*
 * A 600-task chapter has some 40,000 table cells: their look comes from the table (cell margins)
 * and a paragraph style (size, spacing), not from properties repeated in every cell, which keeps
 * word/document.xml (and the time to write it) a third of the size.
 */
export function cell(text: string, options: { header?: boolean; right?: boolean; bold?: boolean } = {}) {
  const bold = options.header || options.bold;
  return new TableCell({
    shading: options.header ? { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' } : undefined,
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          style: TABLE_TEXT,
          alignment: options.right ? AlignmentType.RIGHT : undefined,
          children: [bold ? new TextRun({ text: line, bold: true }) : new TextRun(line)],
        }),
    ),
  });
}

/** A table whose first row is its header, repeated on every page it runs over; rows do not split. */
export function table(
  columns: { label: string; width: number; right?: boolean }[],
  rows: string[][],
  footer?: string[],
): Table {
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => Math.round((column.width / total) * TEXT_WIDTH));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    columnWidths: widths,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: columns.map((column) => cell(column.label, { header: true, right: column.right })),
      }),
      ...rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text, index) => cell(text, { right: columns[index]?.right })),
          }),
      ),
      ...(footer
        ? [
            new TableRow({
              cantSplit: true,
              children: footer.map((text, index) => cell(text, { right: columns[index]?.right, bold: true })),
            }),
          ]
        : []),
    ],
  });
}

export function caption(text: string): Paragraph {
  return new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(text)] });
}

export function plain(text: string, options: { bold?: boolean; italics?: boolean } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, ...options })] });
}

export interface ChartDrawing {
  spec: { title: string; description: string; caption: string };
  drawn: { svg: string; width: number; height: number };
}

/** A chart's SVG: the plan to date against the progress to date, one pair of bars per row. */
export function drawChart(
  context: Context,
  spec: ChartDrawing['spec'],
  categories: { label: string; planned: number | null; actual: number | null }[],
): ChartDrawing {
  const { labels } = context;
  const drawn = barChartSvg({
    title: spec.title,
    description: spec.description,
    series: [
      { name: labels.series.planned, color: SERIES_COLORS.planned },
      { name: labels.series.actual, color: SERIES_COLORS.actual },
    ],
    categories: categories.map((category) => ({
      label: category.label,
      values: [category.planned, category.actual],
    })),
    max: 100,
    format: (value) => num(context, value),
  });
  return { spec, drawn };
}

/** A goal's chart: its programs. */
export function goalChart(context: Context, goal: YearlyGoalRow): ChartDrawing {
  const { labels, report } = context;
  const code = toRoman(goal.number);
  return drawChart(
    context,
    {
      title: labels.goalChart.title(code, report.year),
      description: labels.goalChart.description,
      caption: labels.goalChart.caption,
    },
    goal.programs.map((program) => ({
      label: programCode(goal.number, program.number),
      planned: program.plannedToDate,
      actual: program.progress,
    })),
  );
}

/** A program's chart: its tasks. */
export function programChart(context: Context, goal: YearlyGoalRow, program: YearlyProgramRow): ChartDrawing {
  const { labels, report } = context;
  const code = programCode(goal.number, program.number);
  return drawChart(
    context,
    {
      title: labels.programChart.title(code, report.year),
      description: labels.programChart.description,
      caption: labels.programChart.caption,
    },
    program.tasks.map((task) => ({
      label: taskCode(goal.number, program.number, task.number),
      planned: task.schedule.cumulativePlanned,
      actual: task.progress,
    })),
  );
}

/** A chart as a PNG (rendered beforehand) with its alternative text, captioned. */
export function chart(context: Context, { spec, drawn }: ChartDrawing) {
  const png = context.pngs.get(drawn.svg);
  if (!png) throw new Error(`chart not rendered: ${spec.title}`);
  context.figures++;
  return [
    new Paragraph({
      keepNext: true,
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: {
            width: IMAGE_WIDTH,
            height: Math.round((drawn.height * IMAGE_WIDTH) / drawn.width),
          },
          altText: { name: spec.title, title: spec.title, description: spec.description },
        }),
      ],
    }),
    caption(context.labels.figure(context.figures, spec.caption)),
  ];
}
