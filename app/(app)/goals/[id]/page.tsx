import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgramsTable } from '@/components/strategy/programs-table';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { pageById } from '@/server/page-data';
import { getGoalView } from '@/lib/strategy/views';

const data = pageById((db, user, id) => getGoalView(db, user, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const t = await getTranslations('strategy');
  return data.title(
    [(await params).id],
    ({ data: { goal } }) => `${t('goalLabel', { number: goalNumber(goal.number) })} – ${goal.title}`,
  );
}

export default async function GoalPage({ params }: { params: Promise<{ id: string }> }) {
  const { strategy, goal } = (await data((await params).id)).data;
  const t = await getTranslations('strategy');
  const common = await getTranslations('common');
  const label = t('goalLabel', { number: goalNumber(goal.number) });
  // A program without tasks has no progress: it is left out of the goal's, and the page says so.
  const withoutTasks = goal.programs.filter((program) => !program.archived && program.tasks.length === 0);

  return (
    <div className="space-y-6">
      <Breadcrumbs
        items={[
          { href: '/', label: common('home') },
          { href: `/strategies/${strategy.id}`, label: strategy.name },
          { label },
        ]}
      />
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">
          {goal.archived && (
            <span className="mr-2 rounded border border-slate-500 px-2 py-0.5 align-middle text-sm font-normal">
              {t('archived')}
            </span>
          )}
          {label} – {goal.title}
        </h1>
        <p className="text-slate-700">
          {t('owner')}: {postLabel(goal.owner)}
        </p>
        <p className="flex items-center gap-3" data-testid="goal-progress">
          <span>{t('goalProgress')}:</span>
          <ProgressValue value={goal.progress} />
          <ScheduleBadge status={goal.status} />
        </p>
        {withoutTasks.length > 0 && (
          <p className="text-sm text-slate-700" data-testid="programs-not-counted">
            {t('programsWithoutTasks', {
              count: withoutTasks.length,
              programs: withoutTasks.map((program) => `${program.number}. ${program.title}`).join('; '),
            })}
          </p>
        )}
      </header>
      <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <h2 className="mb-3 text-lg font-semibold">{t('programs')}</h2>
        <ProgramsTable
          programs={goal.programs}
          caption={t('programsOfGoal', { number: goalNumber(goal.number) })}
        />
      </section>
    </div>
  );
}
