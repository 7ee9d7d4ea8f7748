// Over 500 lines for now: the chapter's layout and its building blocks (cells, tables, charts)
// together; a split into docx-parts.ts was tried and reverted with the one above, for a next change.
import 'server-only';
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { barChartSvg, SERIES_COLORS } from '@/lib/charts/svg';
import { svgsToPng } from '@/lib/charts/png';
import { formatNumber, formatPercent } from '@/lib/format';
import { programCode, taskCode, toRoman } from '@/lib/numbers';
import type { ValueSource } from './indicator-values';
import type { YearlyGoalRow, YearlyProgramRow, YearlyReport, YearlyTaskRow } from './yearly';

/*
 * The council report's strategy chapter as an editable Word document: the same data as the print
 * view and the XLSX (lib/reports/yearly.ts computes every number; here only layout and the locale's
 * number format). Word's own heading styles (Heading 1–3, shown as Nagłówek 1–3 in Polish Word), so
 * the office's template restyles the chapter; a table of contents Word updates; A4 with page
 * numbers; tables whose header rows repeat on every page; per goal and per program a chart as PNG
 * with a caption, its numbers in the table next to it.
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

const FONT = 'Calibri';
/** A4 in twentieths of a point, 2 cm margins: 17 cm of text, 642 px at 96 dpi. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
const TEXT_WIDTH = A4.width - 2 * MARGIN;
const IMAGE_WIDTH = 640;
const HEADER_FILL = 'E8EEF7';
const TABLE_TEXT = 'TableText';

interface Context {
  report: YearlyReport;
  labels: DocxLabels;
  locale: string;
  figures: number;
  tables: number;
  /** Every chart's PNG by its SVG, rendered before the document is laid out. */
  pngs: Map<string, Buffer>;
}

const num = (context: Context, value: number) => `${formatNumber(value, context.locale)}%`;
const pct = (context: Context, value: number | null) => formatPercent(value, context.locale);

/*
 * A 600-task chapter has some 40,000 table cells: their look comes from the table (cell margins)
 * and a paragraph style (size, spacing), not from properties repeated in every cell, which keeps
 * word/document.xml (and the time to write it) a third of the size.
 */
function cell(text: string, options: { header?: boolean; right?: boolean; bold?: boolean } = {}) {
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
function table(
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

function caption(text: string): Paragraph {
  return new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(text)] });
}

function plain(text: string, options: { bold?: boolean; italics?: boolean } = {}): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, ...options })] });
}

interface ChartDrawing {
  spec: { title: string; description: string; caption: string };
  drawn: { svg: string; width: number; height: number };
}

