import { SKIP_LINK_CLASS } from '@/components/layout/skip-link';
import { goalNumber } from '@/components/strategy/labels';
import {
  type Column,
  HEAD_ROW_CLASS,
  TABLE_SCROLL_CLASS,
  headCellClass,
  tableClass,
} from '@/components/ui/table';
import { TEXT_LINK_CLASS } from '@/components/ui/text-link';
import {
  type YearlyRowLabels,
  escapeHtml,
  indicatorRowsHtml,
  scheduleBadge,
  taskRowsHtml,
} from './yearly-rows';
import { formatPercent } from '@/lib/format';
import type { YearlyReport } from '@/lib/reports/yearly';
import { spanYears } from '@/lib/strategy/span';

/*
 * The council report's print view as one HTML document, built on the server as text and served by
 * a route handler (app/(app)/strategies/[id]/report/[year]/route.ts), not by an App Router page.
 * A city's report is 600 tasks and 1,800 indicators: as a page, its ~1 MB of markup came with a
 * React payload that repeated all of it (1.5 MB more), and the browser spent over a second reading
 * that payload to hydrate a page where nothing is interactive (issue 28). Here the only script is
 * the print button's, under the request's CSP nonce. The styles are the app's own stylesheet
 * (scripts/lib/document-styles.ts), so the look, the print rules and the badges are the pages'.
 * Every text from the database is escaped here or in ./yearly-rows.ts.
 */

/** Every word of the document, translated by the caller (the route): plain text, escaped here. */
export interface YearlyDocumentText {
  rows: YearlyRowLabels;
  appName: string;
  skipToContent: string;
  print: string;
  /** The heading, "Realizacja strategii w 2011 r." */
  title: string;
  years: string;
  downloadXlsx: string;
  downloadDocx: string;
  downloadCsv: string;
  intro: string;
  legend: string;
  owner: string;
  coordinator: string;
  goalLabel: (number: string) => string;
  progressToDate: (actual: string, planned: string) => string;
  tasksCaption: (programNumber: number) => string;
  indicatorsCaption: (programNumber: number) => string;
  /** Task, executor, weight, progress, plan to date, schedule, the year's points, the report. */
  taskColumns: readonly string[];
  /** Task, indicator, source, target, actual, where the actual comes from. */
  indicatorColumns: readonly string[];
}

export interface DocumentOptions {
  locale: string;
  /** This request's CSP nonce (proxy.ts), for the document's one script. */
  nonce: string;
  /** The app's stylesheet (scripts/lib/document-styles.ts). */
  stylesheet: string;
}

const TASK_ALIGN: Column['align'][] = ['left', 'left', 'right', 'right', 'right', 'left', 'right', 'left'];
const DOWNLOAD = 'font-medium text-brand-700 underline';

