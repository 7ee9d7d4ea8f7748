import { useTranslations } from 'next-intl';
import type { ValueSource } from '@/lib/reports/indicator-values';

/** Also used by the council report's rows, built as HTML (components/reports/yearly-rows.ts). */
export const VALUE_SOURCE_STYLES: Record<ValueSource, string> = {
  approved: 'text-green-900',
  imported: 'font-medium text-amber-900',
  missing: 'text-slate-700',
};

/**
 * Where a value comes from, in words (never colour alone): approved in a report, imported with the
 * card (history, not from a report), or missing.
 */
export function ValueSourceLabel({ source }: { source: ValueSource }) {
  const t = useTranslations('valueSource');
  return <span className={`text-xs ${VALUE_SOURCE_STYLES[source]}`}>{t(`${source}Short`)}</span>;
}
