import { getFormatter, getTranslations } from 'next-intl/server';
import { DataTable, TableHead } from '@/components/ui/table';
import type { getTaskHistory } from '@/lib/strategy/task-history';

/** Below the printable task card (not printed): who executed the task when, and the changes to it and its reports. */
export async function TaskHistory({ history }: { history: Awaited<ReturnType<typeof getTaskHistory>> }) {
  const format = await getFormatter();
  const t = await getTranslations('card');
  const tEvents = await getTranslations('reportEvent');
  const tFlow = await getTranslations('reportFlow');
  return (
    <section
      aria-labelledby="task-history"
      className="no-print space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="task-history" className="text-lg font-semibold">
        {t('history')}
      </h2>
      <DataTable caption={t('executorHistory')}>
        <TableHead columns={[{ label: t('executor') }, { label: t('from') }, { label: t('to') }]} />
        <tbody>
          {history.executors.map((row, index) => (
            <tr key={index} className="border-b border-slate-200">
              <th scope="row" className="py-2 pr-3 text-left font-normal">
                {row.postName}
              </th>
              <td className="py-2 pr-3">{format.dateTime(row.validFrom, { dateStyle: 'medium' })}</td>
              <td className="py-2 pr-3">
                {row.validTo ? format.dateTime(row.validTo, { dateStyle: 'medium' }) : t('now')}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {history.changes.length > 0 && (
        <ol className="space-y-1 text-sm" data-testid="task-changes">
          {history.changes.map((change, index) => (
            <li key={index}>
              <time dateTime={change.at.toISOString()}>
                {format.dateTime(change.at, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
              {' · '}
              {change.kind === 'report'
                ? tFlow('historyReportStep', {
                    year: change.year ?? 0,
                    step: tEvents.has(change.action as 'save')
                      ? tEvents(change.action as 'save')
                      : change.action,
                  })
                : t.has(`change.${change.action}` as 'change.edit_card')
                  ? t(`change.${change.action}` as 'change.edit_card')
                  : change.action}
              {change.actor ? ` · ${change.actor}` : ''}
              {change.comment && <span className="whitespace-pre-line"> · „{change.comment}”</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
