import type { Metadata } from 'next';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { DecisionPanel } from '@/components/reports/decision-panel';
import { RecallPanel } from '@/components/reports/recall-panel';
import { ReportForm } from '@/components/reports/report-form';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { goalNumber } from '@/components/strategy/labels';
import { DataTable, TableHead } from '@/components/ui/table';
import { formatNumber } from '@/lib/format';
import { pageByIdAndYear } from '@/server/page-data';
import { decideReportAction, recallReportAction, saveReportAction } from '@/actions/reports';
import { getReportView } from '@/lib/reports/view';
import { reportEventKey } from '@/lib/reports/rules';
import { ClientMessages } from '@/components/i18n/client-messages';
import { DiscussionSections } from '@/app/(app)/tasks/[id]/discussion-sections';
import { getDiscussionView } from '@/lib/discussion/view';

const data = pageByIdAndYear(async (db, user, taskId, year) => {
  const view = await getReportView(db, user, taskId, year);
  // A report not created yet (an empty draft on screen) has no discussion until its first save.
  const discussion = view.reportId ? await getDiscussionView(db, user, taskId, year) : null;
  return { ...view, discussion };
});

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string; year: string }>;
}): Promise<Metadata> {
  const { id, year } = await params;
  const t = await getTranslations('report');
  return data.title([id, year], ({ data: { context } }) =>
    t('title', { year: Number(year), task: `${context.taskNumber}. ${context.taskTitle}` }),
  );
}

