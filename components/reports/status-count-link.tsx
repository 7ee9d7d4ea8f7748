import { getTranslations } from 'next-intl/server';
import { TextLink } from '@/components/ui/text-link';
import type { ReportStatus } from '@/lib/enums';

/**
 * A count of a year's reports (in one state, or all of them without a state) as a link to the list
 * of those reports, named for screen readers by the count, the state and the year.
 */
export async function StatusCountLink({
  strategyId,
  year,
  status,
  count,
}: {
  strategyId: number;
  year: number;
  status?: ReportStatus;
  count: number;
}) {
  const tStatus = await getTranslations('reportStatus');
  const list = await getTranslations('reportList');
  const base = `/admin/reporting/${strategyId}/${year}`;
  return (
    <TextLink
      href={status ? `${base}?status=${status}` : base}
      aria-label={list('countLink', { count, state: status ? tStatus(status) : list('all'), year })}
    >
      {count}
    </TextLink>
  );
}
