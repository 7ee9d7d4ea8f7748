import { useTranslations } from 'next-intl';
import type { ReportStatus } from '@/lib/enums';

/** Also used by the council report's rows, built as HTML (components/reports/yearly-rows.ts). */
export const REPORT_STATUS_STYLES: Record<ReportStatus, string> = {
  draft: 'border-slate-300 bg-slate-50 text-slate-800',
  returned: 'border-amber-400 bg-amber-50 text-amber-900',
  submitted: 'border-sky-300 bg-sky-50 text-sky-900',
  accepted: 'border-indigo-300 bg-indigo-50 text-indigo-900',
  approved: 'border-green-300 bg-green-50 text-green-900',
};

export function ReportStatusBadge({ status, late = false }: { status: ReportStatus; late?: boolean }) {
  const t = useTranslations('reportStatus');
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span
        className={`whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${REPORT_STATUS_STYLES[status]}`}
      >
        {t(status)}
      </span>
      {late && (
        <span className="whitespace-nowrap rounded border border-red-400 bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800">
          {t('late')}
        </span>
      )}
    </span>
  );
}
