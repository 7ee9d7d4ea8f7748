import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { OpenDataLinks, PublicShell, publicPath } from '@/components/public/public-shell';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { executorLabel, goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { PlainLink } from '@/components/ui/plain-link';
import { formatNumber, formatPercent } from '@/lib/format';
import { getPublicProgram } from '@/lib/public/data';
import { publicLocale, publicMetadata, publicPageById } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string }>;

const data = publicPageById((db, id) => getPublicProgram(db, id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy, program } = await data(id);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  const title = `${program.number}. ${program.title}`;
  return publicMetadata(
    lang,
    `/programs/${program.id}`,
    title,
    t('programDescription', { program: title, city: strategy.cityName }),
  );
}

export default async function PublicProgramPage({ params }: { params: Params }) {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy, goal, program, asOfYear } = await data(id);
  const t = await getTranslations('public');
  const s = await getTranslations('strategy');
  const locale = await getLocale();
  const goalLabel = s('goalLabel', { number: goalNumber(goal.number) });
  const weightsOff = program.tasks.length > 0 && Math.abs(program.weightSum - 100) > 0.005;
  const plannedLabel = asOfYear === null ? t('plannedToDate') : t('plannedToDateColumn', { year: asOfYear });
  return (
    <PublicShell lang={lang} path={`/programs/${program.id}`} strategy={strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[
            { href: publicPath(lang), label: t('home') },
            { href: publicPath(lang, `/strategies/${strategy.id}`), label: strategy.name },
            { href: publicPath(lang, `/goals/${goal.id}`), label: goalLabel },
            { label: `${program.number}. ${program.title}` },
          ]}
        />
        <header className="space-y-1">
          <p className="text-sm text-slate-700">
            {goalLabel} – {goal.title}
          </p>
          <h1 className="text-2xl font-semibold">
            {program.number}. {program.title}
          </h1>
          <p className="text-slate-700">
            {s('coordinator')}: {postLabel(program.coordinator)}
          </p>
          <p className="text-sm text-slate-700">
            {asOfYear === null ? t('approvedOnlyNotStarted') : t('approvedOnly', { year: asOfYear })}
          </p>
        </header>
        <section
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          aria-labelledby="tasks-heading"
        >
          <h2 id="tasks-heading" className="mb-3 text-lg font-semibold">
            {s('tasks')}
          </h2>
          {program.tasks.length === 0 ? (
            <p>{s('noTasks')}</p>
          ) : (
            <DataTable caption={s('tasksOfProgram', { number: program.number })}>
              <TableHead
                columns={[
                  { label: s('task') },
                  { label: s('executor') },
                  { label: s('weight'), align: 'right' },
                  { label: s('progress') },
                  { label: plannedLabel, align: 'right' },
                  { label: s('schedule') },
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
                    <td className="py-2 pr-3">{executorLabel(task.executor)}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {formatNumber(task.weight, locale)}%
                    </td>
                    <td className="py-2 pr-3">
                      <ProgressValue value={task.progress} />
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">
                      {formatPercent(task.schedule.cumulativePlanned, locale)}
                    </td>
                    <td className="py-2">
                      <ScheduleBadge status={task.schedule.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="font-semibold">
                  <th scope="row" colSpan={2} className="py-2 pr-3 text-left">
                    {s('weightedTotal')}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums" data-testid="weight-sum">
                    {formatNumber(program.weightSum, locale)}%
                  </td>
                  <td className="py-2 pr-3" data-testid="program-progress">
                    <ProgressValue value={program.progress} />
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {formatPercent(program.plannedToDate, locale)}
                  </td>
                  <td className="py-2">
                    <ScheduleBadge status={program.status} />
                  </td>
                </tr>
              </tfoot>
            </DataTable>
          )}
          {weightsOff && (
            <p className="mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
              {s('weightSumWarning', { sum: formatNumber(program.weightSum, locale) })}
            </p>
          )}
          <p className="mt-3 text-sm text-slate-700">{s('weightedExplanation')}</p>
        </section>
        <OpenDataLinks base={`/public/data/programs/${program.id}`} />
      </div>
    </PublicShell>
  );
}
