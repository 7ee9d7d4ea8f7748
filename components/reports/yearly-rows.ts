import { REPORT_STATUS_STYLES } from '@/components/reports/report-status-badge';
import { VALUE_SOURCE_STYLES } from '@/components/reports/value-source-label';
import { SCHEDULE_ICONS, SCHEDULE_STYLES } from '@/components/strategy/schedule-badge';
import type { ReportStatus } from '@/lib/enums';
import { formatNumber } from '@/lib/format';
import type { ScheduleStatus } from '@/lib/progress';
import type { ValueSource } from '@/lib/reports/indicator-values';
import type { YearlyTaskRow } from '@/lib/reports/yearly';

/*
 * The rows of the council report's print view (./yearly-document.ts), built as plain HTML on the
 * server: a city's report has 600 tasks and 1,800 indicators, and as React elements each of their
 * ~40,000 cells and badges was rendered twice (the HTML and the RSC payload that repeats it) — most
 * of the page's 550 ms and 4 MB (issue 28). Nothing here is interactive.
 * The markup is the badges' own (ScheduleBadge, ReportStatusBadge, ValueSourceLabel: their styles
 * are shared); the cells' common classes are set once in app/globals.css (`.yearly-rows`). Every
 * text is escaped here.
 */

/** The words the rows need, translated once per page (not once per cell). */
export interface YearlyRowLabels {
  schedule: Record<ScheduleStatus, string>;
  reportStatus: Record<ReportStatus, string>;
  /** The short "where the value comes from" of ValueSourceLabel. */
  valueSource: Record<ValueSource, string>;
  /** Beside the year's points taken from the card's imported history. */
  importedShort: string;
  notApproved: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or an attribute value: never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A schedule badge as ScheduleBadge draws it. */
export function scheduleBadge(status: ScheduleStatus, labels: YearlyRowLabels) {
  return `<span class="inline-flex items-center gap-1 whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${SCHEDULE_STYLES[status]}"><span aria-hidden="true">${SCHEDULE_ICONS[status]}</span>${escapeHtml(labels.schedule[status])}</span>`;
}

function reportStatusBadge(status: ReportStatus, labels: YearlyRowLabels) {
  return `<span class="inline-flex flex-wrap items-center gap-1"><span class="whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${REPORT_STATUS_STYLES[status]}">${escapeHtml(labels.reportStatus[status])}</span></span>`;
}

const NOTE = '<span class="block text-xs font-medium text-amber-900">';

/** The `<tr>`s of a program's task table: task, executor, weight, progress, plan, schedule, the year's points, the report. */
export function taskRowsHtml(
  tasks: readonly YearlyTaskRow[],
  labels: YearlyRowLabels,
  locale: string,
): string {
  const num = (value: number) => formatNumber(value, locale);
  const imported = `${NOTE}${escapeHtml(labels.importedShort)}</span>`;
  const notApproved = `${NOTE}${escapeHtml(labels.notApproved)}</span>`;
  let html = '';
  for (const task of tasks) {
    const points =
      task.yearPlanned === 0 && task.yearActual === 0
        ? '-'
        : `${num(task.yearActual)}/${num(task.yearPlanned)}%`;
    html +=
      `<tr data-testid="task-row-${task.id}">` +
      `<th scope="row">${task.number}. ${escapeHtml(task.title)}</th>` +
      `<td>${task.executor === null ? '—' : escapeHtml(task.executor)}</td>` +
      `<td class="num">${num(task.weight)}%</td>` +
      `<td class="num">${num(task.progress)}%</td>` +
      `<td class="num">${num(task.schedule.cumulativePlanned)}%</td>` +
      `<td>${scheduleBadge(task.schedule.status, labels)}</td>` +
      `<td class="num">${points}${task.pointsSource === 'imported' ? imported : ''}</td>` +
      `<td>${task.reportStatus ? reportStatusBadge(task.reportStatus, labels) : '—'}${task.approved ? '' : notApproved}</td>` +
      '</tr>';
  }
  return html;
}

/** The `<tr>`s of a program's indicator table: task number, indicator (unit), source, target, actual, where the actual comes from. */
export function indicatorRowsHtml(tasks: readonly YearlyTaskRow[], labels: YearlyRowLabels): string {
  let html = '';
  for (const task of tasks) {
    for (const indicator of task.indicators) {
      const unit = indicator.unit
        ? `<span class="text-slate-700"> (${escapeHtml(indicator.unit)})</span>`
        : '';
      html +=
        `<tr data-testid="indicator-row-${indicator.id}">` +
        `<td>${task.number}.</td>` +
        `<th scope="row">${escapeHtml(indicator.name)}${unit}</th>` +
        `<td>${escapeHtml(indicator.source)}</td>` +
        `<td>${indicator.targetText === null ? '—' : escapeHtml(indicator.targetText)}</td>` +
        `<td>${indicator.actualText === null ? '—' : escapeHtml(indicator.actualText)}</td>` +
        `<td data-testid="value-source"><span class="text-xs ${VALUE_SOURCE_STYLES[indicator.actualSource]}">${escapeHtml(labels.valueSource[indicator.actualSource])}</span></td>` +
        '</tr>';
    }
  }
  return html;
}
