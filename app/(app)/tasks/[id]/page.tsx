import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable, TableHead } from '@/components/ui/table';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { IndicatorsTable, StageGrid } from '@/components/strategy/card-tables';
import {
  CardCostAndBudget,
  CardExecutorAndPartners,
  CardHeader,
  CardSection,
  CardSummary,
} from '@/components/strategy/card-body';
import { goalNumber } from '@/components/strategy/labels';
import { PrintButton } from '@/components/strategy/print-button';
import { TaskHistory } from '@/components/strategy/task-history';
import { formatNumber } from '@/lib/format';
import { pageById } from '@/server/page-data';
import { getTaskCard } from '@/lib/strategy/task-card';
import { listTaskReports } from '@/lib/reports/task-report-list';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { TextLink } from '@/components/ui/text-link';
import { can } from '@/lib/auth/permissions';
import { getTaskHistory } from '@/lib/strategy/task-history';
import { ClientMessages } from '@/components/i18n/client-messages';
import { DiscussionSections } from '@/app/(app)/tasks/[id]/discussion-sections';
import { getDiscussionView } from '@/lib/discussion/view';

const data = pageById(async (db, user, id) => ({
  card: await getTaskCard(db, user, id),
  reports: await listTaskReports(db, user, id),
  history: await getTaskHistory(db, user, id),
  // The task card's own thread and files (each report has its own, on the report's page).
  discussion: await getDiscussionView(db, user, id, null),
}));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return data.title([(await params).id], ({ data: { card } }) => `${card.task.number}. ${card.task.title}`);
}

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const {
    user,
    data: { card, reports, history, discussion },
  } = await data((await params).id);
  const canManage = can(user, { action: 'program.manage', programId: card.program.id, goalId: card.goal.id });
  const tReport = await getTranslations('report');
  const pendingCell = (stageId: number, year: number) =>
    reports.find((report) => report.year === year)?.pending.find((value) => value.stageId === stageId)
      ?.actual ?? null;
  const t = await getTranslations('card');
  const s = await getTranslations('strategy');
  const common = await getTranslations('common');
  const d = await getTranslations('discussion');
  const locale = await getLocale();
  const goalLabel = s('goalLabel', { number: goalNumber(card.goal.number) });
  const num = (value: number) => formatNumber(value, locale);

  return (
    <div className="space-y-6">
      <Breadcrumbs
        items={[
          { href: '/', label: common('home') },
          { href: `/strategies/${card.strategy.id}`, label: card.strategy.name },
          { href: `/goals/${card.goal.id}`, label: goalLabel },
          { href: `/programs/${card.program.id}`, label: `${card.program.number}. ${card.program.title}` },
          { label: `${card.task.number}. ${card.task.title}` },
        ]}
      />
      <article className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm print-plain">
        <CardHeader
          card={card}
          actions={
            <span className="no-print flex items-center gap-3">
              {canManage && (
                <TextLink href={`/tasks/${card.task.id}/edit`} className="text-sm font-medium">
                  {t('edit')}
                </TextLink>
              )}
              <PrintButton />
            </span>
          }
        />
        <CardSummary card={card} />

        <CardSection id="stages" title={t('stages')}>
          <StageGrid
            years={card.years}
            stages={card.stages}
            yearTotals={card.yearTotals}
            cellNote={(stageId, year) =>
              pendingCell(stageId, year) !== null && (
                <span className="block text-xs text-indigo-800" data-testid="pending-value">
                  {t('pending', { value: num(pendingCell(stageId, year)!) })}
                </span>
              )
            }
          />
        </CardSection>

        <CardExecutorAndPartners card={card} />

        <CardSection id="indicators" title={t('indicators')}>
          <IndicatorsTable years={card.years} indicators={card.indicators} />
        </CardSection>

        <CardCostAndBudget card={card} />
        <CardSection id="reports" title={t('reports')}>
          {reports.length === 0 ? (
            <p>{t('noReports')}</p>
          ) : (
            <DataTable caption={t('reports')}>
              <TableHead
                columns={[{ label: t('year') }, { label: t('reportStatus') }, { label: t('reportLink') }]}
              />
              <tbody>
                {reports.map((report) => (
                  <tr key={report.year} className="border-b border-slate-200">
                    <th scope="row" className="py-2 pr-3 text-left tabular-nums">
                      {report.year}
                    </th>
                    <td className="py-2 pr-3">
                      <ReportStatusBadge status={report.status} late={report.late} />
                    </td>
                    <td className="py-2 pr-3">
                      <TextLink href={`/tasks/${card.task.id}/reports/${report.year}`}>
                        {can(user, { action: 'report.fill', taskId: card.task.id }) &&
                        (report.status === 'draft' || report.status === 'returned')
                          ? tReport('fillIn', { year: report.year })
                          : tReport('open', { year: report.year })}
                      </TextLink>
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </CardSection>
      </article>

      <ClientMessages namespaces={['actionErrors', 'discussion']}>
        <DiscussionSections
          taskId={card.task.id}
          year={null}
          discussion={discussion}
          intro={d('taskDiscussionIntro')}
        />
      </ClientMessages>

      <TaskHistory history={history} />
    </div>
  );
}
