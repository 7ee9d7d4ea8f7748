import { useTranslations } from 'next-intl';
import type { ScheduleStatus } from '@/lib/progress';

/** Also used by the council report's rows, built as HTML (components/reports/yearly-rows.ts). */
export const SCHEDULE_STYLES: Record<ScheduleStatus, string> = {
  behind: 'border-red-300 bg-red-50 text-red-800',
  on: 'border-green-300 bg-green-50 text-green-800',
  ahead: 'border-sky-300 bg-sky-50 text-sky-900',
  not_started: 'border-slate-300 bg-slate-50 text-slate-700',
};
export const SCHEDULE_ICONS: Record<ScheduleStatus, string> = {
  behind: '▼',
  on: '●',
  ahead: '▲',
  not_started: '○',
};

/** The schedule status in words (colour and icon only repeat it). */
export function ScheduleBadge({ status }: { status: ScheduleStatus }) {
  const t = useTranslations('status');
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${SCHEDULE_STYLES[status]}`}
    >
      <span aria-hidden="true">{SCHEDULE_ICONS[status]}</span>
      {t(status)}
    </span>
  );
}
