import { useLocale } from 'next-intl';
import { formatPercent } from '@/lib/format';

/** A progress figure with a bar; the number is the information, the bar only shows it. */
export function ProgressValue({ value }: { value: number | null }) {
  const locale = useLocale();
  const width = value === null ? 0 : Math.max(0, Math.min(100, value));
  return (
    <span className="inline-flex items-center gap-2">
      <span className="w-14 text-right font-semibold tabular-nums">{formatPercent(value, locale)}</span>
      <span
        aria-hidden="true"
        className="no-print hidden h-2 w-24 overflow-hidden rounded bg-slate-200 sm:inline-block"
      >
        <span className="block h-full bg-brand-600" style={{ width: `${width}%` }} />
      </span>
    </span>
  );
}
