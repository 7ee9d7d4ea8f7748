import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { type YearlyRowLabels, indicatorRowsHtml, taskRowsHtml } from '@/components/reports/yearly-rows';
import { goalNumber } from '@/components/strategy/labels';
import { PrintButton } from '@/components/strategy/print-button';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { formatPercent } from '@/lib/format';
import { pageByIdAndYear } from '@/server/page-data';
import { statusLabels } from '@/server/export-labels';
import { getYearlyReport } from '@/lib/reports/yearly';
import { spanYears } from '@/lib/strategy/span';

const data = pageByIdAndYear((db, user, id, year) => getYearlyReport(db, user, id, year));

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string; year: string }>;
}): Promise<Metadata> {
  const { id, year } = await params;
  const t = await getTranslations('yearly');
  return data.title(
    [id, year],
    ({ data: report }) => `${t('title', { year: report.year })} · ${report.strategy.name}`,
  );
}

/** The strategy chapter of the council's report for one year, laid out for A4. */
export default async function YearlyReportPage({
  params,
}: {
  params: Promise<{ id: string; year: string }>;
}) {
  const raw = await params;
  const { year, data: report } = await data(raw.id, raw.year);
  const t = await getTranslations('yearly');
  const s = await getTranslations('strategy');
  const v = await getTranslations('valueSource');
  const locale = await getLocale();
  const title = t('title', { year });
  // The table rows are plain HTML built once (components/reports/yearly-rows.ts): thousands of them.
  const rowLabels: YearlyRowLabels = {
    ...(await statusLabels()),
    valueSource: {
      approved: v('approvedShort'),
      imported: v('importedShort'),
      missing: v('missingShort'),
    },
    importedShort: v('importedShort'),
    notApproved: t('notApproved'),
  };

  return (
    <div className="yearly-report space-y-6">
      <div className="no-print flex flex-wrap items-center justify-between gap-3 text-sm">
        <TextLink href={`/strategies/${report.strategy.id}`}>← {report.strategy.name}</TextLink>
        <nav aria-label={t('years')} className="flex flex-wrap gap-2">
          {spanYears(report.strategy).map((other) =>
            other === year ? (
              <span
                key={other}
                aria-current="page"
                className="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white"
              >
                {other}
              </span>
            ) : (
              <TextLink
                key={other}
                href={`/strategies/${report.strategy.id}/report/${other}`}
                className="px-2 py-0.5"
              >
                {other}
              </TextLink>
            ),
          )}
        </nav>
        <span className="flex items-center gap-3">
          <a
            className="font-medium text-brand-700 underline"
            href={`/strategies/${report.strategy.id}/report/${year}/xlsx`}
          >
            {t('downloadXlsx')}
          </a>
          <a
            className="font-medium text-brand-700 underline"
            href={`/strategies/${report.strategy.id}/report/${year}/docx`}
          >
            {t('downloadDocx')}
          </a>
          <a
            className="font-medium text-brand-700 underline"
            href={`/strategies/${report.strategy.id}/indicators.csv`}
          >
            {t('downloadCsv')}
          </a>
          <PrintButton />
        </span>
      </div>

      <header className="space-y-1 border-b border-slate-300 pb-3">
        <p className="text-sm uppercase tracking-wide text-slate-700">
          {report.strategy.cityName} · {report.strategy.name}
        </p>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-sm text-slate-700">
          {t('intro', { approved: report.counts.approved, tasks: report.counts.tasks, year })}
        </p>
        <p className="text-sm text-slate-700">{v('legend')}</p>
      </header>

      {report.goals.map((goal, goalIndex) => (
        <section
          key={goal.id}
          aria-labelledby={`goal-${goal.id}`}
          className={`space-y-4 ${goalIndex > 0 ? 'print-break-before' : ''}`}
        >
          <h2 id={`goal-${goal.id}`} className="text-xl font-semibold">
            {s('goalLabel', { number: goalNumber(goal.number) })} – {goal.title}
          </h2>
          <p className="flex flex-wrap items-center gap-3 text-sm">
            <span>
              {s('owner')}: {goal.owner ?? '—'}
            </span>
            <span data-testid={`goal-progress-${goal.number}`}>
              {t('progressToDate', {
                actual: formatPercent(goal.progress, locale),
                planned: formatPercent(goal.plannedToDate, locale),
              })}
            </span>
            <ScheduleBadge status={goal.status} />
          </p>
          {goal.programs.map((program) => (
            <section key={program.id} aria-labelledby={`program-${program.id}`} className="space-y-2">
              <h3 id={`program-${program.id}`} className="font-semibold">
                {program.number}. {program.title}
              </h3>
              <p className="flex flex-wrap items-center gap-3 text-sm">
                <span>
                  {s('coordinator')}: {program.coordinator ?? '—'}
                </span>
                <span>
                  {t('progressToDate', {
                    actual: formatPercent(program.progress, locale),
                    planned: formatPercent(program.plannedToDate, locale),
                  })}
                </span>
                <ScheduleBadge status={program.status} />
              </p>
              <DataTable caption={t('tasksCaption', { number: program.number, year })} size="xs">
                <TableHead
                  columns={[
                    { label: t('task') },
                    { label: t('executor') },
                    { label: t('weight'), align: 'right' },
                    { label: t('progress'), align: 'right' },
                    { label: t('planned'), align: 'right' },
                    { label: t('schedule') },
                    { label: t('yearPoints', { year }), align: 'right' },
                    { label: t('report') },
                  ]}
                />
                <tbody
                  className="yearly-rows"
                  // Our own markup, every text escaped there.
                  dangerouslySetInnerHTML={{ __html: taskRowsHtml(program.tasks, rowLabels, locale) }}
                />
              </DataTable>
              {program.tasks.some((task) => task.indicators.length > 0) && (
                <DataTable caption={t('indicatorsCaption', { number: program.number, year })} size="xs">
                  <TableHead
                    columns={[
                      { label: t('task') },
                      { label: t('indicator') },
                      { label: t('source') },
                      { label: t('target') },
                      { label: t('actual') },
                      { label: v('column') },
                    ]}
                  />
                  <tbody
                    className="yearly-rows"
                    // Our own markup, every text escaped there.
                    dangerouslySetInnerHTML={{ __html: indicatorRowsHtml(program.tasks, rowLabels) }}
                  />
                </DataTable>
              )}
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