/** A chart's SVG: the plan to date against the progress to date, one pair of bars per row. */
function drawChart(
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
function goalChart(context: Context, goal: YearlyGoalRow): ChartDrawing {
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
function programChart(context: Context, goal: YearlyGoalRow, program: YearlyProgramRow): ChartDrawing {
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
function chart(context: Context, { spec, drawn }: ChartDrawing) {
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

function yearPoints(context: Context, task: YearlyTaskRow): string {
  const points =
    task.yearPlanned === 0 && task.yearActual === 0
      ? '-'
      : `${formatNumber(task.yearActual, context.locale)}/${num(context, task.yearPlanned)}`;
  return task.pointsSource === 'imported' ? `${points}\n${context.labels.importedPoints}` : points;
}

function reportState(context: Context, task: YearlyTaskRow): string {
  const { labels } = context;
  const status = task.reportStatus ? labels.reportStatus[task.reportStatus] : labels.noReport;
  return task.approved ? `${status}` : `${status}\n${labels.notApproved}`;
}

function goalSection(context: Context, goal: YearlyGoalRow, first: boolean) {
  const { labels, report } = context;
  const code = toRoman(goal.number);
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: !first,
      children: [new TextRun(labels.goalHeading(code, goal.title))],
    }),
    plain(`${labels.owner}: ${goal.owner ?? '—'}`),
    plain(
      `${labels.progressToDate(pct(context, goal.progress), pct(context, goal.plannedToDate))} · ${labels.schedule[goal.status]}`,
    ),
  ];
  if (goal.programs.length === 0) {
    out.push(plain(labels.noPrograms, { italics: true }));
    return out;
  }
  out.push(...chart(context, goalChart(context, goal)));
  context.tables++;
  out.push(
    caption(labels.table(context.tables, labels.goalChart.title(code, report.year))),
    table(
      [
        { label: labels.columns.program, width: 50 },
        { label: labels.columns.progress, width: 12, right: true },
        { label: labels.columns.planned, width: 12, right: true },
        { label: labels.columns.schedule, width: 16 },
      ],
      goal.programs.map((program) => [
        `${programCode(goal.number, program.number)} ${program.title}`,
        pct(context, program.progress),
        pct(context, program.plannedToDate),
        labels.schedule[program.status] ?? program.status,
      ]),
    ),
  );
  for (const program of goal.programs) out.push(...programSection(context, goal, program));
  return out;
}

function programSection(context: Context, goal: YearlyGoalRow, program: YearlyProgramRow) {
  const { labels, report } = context;
  const code = programCode(goal.number, program.number);
  const c = labels.columns;
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      children: [new TextRun(labels.programHeading(code, program.title))],
    }),
    plain(`${labels.coordinator}: ${program.coordinator ?? '—'}`),
    plain(
      `${labels.progressToDate(pct(context, program.progress), pct(context, program.plannedToDate))} · ${labels.schedule[program.status]}`,
    ),
  ];
  if (program.tasks.length === 0) {
    out.push(plain(labels.noProgramTasks, { italics: true }));
    return out;
  }
  out.push(...chart(context, programChart(context, goal, program)));
  context.tables++;
  out.push(
    caption(labels.table(context.tables, labels.programChart.title(code, report.year))),
    table(
      [
        { label: c.task, width: 30 },
        { label: c.executor, width: 20 },
        { label: c.weight, width: 8, right: true },
        { label: c.progress, width: 9, right: true },
        { label: c.planned, width: 9, right: true },
        { label: c.schedule, width: 11 },
        { label: c.yearPoints(report.year), width: 10, right: true },
        { label: c.report, width: 12 },
      ],
      program.tasks.map((task) => [
        `${taskCode(goal.number, program.number, task.number)} ${task.title}`,
        task.executor ?? '—',
        num(context, task.weight),
        num(context, task.progress),
        num(context, task.schedule.cumulativePlanned),
        labels.schedule[task.schedule.status] ?? task.schedule.status,
        yearPoints(context, task),
        reportState(context, task),
      ]),
      [
        labels.total,
        '',
        '',
        pct(context, program.progress),
        pct(context, program.plannedToDate),
        labels.schedule[program.status] ?? program.status,
        '',
        '',
      ],
    ),
  );
  for (const task of program.tasks) out.push(...taskSection(context, goal, program, task));
  return out;
}

function taskSection(context: Context, goal: YearlyGoalRow, program: YearlyProgramRow, task: YearlyTaskRow) {
  const { labels } = context;
  const c = labels.columns;
  const code = taskCode(goal.number, program.number, task.number);
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.HEADING_3,
      children: [new TextRun(labels.taskHeading(code, task.title))],
    }),
    plain(`${labels.executor}: ${task.executor ?? '—'}`),
    plain(`${labels.report}: ${reportState(context, task).replace('\n', ' – ')}`),
  ];
  if (task.indicators.length === 0) out.push(plain(labels.noIndicators, { italics: true }));
  else
    out.push(
      table(
        [
          { label: c.indicator, width: 28 },
          { label: c.type, width: 14 },
          { label: c.unit, width: 9 },
          { label: c.source, width: 11 },
          { label: c.target, width: 12 },
          { label: c.actual, width: 12 },
          { label: c.valueSource, width: 14 },
        ],
        task.indicators.map((indicator) => [
          indicator.name,
          labels.indicatorType[indicator.type] ?? indicator.type,
          indicator.unit,
          indicator.source,
          // Values as typed ("ok. 244 tys.", "bd."), never reformatted.
          indicator.targetText ?? '—',
          indicator.actualText ?? '—',
          labels.valueSource[indicator.actualSource],
        ]),
      ),
    );
  if (task.narrative !== null) {
    out.push(
      new Paragraph({ keepNext: true, children: [new TextRun({ text: labels.narrative, bold: true })] }),
      ...task.narrative.split(/\r?\n/).map((line) => plain(line)),
    );
  }
  return out;
}

