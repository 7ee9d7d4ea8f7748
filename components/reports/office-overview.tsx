import { getFormatter, getTranslations } from 'next-intl/server';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { StatusCountLink } from '@/components/reports/status-count-link';
import { goalNumber } from '@/components/strategy/labels';
import { DataTable } from '@/components/ui/table';
import { DocumentLink, TextLink } from '@/components/ui/text-link';
import { REPORT_STATUSES } from '@/lib/reports/rules';
import { LATE_SHOWN, type OfficeYear } from '@/lib/reports/status-list';

/**
 * The strategy office's home: per strategy one table of its years open for reporting, a column
 * each, their reports by state in the rows (each count a link to the list of those reports), the
 * late ones and the council's report; below, the first late reports of all open years. One table
 * rather than one per year: the overview reads across the years at a glance, and the page stays
 * small when a strategy has many years open.
 */
export async function OfficeOverview({ years }: { years: OfficeYear[] }) {
  const t = await getTranslations('officeHome');
  const tStatus = await getTranslations('reportStatus');
  const list = await getTranslations('reportList');
  const format = await getFormatter();
  const byStrategy = new Map<number, OfficeYear[]>();
  for (const year of years)
    byStrategy.set(year.strategyId, [...(byStrategy.get(year.strategyId) ?? []), year]);
  const lateCount = years.reduce((sum, year) => sum + year.lateCount, 0);
  const late = years.flatMap((year) => year.late.map((row) => ({ ...row, year: year.year })));
  const rowHeader = 'py-1 pr-3 text-left font-normal';
  const cell = 'py-1 pr-3 text-right tabular-nums';

  return (
    <section
      aria-labelledby="office-overview"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="office-overview" className="text-lg font-semibold">
        {t('title')}
      </h2>
      {years.length === 0 && <p>{t('noneOpen')}</p>}
      {[...byStrategy.values()].map((open) => {
        const { strategyId, strategyName } = open[0]!;
        return (
          <div key={strategyId} className="space-y-2">
            <h3 className="font-semibold">{strategyName}</h3>
            <DataTable caption={t('byState', { strategy: strategyName })}>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3 text-left">
                    {t('state')}
                  </th>
                  {open.map((year) => (
                    <th key={year.year} scope="col" className="py-2 pr-3 text-right">
                      {t('yearColumn', { year: year.year })}
                      <span className="block whitespace-nowrap text-xs font-normal text-slate-600">
                        {t('deadline', {
                          date: format.dateTime(new Date(`${year.deadline}T12:00:00Z`), {
                            dateStyle: 'medium',
                          }),
                        })}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {REPORT_STATUSES.map((status) => (
                  <tr key={status} className="border-b border-slate-200">
                    <th scope="row" className={rowHeader}>
                      {tStatus(status)}
                    </th>
                    {open.map((year) => (
                      <td key={year.year} className={cell}>
                        <StatusCountLink
                          strategyId={strategyId}
                          year={year.year}
                          status={status}
                          count={year.counts[status] ?? 0}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
                <tr className="border-b border-slate-200">
                  <th scope="row" className="py-1 pr-3 text-left font-semibold">
                    {t('total')}
                  </th>
                  {open.map((year) => (
                    <td key={year.year} className={`${cell} font-semibold`}>
                      <StatusCountLink strategyId={strategyId} year={year.year} count={year.total} />
                    </td>
                  ))}
                </tr>
                <tr className="border-b border-slate-200">
                  <th scope="row" className={rowHeader}>
                    {tStatus('late')}
                  </th>
                  {open.map((year) => (
                    <td key={year.year} className={cell}>
                      {year.lateCount === 0 ? (
                        0
                      ) : (
                        <TextLink
                          href={`/admin/reporting/${strategyId}/${year.year}?late=1`}
                          aria-label={list('countLink', {
                            count: year.lateCount,
                            state: tStatus('late'),
                            year: year.year,
                          })}
                          className="font-semibold text-red-800"
                        >
                          {year.lateCount}
                        </TextLink>
                      )}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row" className={rowHeader}>
                    {t('council')}
                  </th>
                  {open.map((year) => (
                    <td key={year.year} className="py-1 pr-3 text-right">
                      <DocumentLink
                        href={`/strategies/${strategyId}/report/${year.year}`}
                        aria-label={t('councilLinkLabel', { year: year.year })}
                      >
                        {t('yearColumn', { year: year.year })}
                      </DocumentLink>
                    </td>
                  ))}
                </tr>
              </tbody>
            </DataTable>
          </div>
        );
      })}
      {years.length > 0 && (
        <>
          <h3 className="font-semibold">{t('lateHeading', { count: lateCount })}</h3>
          {lateCount === 0 ? (
            <p>{t('noneLate')}</p>
          ) : (
            <ul className="space-y-1">
              {late.slice(0, LATE_SHOWN).map((row) => (
                <li key={`${row.taskId}/${row.year}`} className="flex flex-wrap items-center gap-2">
                  <TextLink href={`/tasks/${row.taskId}/reports/${row.year}`}>
                    {t('lateEntry', {
                      code: `${goalNumber(row.goalNumber)}.${row.programNumber}.${row.taskNumber}`,
                      title: row.taskTitle,
                      year: row.year,
                    })}
                  </TextLink>
                  <ReportStatusBadge status={row.status} late />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p className="text-sm">
        <TextLink href="/admin/reporting">{t('manage')}</TextLink>
      </p>
    </section>
  );
}
