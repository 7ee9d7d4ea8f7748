import 'server-only';
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableOfContents,
  TextRun,
} from 'docx';
import { svgsToPng } from '@/lib/charts/png';
import { formatNumber } from '@/lib/format';
import { programCode, taskCode, toRoman } from '@/lib/numbers';
import type { YearlyGoalRow, YearlyProgramRow, YearlyReport, YearlyTaskRow } from './yearly';
import {
  type Context,
  type DocxLabels,
  FONT,
  A4,
  MARGIN,
  TABLE_TEXT,
  num,
  pct,
  table,
  caption,
  plain,
  goalChart,
  programChart,
  chart,
} from './docx-parts';

export type { DocxLabels } from './docx-parts';

/*
 * The council report's strategy chapter as an editable Word document: the same data as the print
 * view and the XLSX (lib/reports/yearly.ts computes every number; here only layout and the locale's
 * number format). Word's own heading styles (Heading 1–3, shown as Nagłówek 1–3 in Polish Word), so
 * the office's template restyles the chapter; a table of contents Word updates; A4 with page
 * numbers; tables whose header rows repeat on every page; per goal and per program a chart as PNG
 * with a caption, its numbers in the table next to it.
 */

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
