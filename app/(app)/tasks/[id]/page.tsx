import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable, TableHead } from '@/components/ui/table';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { IndicatorsTable, StageGrid } from '@/components/strategy/card-tables';
import { executorLabel, goalNumber, postLabel } from '@/components/strategy/labels';
import { PrintButton } from '@/components/strategy/print-button';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { TaskHistory } from '@/components/strategy/task-history';
import { formatNumber } from '@/lib/format';
import { pageById } from '@/server/page-data';
import { getTaskCard } from '@/lib/strategy/task-card';
import { listTaskReports } from '@/lib/reports/task-report-list';
import { ReportStatusBadge } from '@/components/reports/report-status-badge';
import { TextLink } from '@/components/ui/text-link';
import { can } from '@/lib/auth/permissions';
import { getTaskHistory } from '@/lib/strategy/task-history';

function CardSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="border-t border-slate-200 pt-4">
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

const data = pageById(async (db, user, id) => ({
  card: await getTaskCard(db, user, id),
  reports: await listTaskReports(db, user, id),
  history: await getTaskHistory(db, user, id),
}));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return data.title([(await params).id], ({ data: { card } }) => `${card.task.number}. ${card.task.title}`);
}

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const {
    user,
    data: { card, reports, history },
  } = await data((await params).id);
  const canManage = can(user, { action: 'program.manage', programId: card.program.id, goalId: card.goal.id });
  const tReport = await getTranslations('report');
  const pendingCell = (stageId: number, year: number) =>
    reports.find((report) => report.year === year)?.pending.find((value) => value.stageId === stageId)
      ?.actual ?? null;
  const t = await getTranslations('card');
  const s = await getTranslations('strategy');
  const common = await getTranslations('common');
  const locale = await getLocale();
  const goalLabel = s('goalLabel', { number: goalNumber(card.goal.number) });
  const num = (value: number) => formatNumber(value, locale);
  const text = (value: string) =>
    value.trim() ? (
      <p className="whitespace-pre-line">{value}</p>
    ) : (
      <p className="text-slate-600">{t('notGiven')}</p>
    );

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
        <header className="space-y-2">
          <div className="flex items-start justify-between gap-4">
            <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
              {t('cardTitle')} · {card.strategy.name}
            </p>
            <span className="no-print flex items-center gap-3">
              {canManage && (
                <TextLink href={`/tasks/${card.task.id}/edit`} className="text-sm font-medium">
                  {t('edit')}
                </TextLink>
              )}
              <PrintButton />
            </span>
          </div>
          <p className="text-sm text-slate-700">
            {goalLabel} – {card.goal.title} – {s('ownerInline')} {postLabel(card.goal.owner)}
          </p>
          <p className="text-sm text-slate-700">
            {card.program.number}. {card.program.title} – {s('coordinatorInline')}{' '}
            {postLabel(card.program.coordinator)}
          </p>
          <h1 className="text-2xl font-semibold">
            {card.task.number}. {card.task.title}
          </h1>
        </header>

        <dl className="grid gap-3 rounded border border-slate-200 bg-slate-50 p-4 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-slate-700">{t('taskProgress')}</dt>
            <dd data-testid="task-progress">
              <ProgressValue value={card.progress} />
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t('schedule')}</dt>
            <dd className="space-y-1">
              <ScheduleBadge status={card.schedule.status} />
              {card.schedule.asOfYear !== null && (
                <span className="block text-sm" data-testid="schedule-detail">
                  {t('scheduleDetail', {
                    year: card.schedule.asOfYear,
                    actual: num(card.schedule.cumulativeActual),
                    planned: num(card.schedule.cumulativePlanned),
                    difference: `${card.schedule.difference > 0 ? '+' : ''}${num(card.schedule.difference)}`,
                  })}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t('weightInProgram')}</dt>
            <dd className="font-semibold tabular-nums">{num(card.task.weight)}%</dd>
          </div>
        </dl>
        {Math.abs(card.plannedTotal - 100) > 0.005 && card.stages.length > 0 && (
          <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
            {t('planNot100', { total: num(card.plannedTotal) })}
          </p>
        )}

        <CardSection id="addressees" title={t('addressees')}>
          {text(card.task.addressees)}
        </CardSection>
        <CardSection id="justification" title={t('justification')}>
          {text(card.task.justification)}
        </CardSection>
        <CardSection id="description" title={t('description')}>
          {text(card.task.description)}
        </CardSection>

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

        <CardSection id="executor" title={t('executor')}>
          <p>{executorLabel(card.executor)}</p>
        </CardSection>

        <CardSection id="partners" title={t('partners')}>
          {card.partners.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <DataTable>
              <TableHead columns={[{ label: t('partnerName') }, { label: t('partnerScope') }]} />
              <tbody>
                {card.partners.map((partner) => (
                  <tr key={partner.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      {partner.name}
                    </th>
                    <td className="py-2">{partner.scope}</td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </CardSection>

        <CardSection id="indicators" title={t('indicators')}>
          <IndicatorsTable years={card.years} indicators={card.indicators} />
        </CardSection>

        <CardSection id="total-cost" title={t('totalCost')}>
          {text(card.task.plannedTotalCostText)}
        </CardSection>

        <CardSection id="budget" title={t('budget')}>
          {card.task.budgetNote && <p className="mb-2">{card.task.budgetNote}</p>}
          {card.funding.length === 0 ? (
            <p className="text-slate-600">{t('notGiven')}</p>
          ) : (
            <DataTable>
              <TableHead columns={[{ label: t('fundingSource') }, { label: t('fundingValue') }]} />
              <tbody>
                {card.funding.map((funding) => (
                  <tr key={funding.id} className="border-b border-slate-200">
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      {funding.source}
                    </th>
                    <td className="py-2 tabular-nums">{funding.valueText}</td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </CardSection>
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

      <TaskHistory history={history} />
    </div>
  );
}
