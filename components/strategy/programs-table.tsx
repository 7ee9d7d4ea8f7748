import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ProgramSummary } from '@/lib/strategy/queries';
import { postLabel } from './labels';
import { ProgressValue } from './progress-value';
import { ScheduleBadge } from './schedule-badge';

export function ProgramsTable({ programs, caption }: { programs: ProgramSummary[]; caption: string }) {
  const t = useTranslations('strategy');
  if (programs.length === 0) return <p className="text-slate-700">{t('noPrograms')}</p>;
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300 text-left">
          <th scope="col" className="py-2 pr-3">
            {t('program')}
          </th>
          <th scope="col" className="py-2 pr-3">
            {t('coordinator')}
          </th>
          <th scope="col" className="py-2 pr-3 text-right">
            {t('taskCount')}
          </th>
          <th scope="col" className="py-2 pr-3">
            {t('progress')}
          </th>
          <th scope="col" className="py-2">
            {t('schedule')}
          </th>
        </tr>
      </thead>
      <tbody>
        {programs.map((program) => (
          <tr key={program.id} className="border-b border-slate-200 align-top">
            <th scope="row" className="py-2 pr-3 text-left font-normal">
              <Link
                href={`/programs/${program.id}`}
                className="text-brand-700 underline-offset-2 hover:underline"
              >
                {program.number}. {program.title}
              </Link>
            </th>
            <td className="py-2 pr-3">{postLabel(program.coordinator)}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{program.tasks.length}</td>
            <td className="py-2 pr-3">
              <ProgressValue value={program.progress} />
            </td>
            <td className="py-2">
              <ScheduleBadge status={program.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
