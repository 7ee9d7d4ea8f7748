import type { LinkComponent } from '@/components/ui/plain-link';
import { TextLink } from '@/components/ui/text-link';
import { useTranslations } from 'next-intl';
import { DataTable, TableHead } from '@/components/ui/table';
import type { ProgramSummary } from '@/lib/strategy/goal-tree';
import { postLabel } from './labels';
import { ProgressValue } from './progress-value';
import { ScheduleBadge } from './schedule-badge';

/** A program as the table shows it: the signed-in views' summary, or the public one (no archived flag). */
export type ProgramRow = Pick<ProgramSummary, 'id' | 'number' | 'title' | 'progress' | 'status'> & {
  archived?: boolean;
  coordinator: { postName: string } | null;
  tasks: readonly unknown[];
};

export function ProgramsTable({
  programs,
  caption,
  programHref = (id) => `/programs/${id}`,
  link: Link = TextLink,
}: {
  programs: ProgramRow[];
  caption: string;
  /** Where a program's row links (the public pages link to their own address). */
  programHref?: (programId: number) => string;
  /** The links' component (the public pages' plain links need no JavaScript). */
  link?: LinkComponent;
}) {
  const t = useTranslations('strategy');
  if (programs.length === 0) return <p className="text-slate-700">{t('noPrograms')}</p>;
  return (
    <DataTable caption={caption}>
      <TableHead
        columns={[
          { label: t('program') },
          { label: t('coordinator') },
          { label: t('taskCount'), align: 'right' },
          { label: t('progress') },
          { label: t('schedule') },
        ]}
      />
      <tbody>
        {programs.map((program) => (
          <tr key={program.id} className="border-b border-slate-200 align-top">
            <th scope="row" className="py-2 pr-3 text-left font-normal">
              <Link href={programHref(program.id)}>
                {program.number}. {program.title}
              </Link>
              {program.archived && (
                <span className="ml-2 text-xs text-slate-600">({t('archivedNotCounted')})</span>
              )}
            </th>
            <td className="py-2 pr-3">{postLabel(program.coordinator)}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{program.tasks.length}</td>
            <td className="py-2 pr-3">
              {program.tasks.length === 0 && !program.archived ? (
                // Nothing to weigh yet: left out of the goal's roll-up, and said so.
                <span className="text-sm text-slate-700">{t('noTasksNotCounted')}</span>
              ) : (
                <ProgressValue value={program.progress} />
              )}
            </td>
            <td className="py-2">
              <ScheduleBadge status={program.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
