import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { OpenDataLinks, PublicShell, publicPath } from '@/components/public/public-shell';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { goalNumber } from '@/components/strategy/labels';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { PlainLink } from '@/components/ui/plain-link';
import { formatNumber, formatPercent } from '@/lib/format';
import { getDb } from '@/lib/db';
import { getPublicYear } from '@/lib/public/data';
import { parseId, parseYear } from '@/lib/ids';
import { spanYears } from '@/lib/strategy/span';
import { publicLocale, publicMetadata } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string; year: string }>;

const data = cache(async (rawId: string, rawYear: string) => {
  const id = parseId(rawId);
  const year = parseYear(rawYear);
  if (id === null || year === null) notFound();
  const view = await getPublicYear(await getDb(), id, year);
  if (!view) notFound();
  return view;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id, year } = await params;
  const lang = publicLocale(rawLang);
  const view = await data(id, year);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  return publicMetadata(
    lang,
    `/strategies/${view.strategy.id}/years/${view.year}`,
    `${t('yearTitle', { year: view.year })} · ${view.strategy.name}`,
    t('yearDescription', { strategy: view.strategy.name, city: view.strategy.cityName, year: view.year }),
  );
}

export default async function PublicYearPage({ params }: { params: Params }) {
  const { lang: rawLang, id, year: rawYear } = await params;
  const lang = publicLocale(rawLang);
  const view = await data(id, rawYear);
  const { strategy, year } = view;
  const t = await getTranslations('public');
  const s = await getTranslations('strategy');
  const c = await getTranslations('card');
  const source = await getTranslations('valueSource');
  const locale = await getLocale();
  const num = (value: number) => formatNumber(value, locale);
  const path = `/strategies/${strategy.id}/years/${year}`;
  return (
    <PublicShell lang={lang} path={path} strategy={strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[
            { href: publicPath(lang), label: t('home') },
            { href: publicPath(lang, `/strategies/${strategy.id}`), label: strategy.name },
            { label: t('yearTitle', { year }) },
          ]}
        />
        <header className="space-y-2">
          <h1 className="text-2xl font-semibold">{t('yearTitle', { year })}</h1>
          <p className="text-slate-700">
            {t('yearIntro', { year, approved: view.counts.approved, tasks: view.counts.tasks })}
          </p>
          <nav aria-label={t('years')} className="no-print text-sm">
            <ul className="flex flex-wrap gap-x-4 gap-y-1">
              {spanYears(strategy).map((other) => (
                <li key={other}>
                  {other === year ? (
                    <span aria-current="page" className="font-semibold">
                      {t('yearLink', { year: other })}
                    </span>
                  ) : (
                    <PlainLink href={publicPath(lang, `/strategies/${strategy.id}/years/${other}`)}>
                      {t('yearLink', { year: other })}
                    </PlainLink>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {view.goals.map((goal) => (
          <section
            key={goal.id}
            aria-labelledby={`goal-${goal.id}`}
            className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <div className="flex flex-wrap items-start justify-between gap-3">
              <h2 id={`goal-${goal.id}`} className="text-lg font-semibold">
                <PlainLink href={publicPath(lang, `/goals/${goal.id}`)}>
                  {s('goalLabel', { number: goalNumber(goal.number) })} – {goal.title}
                </PlainLink>
              </h2>
              <span className="flex items-center gap-3">
                <ProgressValue value={goal.progress} />
                <ScheduleBadge status={goal.status} />
              </span>
            </div>
            {goal.programs.map((program) => (
              <section key={program.id} aria-labelledby={`program-${program.id}`} className="space-y-2">
                <h3 id={`program-${program.id}`} className="font-semibold">
                  <PlainLink href={publicPath(lang, `/programs/${program.id}`)}>
                    {program.number}. {program.title}
                  </PlainLink>
                </h3>
                <DataTable caption={t('yearTasksCaption', { number: program.number, year })}>
                  <TableHead
                    columns={[
                      { label: s('task') },
                      { label: s('weight'), align: 'right' },
                      { label: t('yearPoints', { year }), align: 'right' },
                      { label: t('progressToDate') },
                      { label: t('plannedToDate'), align: 'right' },
                      { label: s('schedule') },
                      { label: t('valueSource') },
                    ]}
                  />
                  <tbody>
                    {program.tasks.map((task) => (
                      <tr key={task.id} className="border-b border-slate-200 align-top">
                        <th scope="row" className="py-2 pr-3 text-left font-normal">
                          <PlainLink href={publicPath(lang, `/tasks/${task.id}`)}>
                            {task.number}. {task.title}
                          </PlainLink>
                        </th>
                        <td className="py-2 pr-3 text-right tabular-nums">{num(task.weight)}%</td>
                        <td className="py-2 pr-3 text-right tabular-nums">
                          {task.yearPlanned === 0 && task.yearActual === 0
                            ? '-'
                            : `${num(task.yearActual)}/${num(task.yearPlanned)}%`}
                        </td>
                        <td className="py-2 pr-3">
                          <ProgressValue value={task.progress} />
                        </td>
                        <td className="py-2 pr-3 text-right tabular-nums">
                          {formatPercent(task.schedule.cumulativePlanned, locale)}
                        </td>
                        <td className="py-2 pr-3">
                          <ScheduleBadge status={task.schedule.status} />
                        </td>
                        <td className="py-2 text-sm">{source(`${task.pointsSource}Short`)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr className="font-semibold">
                      <th scope="row" colSpan={3} className="py-2 pr-3 text-left">
                        {s('weightedTotal')}
                      </th>
                      <td className="py-2 pr-3">
                        <ProgressValue value={program.progress} />
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {formatPercent(program.plannedToDate, locale)}
                      </td>
                      <td className="py-2 pr-3" colSpan={2}>
                        <ScheduleBadge status={program.status} />
                      </td>
                    </tr>
                  </tfoot>
                </DataTable>
                {program.tasks.map((task) => (
                  <div key={task.id} className="space-y-2 pl-2">
                    {task.narrative && (
                      <div className="rounded border border-slate-200 bg-slate-50 p-3 text-sm">
                        <h4 className="font-semibold">
                          {task.number}. {task.title} – {t('narrative')}
                        </h4>
                        <p className="whitespace-pre-line">{task.narrative}</p>
                      </div>
                    )}
                    {task.indicators.length > 0 && (
                      <DataTable caption={t('indicatorsOfTask', { number: task.number, year })}>
                        <TableHead
                          columns={[
                            { label: `${task.number}. ${c('indicatorName')}` },
                            { label: c('indicatorSource') },
                            { label: t('target') },
                            { label: t('actual') },
                            { label: t('valueSource') },
                          ]}
                        />
                        <tbody>
                          {task.indicators.map((indicator) => (
                            <tr key={indicator.id} className="border-b border-slate-200 align-top">
                              <th scope="row" className="py-2 pr-3 text-left font-normal">
                                {indicator.name}
                                {indicator.unit && (
                                  <span className="text-slate-600"> [{indicator.unit}]</span>
                                )}
                                <span className="block text-xs text-slate-600">
                                  {c(`indicatorType.${indicator.type}`)}
                                </span>
                              </th>
                              <td className="py-2 pr-3">{indicator.source}</td>
                              <td className="py-2 pr-3 tabular-nums">{indicator.targetText ?? ''}</td>
                              <td className="py-2 pr-3 tabular-nums">{indicator.actualText ?? ''}</td>
                              <td className="py-2 text-sm">{source(`${indicator.actualSource}Short`)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </DataTable>
                    )}
                  </div>
                ))}
              </section>
            ))}
          </section>
        ))}
        <OpenDataLinks
          base={`/public/data/strategies/${strategy.id}/years/${year}`}
          allJson={`/public/data/strategies/${strategy.id}/all.json`}
        />
      </div>
    </PublicShell>
  );
}
