import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { OpenYearForm } from '@/components/reports/open-year-form';
import { StatusCountLink } from '@/components/reports/status-count-link';
import { DataTable, TableHead } from '@/components/ui/table';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { loadPage } from '@/server/page-data';
import { listReportingYears } from '@/lib/reports/years';
import { REPORT_STATUSES } from '@/lib/reports/rules';
import { ClientMessages } from '@/components/i18n/client-messages';
import { openReportingYearAction } from '@/actions/reporting';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.reporting');
  return { title: t('title') };
}

export default async function ReportingAdminPage() {
  const user = await requirePageUser();
  const strategies = await loadPage(async () => listReportingYears(await getDb(), user));
  const t = await getTranslations('admin.reporting');
  const tStatus = await getTranslations('reportStatus');
  const format = await getFormatter();

  return (
    <ClientMessages namespaces={['admin', 'reportForm', 'reportFlow', 'actionErrors']}>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-slate-700">{t('intro')}</p>
        {strategies.map((strategy) => {
          const span = Array.from(
            { length: strategy.endYear - strategy.startYear + 1 },
            (_, i) => strategy.startYear + i,
          );
          const firstUnopened =
            span.find((year) => !strategy.years.some((open) => open.year === year)) ?? strategy.endYear;
          return (
            <section
              key={strategy.id}
              aria-labelledby={`strategy-${strategy.id}`}
              className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h2 id={`strategy-${strategy.id}`} className="text-lg font-semibold">
                {strategy.name} ({strategy.startYear}–{strategy.endYear})
              </h2>
              {strategy.years.length === 0 ? (
                <p>{t('noneOpen')}</p>
              ) : (
                <DataTable caption={t('openYears')}>
                  <TableHead
                    columns={[
                      { label: t('year') },
                      { label: t('deadline') },
                      { label: t('coordinatorReview') },
                      ...REPORT_STATUSES.map((status) => ({
                        label: tStatus(status),
                        align: 'right' as const,
                      })),
                    ]}
                  />
                  <tbody>
                    {strategy.years.map((year) => (
                      <tr key={year.year} className="border-b border-slate-200">
                        <th scope="row" className="py-2 pr-3 text-left tabular-nums">
                          {year.year}
                        </th>
                        <td className="py-2 pr-3">
                          {format.dateTime(new Date(`${year.deadline}T12:00:00Z`), { dateStyle: 'long' })}
                        </td>
                        <td className="py-2 pr-3">{year.coordinatorReview ? t('yes') : t('no')}</td>
                        {REPORT_STATUSES.map((status) => (
                          <td key={status} className="py-2 pr-3 text-right tabular-nums">
                            <StatusCountLink
                              strategyId={strategy.id}
                              year={year.year}
                              status={status}
                              count={year.counts[status] ?? 0}
                            />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </DataTable>
              )}
              <h3 className="font-semibold">{t('openHeading')}</h3>
              <OpenYearForm
                openReportingYearAction={openReportingYearAction}
                strategyId={strategy.id}
                years={span}
                defaultYear={firstUnopened}
                reviewByYear={Object.fromEntries(
                  strategy.years.map((year) => [year.year, year.coordinatorReview]),
                )}
                reminderDaysByYear={Object.fromEntries(
                  strategy.years.map((year) => [year.year, year.reminderDays]),
                )}
              />
            </section>
          );
        })}
      </div>
    </ClientMessages>
  );
}
