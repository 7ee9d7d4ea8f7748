import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { executorLabel, goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { can } from '@/lib/auth/permissions';
import { formatNumber } from '@/lib/format';
import { pageById } from '@/server/page-data';
import { getProgramView } from '@/lib/strategy/views';

const data = pageById((db, user, id) => getProgramView(db, user, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return data.title([(await params).id], ({ data: { program } }) => `${program.number}. ${program.title}`);
}

export default async function ProgramPage({ params }: { params: Promise<{ id: string }> }) {
  const {
    user,
    data: { strategy, goal, program },
  } = await data((await params).id);
  const t = await getTranslations('strategy');
  const common = await getTranslations('common');
  const locale = await getLocale();
  const goalLabel = t('goalLabel', { number: goalNumber(goal.number) });
  const canManage = can(user, { action: 'program.manage', programId: program.id, goalId: goal.id });
  const weightsOff = program.tasks.length > 0 && Math.abs(program.weightSum - 100) > 0.005;

  return (
    <div className="space-y-6">
      <Breadcrumbs
        items={[
          { href: '/', label: common('home') },
          { href: `/strategies/${strategy.id}`, label: strategy.name },
          { href: `/goals/${goal.id}`, label: goalLabel },
          { label: `${program.number}. ${program.title}` },
        ]}
      />
      <header className="space-y-1">
        <p className="text-sm text-slate-700">
          {goalLabel} – {goal.title}
        </p>
        <h1 className="text-2xl font-semibold">
          {program.archived && (
            <span className="mr-2 rounded border border-slate-500 px-2 py-0.5 align-middle text-sm font-normal">
              {t('archived')}
            </span>
          )}
          {program.number}. {program.title}
        </h1>
        <p className="text-slate-700">
          {t('coordinator')}: {postLabel(program.coordinator)}
        </p>
        {canManage && (
          <p className="no-print flex gap-4 text-sm">
            <TextLink href={`/programs/${program.id}/tasks/new`}>{t('newTask')}</TextLink>
            <TextLink href={`/programs/${program.id}/weights`}>{t('editWeights')}</TextLink>
          </p>
        )}
      </header>

      <section
        className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        aria-labelledby="tasks-heading"
      >
        <h2 id="tasks-heading" className="mb-3 text-lg font-semibold">
          {t('tasks')}
        </h2>
        {program.tasks.length === 0 ? (
          <p>{t('noTasks')}</p>
        ) : (
          <DataTable caption={t('tasksOfProgram', { number: program.number })}>
            <TableHead
              columns={[
                { label: t('task') },
                { label: t('executor') },
                { label: t('weight'), align: 'right' },
                { label: t('progress') },
                { label: t('schedule') },
              ]}
            />
            <tbody>
              {program.tasks.map((task) => (
                <tr key={task.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    <TextLink href={`/tasks/${task.id}`}>
                      {task.number}. {task.title}
                    </TextLink>
                  </th>
                  <td className="py-2 pr-3">{executorLabel(task.executor)}</td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatNumber(task.weight, locale)}%</td>
                  <td className="py-2 pr-3">
                    <ProgressValue value={task.progress} />
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
                  {t('weightedTotal')}
                </th>
                <td className="py-2 pr-3 text-right tabular-nums" data-testid="weight-sum">
                  {formatNumber(program.weightSum, locale)}%
                </td>
                <td className="py-2 pr-3" data-testid="program-progress">
                  <ProgressValue value={program.progress} />
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
            {t('weightSumWarning', { sum: formatNumber(program.weightSum, locale) })}
          </p>
        )}
        <p className="mt-3 text-sm text-slate-700">{t('weightedExplanation')}</p>
      </section>
    </div>
  );
}
