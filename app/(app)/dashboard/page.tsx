import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { allIntegers, chartNumber } from '@/components/charts/format';
import { SvgChart } from '@/components/charts/svg-chart';
import { lineChartSvg } from '@/lib/charts/line';
import { SERIES_COLORS, barChartSvg } from '@/lib/charts/svg';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { ValueSourceLabel } from '@/components/reports/value-source-label';
import { goalNumber } from '@/components/strategy/labels';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { DocumentLink, TextLink } from '@/components/ui/text-link';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { formatNumber, formatPercent } from '@/lib/format';
import { loadPage } from '@/server/page-data';
import { getDashboard } from '@/lib/reports/dashboard';

/** A long program name shortened for the chart's axis; the table beside it carries it in full. */
function shortLabel(name: string, max = 22): string {
  return name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('dashboard');
  return { title: t('title') };
}

/**
 * A year of the strategy at a glance: the strategy office sees everything, a goal owner their goals,
 * a coordinator their programs (the scope decided in lib/reports/dashboard.ts).
 */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ year?: string; program?: string }>;
}) {
  const user = await requirePageUser();
  const params = await searchParams;
  const dashboard = await loadPage(async () => getDashboard(await getDb(), user, params));
  const t = await getTranslations('dashboard');
  const s = await getTranslations('strategy');
  const locale = await getLocale();
  if (!dashboard) return <p>{t('noStrategy')}</p>;
  const { strategy, year, programs, series, scope, behindCount: behind, reportsToFollow } = dashboard;
  const chosenProgram = programs.find(({ program }) => program.id === dashboard.chosenProgramId);
  const pct = (value: number | null) => formatPercent(value, locale);
  const programName = (program: { number: number; title: string }, goal: { number: number }) =>
    `${goalNumber(goal.number)}.${program.number} ${program.title}`;
  const chartFormat = chartNumber(locale);
  // Drawn here, on the server, from the roll-up's numbers (the table below carries the same).
  const programsChart = barChartSvg({
    id: 'programs-svg',
    title: t('programsTitle', { year }),
    description: t('programsChartDescription', { year }),
    series: [
      { name: t('planned'), color: SERIES_COLORS.planned },
      { name: t('actual'), color: SERIES_COLORS.actual },
    ],
    categories: programs.map(({ program, goal }) => ({
      label: shortLabel(programName(program, goal)),
      values: [program.plannedToDate ?? 0, program.progress ?? 0],
    })),
    max: Math.max(
      100,
      ...programs.flatMap(({ program }) =>
        [program.progress ?? 0, program.plannedToDate ?? 0].map(Math.ceil),
      ),
    ),
    format: (value) => `${chartFormat(value)}%`,
  }).svg;
  const scopeLabel = {
    strategy: t('wholeStrategy'),
    goals: t('myGoals'),
    programs: t('myPrograms'),
    goalsAndPrograms: t('myGoalsAndPrograms'),
  }[scope];

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t('title')}</h1>
          <p className="text-slate-700">
            {strategy.name} · {t('scope', { scope: scopeLabel })}
          </p>
        </div>
        <nav aria-label={t('years')} className="flex flex-wrap gap-2 text-sm">
          {Array.from(
            { length: strategy.endYear - strategy.startYear + 1 },
            (_, i) => strategy.startYear + i,
          ).map((other) =>
            other === year ? (
              <span
                key={other}
                aria-current="page"
                className="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white"
              >
                {other}
              </span>
            ) : (
              <TextLink key={other} href={`/dashboard?year=${other}`} className="px-2 py-0.5">
                {other}
              </TextLink>
            ),
          )}
        </nav>
      </header>
      <p className="text-sm">
        <DocumentLink href={`/strategies/${strategy.id}/report/${year}`}>
          {t('openReport', { year })}
        </DocumentLink>
      </p>

      <section
        aria-labelledby="programs-chart"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="programs-chart" className="text-lg font-semibold">
          {t('programsTitle', { year })}
        </h2>
        <p data-testid="programs-summary">{t('programsSummary', { count: programs.length, behind, year })}</p>
        <SvgChart svg={programsChart} testId="programs-chart-svg" />
        <DataTable caption={t('programsTable', { year })}>
          <TableHead
            columns={[
              { label: t('program') },
              { label: t('planned'), align: 'right' },
              { label: t('actual'), align: 'right' },
              { label: t('schedule') },
            ]}
          />
          <tbody>
            {programs.map(({ program, goal }) => (
              <tr key={program.id} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <TextLink href={`/programs/${program.id}`}>{programName(program, goal)}</TextLink>
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{pct(program.plannedToDate)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{pct(program.progress)}</td>
                <td className="py-2 pr-3">
                  <ScheduleBadge status={program.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>

      <section
        aria-labelledby="reports-waiting"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="reports-waiting" className="text-lg font-semibold">
          {t('reportsTitle', { year })}
        </h2>
        {reportsToFollow.length === 0 ? (
          <p>{t('reportsNone')}</p>
        ) : (
          <DataTable caption={t('reportsTitle', { year })}>
            <TableHead columns={[{ label: t('task') }, { label: t('state') }]} />
            <tbody>
              {reportsToFollow.map(({ task, program, goal, late }) => (
                <tr key={task.id} className="border-b border-slate-200">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    <TextLink href={`/tasks/${task.id}/reports/${year}`}>
                      {goalNumber(goal.number)}.{program.number}.{task.number} {task.title}
                    </TextLink>
                  </th>
                  <td className="py-2 pr-3">
                    {task.reportStatus && <ReportStatusBadge status={task.reportStatus} late={late} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      <section
        aria-labelledby="indicators-charts"
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="indicators-charts" className="text-lg font-semibold">
          {t('indicatorsTitle')}
        </h2>
        <nav aria-label={t('chooseProgram')} className="flex flex-wrap gap-2 text-sm">
          {programs.map(({ program, goal }) =>
            program.id === chosenProgram?.program.id ? (
              <span
                key={program.id}
                aria-current="page"
                className="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white"
              >
                {programName(program, goal)}
              </span>
            ) : (
              <TextLink
                key={program.id}
                href={`/dashboard?year=${year}&program=${program.id}`}
                className="px-2 py-0.5"
              >
                {programName(program, goal)}
              </TextLink>
            ),
          )}
        </nav>
        {chosenProgram && (
          <p className="font-medium">
            {s('goalLabel', { number: goalNumber(chosenProgram.goal.number) })} ›{' '}
            {chosenProgram.program.number}. {chosenProgram.program.title}
          </p>
        )}
        {series.length === 0 && <p>{t('noIndicators')}</p>}
        <div className="grid gap-6 lg:grid-cols-2">
          {series.map((indicator) => {
            // The summary speaks of the chosen year, not of the last year with a value.
            const ofYear = indicator.points.find((point) => point.year === year);
            return (
              <figure
                key={indicator.id}
                className="min-w-0 space-y-2 rounded border border-slate-200 p-3"
                aria-labelledby={`indicator-${indicator.id}`}
                data-testid={`indicator-${indicator.id}`}
              >
                <figcaption id={`indicator-${indicator.id}`} className="text-sm">
                  <span className="block font-semibold">{indicator.name}</span>
                  <span className="block text-slate-700">
                    {t('indicatorTask', { number: indicator.taskNumber, title: indicator.taskTitle })}
                  </span>
                  <span className="block text-slate-700" data-testid="indicator-summary">
                    {ofYear?.actualText
                      ? t('indicatorSummaryOfYear', {
                          year,
                          actual:
                            ofYear.actual === null ? ofYear.actualText : formatNumber(ofYear.actual, locale),
                          target:
                            ofYear.target === null
                              ? (ofYear.targetText ?? t('noTarget'))
                              : formatNumber(ofYear.target, locale),
                        })
                      : t('indicatorNoValue', { year })}{' '}
                    {ofYear?.actualText && <ValueSourceLabel source={ofYear.actualSource} />}
                  </span>
                </figcaption>
                {indicator.points.length > 0 && (
                  <SvgChart
                    testId="indicator-chart-svg"
                    svg={
                      lineChartSvg({
                        id: `indicator-svg-${indicator.id}`,
                        title: indicator.name,
                        description: t('indicatorChartDescription', { name: indicator.name }),
                        series: [
                          { name: t('target'), color: '#475569', dashed: true },
                          { name: t('actual'), color: '#1f5aa6' },
                        ],
                        categories: indicator.points.map((point) => ({
                          label: String(point.year),
                          values: [point.target, point.actual],
                        })),
                        // Counts (every value whole) get whole-number ticks only.
                        integers: allIntegers(
                          indicator.points.flatMap((point) => [point.target, point.actual]),
                        ),
                        format: chartFormat,
                      }).svg
                    }
                  />
                )}
                {indicator.points.length > 0 && (
                  <DataTable caption={t('indicatorTable', { name: indicator.name })} size="xs">
                    <TableHead
                      columns={[
                        { label: t('year') },
                        { label: t('target') },
                        { label: t('actual') },
                        { label: t('valueSource') },
                      ]}
                    />
                    <tbody>
                      {indicator.points.map((point) => (
                        <tr key={point.year} className="border-b border-slate-100">
                          <th scope="row" className="py-1 pr-2 text-left font-normal tabular-nums">
                            {point.year}
                          </th>
                          <td className="py-1 pr-2">{point.targetText ?? '—'}</td>
                          <td className="py-1 pr-2">{point.actualText ?? '—'}</td>
                          <td className="py-1 pr-2">
                            <ValueSourceLabel source={point.actualSource} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </DataTable>
                )}
              </figure>
            );
          })}
        </div>
      </section>
    </div>
  );
}
