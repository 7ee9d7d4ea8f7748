import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { goalNumber } from '@/components/strategy/labels';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { type InboxKind, listInbox } from '@/lib/reports/inbox';
import { listUnreadComments } from '@/lib/discussion/unread';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('inbox');
  return { title: t('title') };
}

const ORDER: InboxKind[] = ['returned', 'fill_in', 'review', 'approve'];

export default async function InboxPage() {
  const user = await requirePageUser();
  const db = await getDb();
  const [items, unread] = await Promise.all([listInbox(db, user), listUnreadComments(db, user)]);
  const t = await getTranslations('inbox');
  const d = await getTranslations('discussion');
  const tFlow = await getTranslations('reportFlow');
  const format = await getFormatter();
  const date = (iso: string) => format.dateTime(new Date(`${iso}T12:00:00Z`), { dateStyle: 'medium' });

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {items.length === 0 && <p>{t('empty')}</p>}
      {unread.length > 0 && (
        <section
          aria-labelledby="inbox-comments"
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="inbox-comments" className="mb-3 text-lg font-semibold">
            {d('inboxHeading')} ({unread.length})
          </h2>
          <ul className="space-y-2" data-testid="inbox-comments">
            {unread.map((item) => (
              <li key={item.reportId ?? `task-${item.taskId}`}>
                {item.year === null ? (
                  <TextLink href={`/tasks/${item.taskId}#comments-heading`}>
                    {item.taskNumber}. {item.taskTitle} ({d('inboxTaskCard')})
                  </TextLink>
                ) : (
                  <TextLink href={`/tasks/${item.taskId}/reports/${item.year}#comments-heading`}>
                    {item.taskNumber}. {item.taskTitle} ({item.year})
                  </TextLink>
                )}
                <span className="block text-sm text-slate-700">
                  {t('where', { goal: goalNumber(item.goalNumber), program: item.programNumber })} ·{' '}
                  {d('inboxUnread', { count: item.unread })}
                  {item.mentioned && <> · {d('inboxMentioned')}</>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {ORDER.map((kind) => {
        const ofKind = items.filter((item) => item.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <section
            key={kind}
            aria-labelledby={`inbox-${kind}`}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 id={`inbox-${kind}`} className="mb-3 text-lg font-semibold">
              {t(`kind.${kind}`)} ({ofKind.length})
            </h2>
            <DataTable caption={t(`kind.${kind}`)}>
              <TableHead
                columns={[
                  { label: t('task') },
                  { label: t('year'), align: 'right' },
                  { label: t('status') },
                  { label: t('who') },
                  { label: t('since') },
                  { label: t('deadline') },
                ]}
              />
              <tbody>
                {ofKind.map((item) => (
                  <tr
                    key={item.reportId}
                    className="border-b border-slate-200 align-top"
                    data-testid="inbox-item"
                  >
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      <TextLink href={`/tasks/${item.taskId}/reports/${item.year}`}>
                        {item.taskNumber}. {item.taskTitle}
                      </TextLink>
                      <span className="block text-xs text-slate-600">
                        {t('where', { goal: goalNumber(item.goalNumber), program: item.programNumber })}
                      </span>
                      {item.returnComment && (
                        <span
                          className="mt-1 block whitespace-pre-line text-sm"
                          data-testid="inbox-return-comment"
                        >
                          {tFlow('inboxComment', { comment: item.returnComment })}
                        </span>
                      )}
                    </th>
                    <td className="py-2 pr-3 text-right tabular-nums">{item.year}</td>
                    <td className="py-2 pr-3">
                      <ReportStatusBadge status={item.status} late={item.late} />
                    </td>
                    <td className="py-2 pr-3">{item.who ?? '—'}</td>
                    <td className="py-2 pr-3">
                      <time dateTime={item.since.toISOString()}>
                        {format.dateTime(item.since, { dateStyle: 'medium' })}
                      </time>
                    </td>
                    <td className="py-2 pr-3">
                      <time dateTime={item.deadline}>{date(item.deadline)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </section>
        );
      })}
    </div>
  );
}