/** The chapter as a .docx file, in the labels' language; numbers in the locale's format. */
export async function buildYearlyDocx(
  report: YearlyReport,
  labels: DocxLabels,
  locale: string,
): Promise<Buffer> {
  const context: Context = { report, labels, locale, figures: 0, tables: 0, pngs: new Map() };
  // The charts first, two at a time off the main thread (resvg's thread pool), then the layout.
  const drawings = report.goals.flatMap((goal) =>
    goal.programs.length === 0
      ? []
      : [
          goalChart(context, goal),
          ...goal.programs
            .filter((program) => program.tasks.length > 0)
            .map((program) => programChart(context, goal, program)),
        ],
  );
  context.pngs = await svgsToPng(drawings.map((drawing) => drawing.drawn.svg));
  const title = labels.title(report.year);
  const front: (Paragraph | Table | TableOfContents)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
    plain(`${report.strategy.cityName} · ${report.strategy.name}`, { bold: true }),
    plain(labels.dataAsOf),
    plain(labels.intro({ approved: report.counts.approved, tasks: report.counts.tasks, year: report.year })),
    plain(labels.legend),
  ];
  if (report.counts.tasks === 0) front.push(plain(labels.noTasks(report.year), { bold: true }));
  else if (report.counts.approved === 0) front.push(plain(labels.noneApproved(report.year), { bold: true }));
  front.push(
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ style: 'TOCHeading', children: [new TextRun(labels.toc)] }),
    new TableOfContents(labels.toc, { hyperlink: true, headingStyleRange: '1-2' }),
    plain(labels.tocHint, { italics: true }),
    new Paragraph({ children: [new PageBreak()] }),
  );
  const body = report.goals.flatMap((goal, index) => goalSection(context, goal, index === 0));

  const document = new Document({
    creator: 'Monitor Strategii',
    title,
    description: `${report.strategy.cityName} · ${report.strategy.name}`,
    features: { updateFields: true },
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 21, language: { value: locale === 'pl' ? 'pl-PL' : 'en-GB' } },
          paragraph: { spacing: { after: 80 } },
        },
        title: { run: { font: FONT, size: 44, bold: true, color: '1F3864' } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
        heading3: {
          run: { font: FONT, size: 22, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 160, after: 60 }, keepNext: true },
        },
      },
      paragraphStyles: [
        {
          id: 'Caption',
          name: 'caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: FONT, size: 18, italics: true, color: '374151' },
          paragraph: { spacing: { before: 60, after: 120 } },
        },
        {
          id: TABLE_TEXT,
          name: 'Table Text',
          basedOn: 'Normal',
          quickFormat: true,
          run: { size: 18 },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
        {
          id: 'TOCHeading',
          name: 'TOC Heading',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: FONT, size: 32, bold: true, color: '1F3864' },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { ...A4, orientation: PageOrientation.PORTRAIT },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 16,
                    children: [
                      `${title} · ${labels.page} `,
                      PageNumber.CURRENT,
                      ` ${labels.of} `,
                      PageNumber.TOTAL_PAGES,
                    ],
                  }),
                ],
              }),
            ],
          }),
        },
        children: [...front, ...body],
      },
    ],
  });
  return Packer.toBuffer(document);
}
