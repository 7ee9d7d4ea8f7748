import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { OpenDataLinks, PublicShell, publicPath } from '@/components/public/public-shell';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgramsTable } from '@/components/strategy/programs-table';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { PlainLink } from '@/components/ui/plain-link';
import { getPublicStrategy } from '@/lib/public/data';
import { spanYears } from '@/lib/strategy/span';
import { publicLocale, publicMetadata, publicPageById } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string }>;

const data = publicPageById((db, id) => getPublicStrategy(db, id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy } = await data(id);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  return publicMetadata(
    lang,
    `/strategies/${strategy.id}`,
    strategy.name,
    t('overviewDescription', {
      strategy: strategy.name,
      city: strategy.cityName,
      start: strategy.startYear,
      end: strategy.endYear,
    }),
  );
}

export default async function PublicStrategyPage({ params }: { params: Params }) {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy, goals, asOfYear } = await data(id);
  const t = await getTranslations('public');
  const s = await getTranslations('strategy');
  const path = `/strategies/${strategy.id}`;
  return (
    <PublicShell lang={lang} path={path} strategy={strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[{ href: publicPath(lang), label: t('home') }, { label: strategy.name }]}
        />
        <header className="space-y-1">
          <h1 className="text-2xl font-semibold">{strategy.name}</h1>
          <p className="text-slate-700">
            {strategy.cityName} · {s('span', { start: strategy.startYear, end: strategy.endYear })}
          </p>
          <p className="text-sm text-slate-700">
            {asOfYear === null ? t('approvedOnlyNotStarted') : t('approvedOnly', { year: asOfYear })}
          </p>
          <nav aria-labelledby="years-heading" className="no-print text-sm">
            <h2 id="years-heading" className="sr-only">
              {t('years')}
            </h2>
            <ul className="flex flex-wrap gap-x-4 gap-y-1">
              <li>
                <PlainLink href={publicPath(lang, `${path}/search`)}>{t('search')}</PlainLink>
              </li>
              {spanYears(strategy).map((year) => (
                <li key={year}>
                  <PlainLink href={publicPath(lang, `${path}/years/${year}`)}>
                    {t('yearTitle', { year })}
                  </PlainLink>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {goals.length === 0 && <p>{s('noGoals')}</p>}
        {goals.map((goal) => (
          <section
            key={goal.id}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            aria-labelledby={`goal-${goal.id}`}
          >
            <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
              <div>
                <h2 id={`goal-${goal.id}`} className="text-lg font-semibold">
                  <PlainLink href={publicPath(lang, `/goals/${goal.id}`)}>
                    {s('goalLabel', { number: goalNumber(goal.number) })} – {goal.title}
                  </PlainLink>
                </h2>
                <p className="text-sm text-slate-700">
                  {s('owner')}: {postLabel(goal.owner)}
                </p>
              </div>
              <span className="flex items-center gap-3" data-testid={`goal-progress-${goal.id}`}>
                <span className="sr-only">{s('goalProgress')}:</span>
                <ProgressValue value={goal.progress} />
                <ScheduleBadge status={goal.status} />
              </span>
            </div>
            <ProgramsTable
              link={PlainLink}
              programs={goal.programs}
              caption={s('programsOfGoal', { number: goalNumber(goal.number) })}
              programHref={(programId) => publicPath(lang, `/programs/${programId}`)}
            />
          </section>
        ))}
        <OpenDataLinks
          base={`/public/data/strategies/${strategy.id}`}
          allJson={`/public/data/strategies/${strategy.id}/all.json`}
        />
      </div>
    </PublicShell>
  );
}