export default async function ReportPage({ params }: { params: Promise<{ id: string; year: string }> }) {
  const raw = await params;
  const { year, data: view } = await data(raw.id, raw.year);
  const { context } = view;
  const t = await getTranslations('report');
  const s = await getTranslations('strategy');
  const common = await getTranslations('common');
  const tEvents = await getTranslations('reportEvent');
  const tStatus = await getTranslations('reportStatus');
  const tFlow = await getTranslations('reportFlow');
  const taskLabel = `${context.taskNumber}. ${context.taskTitle}`;
  const format = await getFormatter();
  const locale = await getLocale();
  const num = (value: number | null) => (value === null ? '—' : formatNumber(value, locale));
  const title = t('title', { year, task: `${context.taskNumber}. ${context.taskTitle}` });

  return (
    <ClientMessages namespaces={['decision', 'reportForm', 'reportFlow', 'actionErrors', 'discussion']}>
      <div className="space-y-6">
        <Breadcrumbs
          items={[
            { href: '/', label: common('home') },
            { href: `/strategies/${context.strategyId}`, label: context.strategyName },
            {
              href: `/goals/${context.goalId}`,
              label: s('goalLabel', { number: goalNumber(context.goalNumber) }),
            },
            {
              href: `/programs/${context.programId}`,
              label: `${context.programNumber}. ${context.programTitle}`,
            },
            { href: `/tasks/${context.taskId}`, label: `${context.taskNumber}. ${context.taskTitle}` },
            { label: t('crumb', { year }) },
          ]}
        />
        <header className="space-y-2">
          <h1 className="text-2xl font-semibold">{title}</h1>
          {/* Focus comes here after a submission or a recall (the form gives way): it says the new state. */}
          <p
            id="report-status"
            tabIndex={-1}
            aria-live="polite"
            className="flex flex-wrap items-center gap-3"
            data-testid="report-status"
          >
            <ReportStatusBadge status={view.status} late={view.late} />
            {view.deadline && (
              <span className="text-sm text-slate-700">
                {t('deadline', {
                  date: format.dateTime(new Date(`${view.deadline}T12:00:00Z`), { dateStyle: 'long' }),
                })}
              </span>
            )}
          </p>
          {view.coordinatorIsExecutor ? (
            <p className="text-sm text-slate-700">{t('coordinatorIsExecutor')}</p>
          ) : (
            !view.coordinatorReview && <p className="text-sm text-slate-700">{t('noCoordinatorReview')}</p>
          )}
        </header>

        {view.returnComment && (
          <section
            aria-labelledby="return-comment"
            className="rounded-lg border border-amber-600 bg-amber-50 p-4"
            data-testid="return-comment"
          >
            <h2 id="return-comment" className="font-semibold">
              {tFlow('returnCommentHeading')}
            </h2>
            <p className="text-sm text-slate-800">
              {tFlow('returnCommentBy', {
                actor: view.returnComment.actor ?? '—',
                date: format.dateTime(view.returnComment.at, { dateStyle: 'medium', timeStyle: 'short' }),
              })}
            </p>
            <p className="whitespace-pre-line">„{view.returnComment.comment}”</p>
          </section>
        )}

        <section
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          aria-labelledby="report-body"
        >
          <h2 id="report-body" className="sr-only">
            {t('body')}
          </h2>
          {view.canEdit ? (
            <ReportForm
              saveReportAction={saveReportAction}
              taskId={view.taskId}
              taskLabel={taskLabel}
              year={view.year}
              version={view.version}
              narrative={view.narrative}
              stages={view.stages}
              indicators={view.indicators}
            />
          ) : (
            <div className="space-y-6">
              <DataTable caption={t('stagesCaption', { year })}>
                <TableHead
                  columns={[
                    { label: t('stage') },
                    { label: t('planned'), align: 'right' },
                    { label: t('reported'), align: 'right' },
                    { label: t('difference'), align: 'right' },
                  ]}
                />
                <tbody>
                  {view.stages.map((stage) => (
                    <tr key={stage.stageId} className="border-b border-slate-200">
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        {stage.number !== null ? `${stage.number}. ` : ''}
                        {stage.name}
                      </th>
                      <td className="py-2 pr-3 text-right tabular-nums">{num(stage.planned)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {num(stage.reported)}
                        {stage.overPlanConfirmed && (
                          <span className="block text-xs text-amber-900">({t('overPlanConfirmed')})</span>
                        )}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {stage.reported === null && stage.planned === null
                          ? '—'
                          : num((stage.reported ?? 0) - (stage.planned ?? 0))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
              <p data-testid="progress-change">
                {t('progressChange', { before: num(view.progressBefore), after: num(view.progressAfter) })}
              </p>
              <DataTable caption={t('indicatorsCaption', { year })}>
                <TableHead
                  columns={[
                    { label: t('indicator') },
                    { label: t('target') },
                    { label: t('reported') },
                    { label: t('numberRead') },
                  ]}
                />
                <tbody>
                  {view.indicators.map((indicator) => (
                    <tr key={indicator.indicatorId} className="border-b border-slate-200">
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        {indicator.name}
                      </th>
                      <td className="py-2 pr-3">{indicator.targetText ?? '—'}</td>
                      <td className="py-2 pr-3">{indicator.reportedText ?? '—'}</td>
                      <td className="py-2 pr-3 tabular-nums">{num(indicator.reportedNumber)}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
              <div>
                <h3 className="font-semibold">{t('narrative')}</h3>
                <p className="whitespace-pre-line">{view.narrative || '—'}</p>
              </div>
              {view.canRecall && (
                <div className="border-t border-slate-200 pt-4">
                  <RecallPanel
                    taskId={view.taskId}
                    taskLabel={taskLabel}
                    year={view.year}
                    version={view.version}
                    recallAction={recallReportAction}
                  />
                </div>
              )}
              {view.actions.length > 0 && (
                <div className="border-t border-slate-200 pt-4">
                  <h3 className="mb-2 font-semibold">{t('decide')}</h3>
                  <DecisionPanel
                    decideReportAction={decideReportAction}
                    taskId={view.taskId}
                    year={view.year}
                    version={view.version}
                    actions={view.actions as ('accept' | 'return' | 'approve' | 'withdraw')[]}
                  />
                </div>
              )}
            </div>
          )}
        </section>

        {view.discussion && (
          <DiscussionSections taskId={view.taskId} year={view.year} discussion={view.discussion} />
        )}

        <section
          className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
          aria-labelledby="history"
        >
          <h2 id="history" className="mb-3 text-lg font-semibold">
            {t('history')}
          </h2>
          {view.events.length === 0 ? (
            <p>{t('noHistory')}</p>
          ) : (
            <ol className="space-y-3" data-testid="report-history">
              {view.events.map((event, index) => (
                <li key={index} className="border-l-4 border-brand-100 pl-3">
                  <p>
                    <span className="font-medium">{tEvents(reportEventKey(event) as 'save')}</span>
                    {event.actor && <> · {event.actor}</>} ·{' '}
                    <time dateTime={event.at.toISOString()} className="text-slate-700">
                      {format.dateTime(event.at, { dateStyle: 'medium', timeStyle: 'short' })}
                    </time>
                  </p>
                  <p className="text-sm text-slate-700">
                    {event.fromStatus ? `${tStatus(event.fromStatus)} → ` : ''}
                    {tStatus(event.toStatus)}
                  </p>
                  {/* A submission's note is the app's (why the review was skipped), never typed. */}
                  {event.action === 'submit' && event.comment === 'coordinator_is_executor' ? (
                    <p className="text-sm">{t('coordinatorIsExecutorEvent')}</p>
                  ) : event.action === 'submit' && event.comment === 'no_coordinator_review' ? (
                    <p className="text-sm">{t('noCoordinatorReviewEvent')}</p>
                  ) : (
                    event.comment && <p className="whitespace-pre-line text-sm">„{event.comment}”</p>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}
