import type { Metadata } from 'next';
import { DocumentLink, TextLink } from '@/components/ui/text-link';
import { getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgramsTable } from '@/components/strategy/programs-table';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { pageById } from '@/server/page-data';
import { getStrategyView } from '@/lib/strategy/views';

const data = pageById((db, user, id) => getStrategyView(db, user, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return data.title([(await params).id], ({ data: view }) => view.strategy.name);
}

export default async function StrategyPage({ params }: { params: Promise<{ id: string }> }) {
  const { data: view } = await data((await params).id);
  const { strategy, goals } = view;
  const t = await getTranslations('strategy');
  const common = await getTranslations('common');

  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ href: '/', label: common('home') }, { label: strategy.name }]} />
      <header>
        <h1 className="text-2xl font-semibold">{strategy.name}</h1>
        <p className="text-slate-700">
          {strategy.cityName} · {t('span', { start: strategy.startYear, end: strategy.endYear })}
        </p>
        <p className="no-print text-sm">
          <DocumentLink href={`/strategies/${strategy.id}/report/${view.reportYear}`}>
            {t('yearlyReport', { year: view.reportYear })}
          </DocumentLink>
        </p>
      </header>
      {goals.length === 0 && <p>{t('noGoals')}</p>}
      {goals.map((goal) => (
        <section
          key={goal.id}
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          aria-labelledby={`goal-${goal.id}`}
        >
          <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
            <div>
              <h2 id={`goal-${goal.id}`} className="text-lg font-semibold">
                <TextLink href={`/goals/${goal.id}`}>
                  {t('goalLabel', { number: goalNumber(goal.number) })} – {goal.title}
                </TextLink>
              </h2>
              <p className="text-sm text-slate-700">
                {t('owner')}: {postLabel(goal.owner)}
              </p>
            </div>
            <span className="flex items-center gap-3">
              <ProgressValue value={goal.progress} />
              <ScheduleBadge status={goal.status} />
            </span>
          </div>
          <ProgramsTable
            programs={goal.programs}
            caption={t('programsOfGoal', { number: goalNumber(goal.number) })}
          />
        </section>
      ))}
    </div>
  );
}
