import type { Metadata } from 'next';
import { TextLink } from '@/components/ui/text-link';
import { getTranslations } from 'next-intl/server';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { executorLabel, goalNumber } from '@/components/strategy/labels';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { getOfficeOverview } from '@/lib/reports/status-list';
import { getHome } from '@/lib/strategy/home';
import { OfficeOverview } from '@/components/reports/office-overview';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('home');
  return { title: t('title') };
}

function Section({
  title,
  empty,
  children,
}: {
  title: string;
  empty: string | null;
  children: React.ReactNode;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {empty ? <p className="text-slate-700">{empty}</p> : children}
    </section>
  );
}

export default async function HomePage() {
  const user = await requirePageUser();
  const db = await getDb();
  const home = await getHome(db, user);
  // The strategy office's overview of the years open for reporting (re-checked in the data layer).
  const office = home.isAdmin ? await getOfficeOverview(db, user) : null;
  const t = await getTranslations('home');
  const s = await getTranslations('strategy');
  const hasAnything = home.ownedGoals.length + home.coordinated.length + home.executed.length > 0;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('greeting', { name: user.displayName })}</h1>
      {user.roles.length === 0 && (
        <p className="rounded border border-amber-300 bg-amber-50 p-4">{t('noPosts')}</p>
      )}

      {home.ownedGoals.length > 0 && (
        <Section title={t('ownedGoals')} empty={null}>
          <ul className="space-y-3">
            {home.ownedGoals.map(({ goal }) => (
              <li key={goal.id} className="flex flex-wrap items-center justify-between gap-3">
                <TextLink href={`/goals/${goal.id}`} className="font-medium">
                  {s('goalLabel', { number: goalNumber(goal.number) })} – {goal.title}
                </TextLink>
                <span className="flex items-center gap-3">
                  <ProgressValue value={goal.progress} />
                  <ScheduleBadge status={goal.status} />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {home.coordinated.length > 0 && (
        <Section title={t('coordinated')} empty={null}>
          <ul className="space-y-3">
            {home.coordinated.map(({ program, goal }) => (
              <li key={program.id} className="flex flex-wrap items-center justify-between gap-3">
                <span>
                  <TextLink href={`/programs/${program.id}`} className="font-medium">
                    {program.number}. {program.title}
                  </TextLink>
                  <span className="block text-sm text-slate-600">
                    {s('goalLabel', { number: goalNumber(goal.number) })}
                  </span>
                </span>
                <span className="flex items-center gap-3">
                  <ProgressValue value={program.progress} />
                  <ScheduleBadge status={program.status} />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {home.executed.length > 0 && (
        <Section title={t('executed')} empty={null}>
          <ul className="space-y-3">
            {home.executed.map(({ task, program, goal }) => (
              <li key={task.id} className="flex flex-wrap items-center justify-between gap-3">
                <span>
                  <TextLink href={`/tasks/${task.id}`} className="font-medium">
                    {task.number}. {task.title}
                  </TextLink>
                  <span className="block text-sm text-slate-600">
                    {s('goalLabel', { number: goalNumber(goal.number) })} › {program.number}. {program.title}{' '}
                    · {executorLabel(task.executor)}
                  </span>
                </span>
                <span className="flex items-center gap-3">
                  <ProgressValue value={task.progress} />
                  <ScheduleBadge status={task.schedule.status} />
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {office && <OfficeOverview years={office} />}

      {!hasAnything && !office && user.roles.length > 0 && (
        <p className="text-slate-700">{t('nothingAssigned')}</p>
      )}

      {home.strategies.length > 0 && (
        <Section title={t('strategies')} empty={null}>
          <ul className="space-y-2">
            {home.strategies.map((strategy) => (
              <li key={strategy.id}>
                <TextLink href={`/strategies/${strategy.id}`} className="font-medium">
                  {strategy.name}
                </TextLink>{' '}
                <span className="text-slate-600">
                  ({s('span', { start: strategy.startYear, end: strategy.endYear })})
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
