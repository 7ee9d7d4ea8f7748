import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cache } from 'react';
import { PublicShell, publicPath } from '@/components/public/public-shell';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { executorLabel, goalNumber } from '@/components/strategy/labels';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { PlainLink } from '@/components/ui/plain-link';
import { getDb } from '@/lib/db';
import { isScheduleStatus, searchPublicTasks } from '@/lib/public/data';
import { parseId } from '@/lib/ids';
import { publicLocale, publicMetadata } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

const STATUSES = ['behind', 'on', 'ahead', 'not_started'] as const;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

const data = cache(async (rawId: string, q: string, department: string, status: string) => {
  const id = parseId(rawId);
  if (id === null) notFound();
  const result = await searchPublicTasks(await getDb(), id, {
    q,
    departmentId: parseId(department),
    status: isScheduleStatus(status) ? status : null,
  });
  if (!result) notFound();
  return result;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const { strategy } = await data(id, '', '', '');
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  return publicMetadata(
    lang,
    `/strategies/${strategy.id}/search`,
    `${t('searchTitle')} · ${strategy.name}`,
    t('searchDescription', { strategy: strategy.name, city: strategy.cityName }),
  );
}

export default async function PublicSearchPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const query = await searchParams;
  const result = await data(id, first(query.q), first(query.department), first(query.status));
  const { strategy, filters, departments, tasks } = result;
  const t = await getTranslations('public');
  const s = await getTranslations('strategy');
  const statusText = await getTranslations('status');
  const searched = filters.q !== '' || filters.departmentId !== null || filters.status !== null;
  const path = `/strategies/${strategy.id}/search`;
  return (
    <PublicShell lang={lang} path={path} strategy={strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[
            { href: publicPath(lang), label: t('home') },
            { href: publicPath(lang, `/strategies/${strategy.id}`), label: strategy.name },
            { label: t('searchTitle') },
          ]}
        />
        <h1 className="text-2xl font-semibold">{t('searchTitle')}</h1>
        <form
          method="get"
          action={publicPath(lang, path)}
          role="search"
          className="no-print grid gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
        >
          <div className="flex flex-col gap-1 lg:col-span-2">
            <label htmlFor="search-q" className="text-sm font-medium">
              {t('searchWords')}
            </label>
            <input
              id="search-q"
              name="q"
              type="search"
              defaultValue={filters.q}
              maxLength={200}
              className="rounded border border-slate-500 px-3 py-2"
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="search-department" className="text-sm font-medium">
              {t('department')}
            </label>
            <select
              id="search-department"
              name="department"
              defaultValue={filters.departmentId === null ? '' : String(filters.departmentId)}
              className="rounded border border-slate-500 bg-white px-3 py-2"
            >
              <option value="">{t('anyDepartment')}</option>
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="search-status" className="text-sm font-medium">
              {t('scheduleFilter')}
            </label>
            <select
              id="search-status"
              name="status"
              defaultValue={filters.status ?? ''}
              className="rounded border border-slate-500 bg-white px-3 py-2"
            >
              <option value="">{t('anyStatus')}</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusText(status)}
                </option>
              ))}
            </select>
          </div>
          <div className="sm:col-span-2 lg:col-span-4">
            <button
              type="submit"
              className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
            >
              {t('searchSubmit')}
            </button>
          </div>
        </form>
        <section aria-labelledby="results-heading" className="space-y-3">
          <h2 id="results-heading" className="text-lg font-semibold">
            {searched ? t('searchResults', { count: tasks.length }) : t('searchCaption')}
          </h2>
          {tasks.length > 0 && (
            <DataTable caption={t('searchCaption')}>
              <TableHead
                columns={[
                  { label: s('task') },
                  { label: t('programColumn') },
                  { label: s('executor') },
                  { label: s('progress') },
                  { label: s('schedule') },
                ]}
              />
              <tbody>
                {tasks.map((task) => (
                  <tr key={task.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      <PlainLink href={publicPath(lang, `/tasks/${task.id}`)}>
                        {task.number}. {task.title}
                      </PlainLink>
                    </th>
                    <td className="py-2 pr-3">
                      {s('goalLabel', { number: goalNumber(task.goal.number) })} · {task.program.number}.{' '}
                      {task.program.title}
                    </td>
                    <td className="py-2 pr-3">{executorLabel(task.executor)}</td>
                    <td className="py-2 pr-3">
                      <ProgressValue value={task.progress} />
                    </td>
                    <td className="py-2">
                      <ScheduleBadge status={task.schedule.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </section>
      </div>
    </PublicShell>
  );
}
