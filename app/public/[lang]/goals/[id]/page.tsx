import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { OpenDataLinks, PublicShell, publicPath } from '@/components/public/public-shell';
import { PlainLink } from '@/components/ui/plain-link';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgramsTable } from '@/components/strategy/programs-table';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { getPublicGoal } from '@/lib/public/data';
import { publicLocale, publicMetadata, publicPageById } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string }>;

const data = publicPageById((db, id) => getPublicGoal(db, id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy, goal } = await data(id);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  const s = await getTranslations({ locale: lang, namespace: 'strategy' });
  const label = s('goalLabel', { number: goalNumber(goal.number) });
  return publicMetadata(
    lang,
    `/goals/${goal.id}`,
    `${label} – ${goal.title}`,
    t('goalDescription', { goal: label, strategy: strategy.name, city: strategy.cityName }),
  );
}

export default async function PublicGoalPage({ params }: { params: Params }) {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy, goal } = await data(id);
  const t = await getTranslations('public');
  const s = await getTranslations('strategy');
  const label = s('goalLabel', { number: goalNumber(goal.number) });
  const withoutTasks = goal.programs.filter((program) => program.tasks.length === 0);
  return (
    <PublicShell lang={lang} path={`/goals/${goal.id}`} strategy={strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[
            { href: publicPath(lang), label: t('home') },
            { href: publicPath(lang, `/strategies/${strategy.id}`), label: strategy.name },
            { label },
          ]}
        />
        <header className="space-y-1">
          <h1 className="text-2xl font-semibold">
            {label} – {goal.title}
          </h1>
          <p className="text-slate-700">
            {s('owner')}: {postLabel(goal.owner)}
          </p>
          <p className="flex flex-wrap items-center gap-3" data-testid="goal-progress">
            <span>{s('goalProgress')}:</span>
            <ProgressValue value={goal.progress} />
            <ScheduleBadge status={goal.status} />
          </p>
          {withoutTasks.length > 0 && (
            <p className="text-sm text-slate-700">
              {s('programsWithoutTasks', {
                count: withoutTasks.length,
                programs: withoutTasks.map((program) => `${program.number}. ${program.title}`).join('; '),
              })}
            </p>
          )}
        </header>
        <section
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          aria-labelledby="programs-heading"
        >
          <h2 id="programs-heading" className="mb-3 text-lg font-semibold">
            {s('programs')}
          </h2>
          <ProgramsTable
            link={PlainLink}
            programs={goal.programs}
            caption={s('programsOfGoal', { number: goalNumber(goal.number) })}
            programHref={(programId) => publicPath(lang, `/programs/${programId}`)}
          />
        </section>
        <OpenDataLinks base={`/public/data/goals/${goal.id}`} />
      </div>
    </PublicShell>
  );
}
