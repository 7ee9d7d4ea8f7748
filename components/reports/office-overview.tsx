import { getFormatter, getTranslations } from 'next-intl/server';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { StatusCountLink } from '@/components/reports/status-count-link';
import { goalNumber } from '@/components/strategy/labels';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { REPORT_STATUSES } from '@/lib/reports/rules';
import type { OfficeYear } from '@/lib/reports/status-list';

/**
 * The strategy office's home: each year open for reporting with its reports by state (each count
 * a link to the list of those reports), the late ones, and the way to the status table and the
 * council's report.
 */
export async function OfficeOverview({ years }: { years: OfficeYear[] }) {
  const t = await getTranslations('officeHome');
  const tStatus = await getTranslations('reportStatus');
  const format = await getFormatter();
  return (
    <section
      aria-labelledby="office-overview"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="office-overview" className="text-lg font-semibold">
        {t('title')}
      </h2>
      {years.length === 0 && <p>{t('noneOpen')}</p>}
      {years.map((year) => {
        const base = `/admin/reporting/${year.strategyId}/${year.year}`;
        return (
          <div
            key={`${year.strategyId}/${year.year}`}
            className="space-y-3"
            data-testid={`office-year-${year.year}`}
          >
            <h3 className="font-semibold">
              {t('yearHeading', {
                strategy: year.strategyName,
                year: year.year,
                date: format.dateTime(new Date(`${year.deadline}T12:00:00Z`), { dateStyle: 'long' }),
              })}
            </h3>
            <DataTable caption={t('byState', { year: year.year })}>
              <TableHead columns={[{ label: t('state') }, { label: t('count'), align: 'right' }]} />
              <tbody>
                {REPORT_STATUSES.map((status) => (
                  <tr key={status} className="border-b border-slate-200">
                    <th scope="row" className="py-1 pr-3 text-left font-normal">
                      {tStatus(status)}
                    </th>
                    <td className="py-1 pr-3 text-right tabular-nums">
                      <StatusCountLink
                        strategyId={year.strategyId}
                        year={year.year}
                        status={status}
                        count={year.counts[status] ?? 0}
                      />
                    </td>
                  </tr>
                ))}
                <tr>
                  <th scope="row" className="py-1 pr-3 text-left font-semibold">
                    {t('total')}
                  </th>
                  <td className="py-1 pr-3 text-right font-semibold tabular-nums">
                    <StatusCountLink strategyId={year.strategyId} year={year.year} count={year.total} />
                  </td>
                </tr>
              </tbody>
            </DataTable>
            <h4 className="font-medium">{t('lateHeading', { count: year.lateCount })}</h4>
            {year.lateCount === 0 ? (
              <p>{t('noneLate')}</p>
            ) : (
              <ul className="space-y-1">
                {year.late.map((row) => (
                  <li key={row.taskId} className="flex flex-wrap items-center gap-2">
                    <TextLink href={`/tasks/${row.taskId}/reports/${year.year}`}>
                      {goalNumber(row.goalNumber)}.{row.programNumber}.{row.taskNumber} {row.taskTitle}
                    </TextLink>
                    <ReportStatusBadge status={row.status} late />
                  </li>
                ))}
              </ul>
            )}
            <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {year.lateCount > 0 && (
                <TextLink href={`${base}?late=1`}>{t('allLate', { count: year.lateCount })}</TextLink>
              )}
              <TextLink href="/admin/reporting">{t('manage')}</TextLink>
              <TextLink href={`/strategies/${year.strategyId}/report/${year.year}`}>
                {t('council', { year: year.year })}
              </TextLink>
            </p>
          </div>
        );
      })}
    </section>
  );
}