/** The head and the skip link of every document this module writes. */
function documentStart(
  title: string,
  options: Pick<DocumentOptions, 'locale' | 'stylesheet'>,
  skipToContent: string,
): string {
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(options.locale)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><link rel="icon" href="/favicon.ico">` +
    `<link rel="stylesheet" href="${escapeHtml(options.stylesheet)}"></head><body class="min-h-screen">` +
    `<a href="#main" class="${SKIP_LINK_CLASS}">${escapeHtml(skipToContent)}</a>`
  );
}

/** A data table as components/ui/table.tsx draws it: its scroll box, a caption for screen readers, column headers. */
function dataTable(
  caption: string,
  columns: readonly string[],
  align: readonly Column['align'][],
  rows: string,
): string {
  const head = columns
    .map(
      (label, index) =>
        `<th scope="col" class="${headCellClass({ align: align[index] })}">${escapeHtml(label)}</th>`,
    )
    .join('');
  return (
    `<div class="${TABLE_SCROLL_CLASS}"><table class="${tableClass('xs')}">` +
    `<caption class="sr-only">${escapeHtml(caption)}</caption>` +
    `<thead><tr class="${HEAD_ROW_CLASS}">${head}</tr></thead>` +
    `<tbody class="yearly-rows">${rows}</tbody></table></div>`
  );
}

/** The whole print view of one year: the toolbar (not printed), the heading, a section per goal and program. */
export function yearlyReportDocument(
  report: YearlyReport,
  text: YearlyDocumentText,
  options: DocumentOptions,
): string {
  const { strategy, year } = report;
  const base = `/strategies/${strategy.id}`;
  const percent = (value: number | null) => formatPercent(value, options.locale);
  const progress = (row: { progress: number | null; plannedToDate: number | null }) =>
    escapeHtml(text.progressToDate(percent(row.progress), percent(row.plannedToDate)));

  const years = spanYears(strategy)
    .map((other) =>
      other === year
        ? `<span aria-current="page" class="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white">${other}</span>`
        : `<a href="${base}/report/${other}" class="${TEXT_LINK_CLASS} px-2 py-0.5">${other}</a>`,
    )
    .join('');

  let html =
    documentStart(`${text.title} · ${strategy.name} · ${text.appName}`, options, text.skipToContent) +
    '<header class="no-print border-b border-slate-200 bg-white">' +
    '<div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">' +
    '<span class="flex flex-wrap items-center gap-x-6 gap-y-2">' +
    `<a href="/" class="text-lg font-semibold text-brand-800">${escapeHtml(text.appName)}</a>` +
    `<a href="${base}" class="${TEXT_LINK_CLASS}">← ${escapeHtml(strategy.name)}</a></span>` +
    `<nav aria-label="${escapeHtml(text.years)}" class="flex flex-wrap gap-2">${years}</nav>` +
    '<span class="flex flex-wrap items-center gap-3">' +
    `<a class="${DOWNLOAD}" href="${base}/report/${year}/xlsx">${escapeHtml(text.downloadXlsx)}</a>` +
    `<a class="${DOWNLOAD}" href="${base}/report/${year}/docx">${escapeHtml(text.downloadDocx)}</a>` +
    `<a class="${DOWNLOAD}" href="${base}/indicators.csv">${escapeHtml(text.downloadCsv)}</a>` +
    '<button type="button" id="print" class="rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100">' +
    `${escapeHtml(text.print)}</button></span></div></header>` +
    '<main id="main" tabindex="-1" class="yearly-report mx-auto w-full max-w-6xl space-y-6 px-4 py-6 print-plain">' +
    '<header class="space-y-1 border-b border-slate-300 pb-3">' +
    `<p class="text-sm uppercase tracking-wide text-slate-700">${escapeHtml(strategy.cityName)} · ${escapeHtml(strategy.name)}</p>` +
    `<h1 class="text-2xl font-semibold">${escapeHtml(text.title)}</h1>` +
    `<p class="text-sm text-slate-700">${escapeHtml(text.intro)}</p>` +
    `<p class="text-sm text-slate-700">${escapeHtml(text.legend)}</p></header>`;

  report.goals.forEach((goal, goalIndex) => {
    html +=
      `<section aria-labelledby="goal-${goal.id}" class="space-y-4${goalIndex > 0 ? ' print-break-before' : ''}">` +
      `<h2 id="goal-${goal.id}" class="text-xl font-semibold">${escapeHtml(text.goalLabel(goalNumber(goal.number)))} – ${escapeHtml(goal.title)}</h2>` +
      '<p class="flex flex-wrap items-center gap-3 text-sm">' +
      `<span>${escapeHtml(text.owner)}: ${escapeHtml(goal.owner ?? '—')}</span>` +
      `<span data-testid="goal-progress-${goal.number}">${progress(goal)}</span>` +
      `${scheduleBadge(goal.status, text.rows)}</p>`;
    for (const program of goal.programs) {
      html +=
        `<section aria-labelledby="program-${program.id}" class="space-y-2">` +
        `<h3 id="program-${program.id}" class="font-semibold">${program.number}. ${escapeHtml(program.title)}</h3>` +
        '<p class="flex flex-wrap items-center gap-3 text-sm">' +
        `<span>${escapeHtml(text.coordinator)}: ${escapeHtml(program.coordinator ?? '—')}</span>` +
        `<span>${progress(program)}</span>${scheduleBadge(program.status, text.rows)}</p>` +
        dataTable(
          text.tasksCaption(program.number),
          text.taskColumns,
          TASK_ALIGN,
          taskRowsHtml(program.tasks, text.rows, options.locale),
        );
      if (program.tasks.some((task) => task.indicators.length > 0))
        html += dataTable(
          text.indicatorsCaption(program.number),
          text.indicatorColumns,
          [],
          indicatorRowsHtml(program.tasks, text.rows),
        );
      html += '</section>';
    }
    html += '</section>';
  });

  return (
    html +
    '</main>' +
    // The print button: the document's only script, allowed by this request's nonce.
    `<script nonce="${escapeHtml(options.nonce)}">document.getElementById('print').addEventListener('click',function(){window.print()})</script>` +
    '</body></html>'
  );
}

/** A refusal (403) or an unknown address (404), as a document: what happened and the way home. */
export function refusalDocument(
  text: { title: string; text: string; backHome: string; appName: string; skipToContent: string },
  options: Pick<DocumentOptions, 'locale' | 'stylesheet'>,
): string {
  return (
    documentStart(`${text.title} · ${text.appName}`, options, text.skipToContent) +
    '<main id="main" tabindex="-1" class="mx-auto max-w-xl px-4 py-16">' +
    '<div class="rounded border border-amber-300 bg-amber-50 p-6">' +
    `<h1 class="text-2xl font-semibold">${escapeHtml(text.title)}</h1>` +
    `<p class="mt-2">${escapeHtml(text.text)}</p>` +
    `<p class="mt-4"><a href="/" class="text-brand-700 underline">${escapeHtml(text.backHome)}</a></p>` +
    '</div></main></body></html>'
  );
}
