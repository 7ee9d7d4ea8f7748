import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { goalNumber } from '@/components/strategy/labels';
import { PrintButton } from '@/components/strategy/print-button';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { ValueSourceLabel } from '@/components/reports/value-source-label';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { formatNumber, formatPercent } from '@/lib/format';
import { pageByIdAndYear } from '@/server/page-data';
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
  const num = (value: number) => formatNumber(value, locale);
  const title = t('title', { year });

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
                <tbody>
                  {program.tasks.map((task) => (
                    <tr
                      key={task.id}
                      className="border-b border-slate-200 align-top"
                      data-testid={`task-row-${task.id}`}
                    >
                      <th scope="row" className="py-1 pr-3 text-left font-normal">
                        {task.number}. {task.title}
                      </th>
                      <td className="py-1 pr-3">{task.executor ?? '—'}</td>
                      <td className="py-1 pr-3 text-right tabular-nums">{num(task.weight)}%</td>
                      <td className="py-1 pr-3 text-right tabular-nums">{num(task.progress)}%</td>
                      <td className="py-1 pr-3 text-right tabular-nums">
                        {num(task.schedule.cumulativePlanned)}%
                      </td>
                      <td className="py-1 pr-3">
                        <ScheduleBadge status={task.schedule.status} />
                      </td>
                      <td className="py-1 pr-3 text-right tabular-nums">
                        {task.yearPlanned === 0 && task.yearActual === 0
                          ? '-'
                          : `${num(task.yearActual)}/${num(task.yearPlanned)}%`}
                        {task.pointsSource === 'imported' && (
                          <span className="block text-xs font-medium text-amber-900">
                            {v('importedShort')}
                          </span>
                        )}
                      </td>
                      <td className="py-1 pr-3">
                        {task.reportStatus ? <ReportStatusBadge status={task.reportStatus} /> : '—'}
                        {!task.approved && (
                          <span className="block text-xs font-medium text-amber-900">{t('notApproved')}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
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
                  <tbody>
                    {program.tasks.flatMap((task) =>
                      task.indicators.map((indicator) => (
                        <tr
                          key={indicator.id}
                          className="border-b border-slate-200 align-top"
                          data-testid={`indicator-row-${indicator.id}`}
                        >
                          <td className="py-1 pr-3">{task.number}.</td>
                          <th scope="row" className="py-1 pr-3 text-left font-normal">
                            {indicator.name}
                            {indicator.unit && <span className="text-slate-700"> ({indicator.unit})</span>}
                          </th>
                          <td className="py-1 pr-3">{indicator.source}</td>
                          <td className="py-1 pr-3">{indicator.targetText ?? '—'}</td>
                          <td className="py-1 pr-3">{indicator.actualText ?? '—'}</td>
                          <td className="py-1 pr-3" data-testid="value-source">
                            <ValueSourceLabel source={indicator.actualSource} />
                          </td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </DataTable>
              )}
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
