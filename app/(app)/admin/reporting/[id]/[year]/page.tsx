import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { goalNumber } from '@/components/strategy/labels';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { parseId, parseYear } from '@/lib/ids';
import { pageData } from '@/server/page-data';
import { REPORT_STATUSES } from '@/lib/reports/rules';
import { listYearReports } from '@/lib/reports/status-list';

type Params = Promise<{ id: string; year: string }>;
type Search = Promise<{ status?: string; late?: string }>;

/** Loaded once per request for the page and its title. */
const data = pageData(async (rawId: string, rawYear: string, status?: string, late?: string) => {
  const id = parseId(rawId);
  const year = parseYear(rawYear);
  if (id === null || year === null) notFound();
  const user = await requirePageUser();
  return listYearReports(await getDb(), user, id, year, { status, late });
});

async function heading(list: Awaited<ReturnType<typeof listYearReports>>) {
  const t = await getTranslations('reportList');
  const tStatus = await getTranslations('reportStatus');
  const which = list.filter.late ? t('late') : list.filter.status ? tStatus(list.filter.status) : t('all');
  return t('title', { year: list.year, which });
}

export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}): Promise<Metadata> {
  const { id, year } = await params;
  const { status, late } = await searchParams;
  return data.title([id, year, status, late], heading);
}

/** The reports of a year behind a count of the status table: all, those in one state, or the late ones. */
export default async function YearReportsPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const { id, year } = await params;
  const { status, late } = await searchParams;
  const list = await data(id, year, status, late);
  const t = await getTranslations('reportList');
  const tStatus = await getTranslations('reportStatus');
  const admin = await getTranslations('admin.reporting');
  const common = await getTranslations('common');
  const format = await getFormatter();
  const base = `/admin/reporting/${list.strategy.id}/${list.year}`;
  const filters: { href: string; label: string; current: boolean }[] = [
    { href: base, label: t('all'), current: !list.filter.status && !list.filter.late },
    ...REPORT_STATUSES.map((state) => ({
      href: `${base}?status=${state}`,
      label: tStatus(state),
      current: list.filter.status === state,
    })),
    { href: `${base}?late=1`, label: t('late'), current: list.filter.late },
  ];

  return (
    <div className="space-y-6">
      <Breadcrumbs
        items={[
          { href: '/', label: common('home') },
          { href: '/admin/reporting', label: admin('title') },
          { label: `${list.strategy.name}, ${list.year}` },
        ]}
      />
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">{await heading(list)}</h1>
        <p className="text-slate-700">
          {list.strategy.name}
          {list.deadline &&
            ` · ${t('deadline', { date: format.dateTime(new Date(`${list.deadline}T12:00:00Z`), { dateStyle: 'long' }) })}`}
        </p>
      </header>
      <nav aria-label={t('filters')} className="flex flex-wrap gap-2 text-sm">
        {filters.map((filter) =>
          filter.current ? (
            <span
              key={filter.href}
              aria-current="page"
              className="rounded bg-brand-700 px-2 py-0.5 font-semibold text-white"
            >
              {filter.label}
            </span>
          ) : (
            <TextLink key={filter.href} href={filter.href} className="px-2 py-0.5">
              {filter.label}
            </TextLink>
          ),
        )}
      </nav>
      <p data-testid="report-list-count">{t('count', { count: list.rows.length })}</p>
      {list.rows.length > 0 && (
        <DataTable caption={await heading(list)}>
          <TableHead columns={[{ label: t('task') }, { label: t('executor') }, { label: t('state') }]} />
          <tbody>
            {list.rows.map((row) => (
              <tr key={row.taskId} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <TextLink href={`/tasks/${row.taskId}/reports/${list.year}`}>
                    {goalNumber(row.goalNumber)}.{row.programNumber}.{row.taskNumber} {row.taskTitle}
                  </TextLink>
                </th>
                <td className="py-2 pr-3">{row.executor ?? '—'}</td>
                <td className="py-2 pr-3">
                  <ReportStatusBadge status={row.status} late={row.late} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </div>
  );
}
