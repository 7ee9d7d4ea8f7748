import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { OpenDataLinks, PublicShell, publicPath } from '@/components/public/public-shell';
import { PlainLink } from '@/components/ui/plain-link';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { IndicatorsTable, StageGrid } from '@/components/strategy/card-tables';
import { executorLabel, goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { formatNumber } from '@/lib/format';
import { getPublicTask } from '@/lib/public/data';
import { publicLocale, publicMetadata, publicPageById } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string }>;

const data = publicPageById((db, id) => getPublicTask(db, id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const card = await data(id);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  const title = `${card.task.number}. ${card.task.title}`;
  return publicMetadata(
    lang,
    `/tasks/${card.task.id}`,
    title,
    t('taskDescription', { task: title, city: card.strategy.cityName }),
  );
}

function CardSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="border-t border-slate-200 pt-4">
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function PublicTaskPage({ params }: { params: Params }) {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const card = await data(id);
  const t = await getTranslations('card');
  const p = await getTranslations('public');
  const s = await getTranslations('strategy');
  const source = await getTranslations('valueSource');
  const locale = await getLocale();
  const goalLabel = s('goalLabel', { number: goalNumber(card.goal.number) });
  const num = (value: number) => formatNumber(value, locale);
  const text = (value: string) =>
    value.trim() ? (
      <p className="whitespace-pre-line">{value}</p>
    ) : (
      <p className="text-slate-600">{t('notGiven')}</p>
    );
  const importedNote = <span className="block text-xs text-slate-600">({source('importedShort')})</span>;
  const hasImported =
    card.yearTotals.some((total) => total.pointsSource === 'imported') ||
    card.indicators.some((indicator) =>
      Object.values(indicator.years).some((value) => value.actualSource === 'imported'),
    );

  return (
    <PublicShell lang={lang} path={`/tasks/${card.task.id}`} strategy={card.strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[
            { href: publicPath(lang), label: p('home') },
            { href: publicPath(lang, `/strategies/${card.strategy.id}`), label: card.strategy.name },
            { href: publicPath(lang, `/goals/${card.goal.id}`), label: goalLabel },
            {
              href: publicPath(lang, `/programs/${card.program.id}`),
              label: `${card.program.number}. ${card.program.title}`,
            },
            { label: `${card.task.number}. ${card.task.title}` },
          ]}
        />
        <article className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm print-plain">
          <header className="space-y-2">
            <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
              {t('cardTitle')} · {card.strategy.name}
            </p>
            <p className="text-sm text-slate-700">
              {goalLabel} – {card.goal.title} – {s('ownerInline')} {postLabel(card.goal.owner)}
            </p>
            <p className="text-sm text-slate-700">
              {card.program.number}. {card.program.title} – {s('coordinatorInline')}{' '}
              {postLabel(card.program.coordinator)}
            </p>
            <h1 className="text-2xl font-semibold">
              {card.task.number}. {card.task.title}
            </h1>
          </header>

          <dl className="grid gap-3 rounded border border-slate-200 bg-slate-50 p-4 sm:grid-cols-3">
            <div>
              <dt className="text-sm text-slate-700">{t('taskProgress')}</dt>
              <dd data-testid="task-progress">
                <ProgressValue value={card.progress} />
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-700">{t('schedule')}</dt>
              <dd className="space-y-1">
                <ScheduleBadge status={card.schedule.status} />
                {card.schedule.asOfYear !== null && (
                  <span className="block text-sm" data-testid="schedule-detail">
                    {t('scheduleDetail', {
                      year: card.schedule.asOfYear,
                      actual: num(card.schedule.cumulativeActual),
                      planned: num(card.schedule.cumulativePlanned),
                      difference: `${card.schedule.difference > 0 ? '+' : ''}${num(card.schedule.difference)}`,
                    })}
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-700">{t('weightInProgram')}</dt>
              <dd className="font-semibold tabular-nums">{num(card.task.weight)}%</dd>
            </div>
          </dl>
          {Math.abs(card.plannedTotal - 100) > 0.005 && card.stages.length > 0 && (
            <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
              {t('planNot100', { total: num(card.plannedTotal) })}
            </p>
          )}

          <CardSection id="addressees" title={t('addressees')}>
            {text(card.task.addressees)}
          </CardSection>
          <CardSection id="justification" title={t('justification')}>
            {text(card.task.justification)}
          </CardSection>
          <CardSection id="description" title={t('description')}>
            {text(card.task.description)}
          </CardSection>

          <CardSection id="stages" title={t('stages')}>
            <StageGrid
              years={card.years}
              stages={card.stages}
              yearTotals={card.yearTotals}
              yearNote={(year) =>
                card.yearTotals.find((total) => total.year === year)?.pointsSource === 'imported' &&
                importedNote
              }
            />
          </CardSection>

          <CardSection id="executor" title={t('executor')}>
            <p>{executorLabel(card.executor)}</p>
          </CardSection>

          <CardSection id="partners" title={t('partners')}>
            {card.partners.length === 0 ? (
              <p>{t('none')}</p>
            ) : (
              <DataTable>
                <TableHead columns={[{ label: t('partnerName') }, { label: t('partnerScope') }]} />
                <tbody>
                  {card.partners.map((partner) => (
                    <tr key={partner.id} className="border-b border-slate-200 align-top">
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        {partner.name}
                      </th>
                      <td className="py-2">{partner.scope}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </CardSection>

          <CardSection id="indicators" title={t('indicators')}>
            <IndicatorsTable
              years={card.years}
              indicators={card.indicators}
              valueNote={(indicatorId, year) =>
                card.indicators.find((indicator) => indicator.id === indicatorId)?.years[year]
                  ?.actualSource === 'imported' && importedNote
              }
            />
            {hasImported && <p className="mt-2 text-sm text-slate-700">{p('sourceNote')}</p>}
          </CardSection>

          <CardSection id="total-cost" title={t('totalCost')}>
            {text(card.task.plannedTotalCostText)}
          </CardSection>

          <CardSection id="budget" title={t('budget')}>
            {card.task.budgetNote && <p className="mb-2">{card.task.budgetNote}</p>}
            {card.funding.length === 0 ? (
              <p className="text-slate-600">{t('notGiven')}</p>
            ) : (
              <DataTable>
                <TableHead columns={[{ label: t('fundingSource') }, { label: t('fundingValue') }]} />
                <tbody>
                  {card.funding.map((funding) => (
                    <tr key={funding.id} className="border-b border-slate-200">
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        {funding.source}
                      </th>
                      <td className="py-2 tabular-nums">{funding.valueText}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </CardSection>
        </article>
        <OpenDataLinks base={`/public/data/tasks/${card.task.id}`} />
      </div>
    </PublicShell>
  );
}
