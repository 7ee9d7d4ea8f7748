import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { executorLabel, goalNumber, postLabel } from '@/components/strategy/labels';
import { ProgressValue } from '@/components/strategy/progress-value';
import { ScheduleBadge } from '@/components/strategy/schedule-badge';
import { DataTable, TableHead } from '@/components/ui/table';
import { formatNumber } from '@/lib/format';
import type { ScheduleStatus } from '@/lib/progress';

/*
 * The parts of the task card that the signed-in card (app/(app)/tasks/[id]) and the public card
 * (app/public/[lang]/tasks/[id]) show alike: its header lines, the summary of progress, schedule
 * and weight, the texts, the executor, partners, total cost and budget. Each page adds its own
 * stage grid and indicators (with what only it shows beside the values) and its own links.
 * The props name only the fields used, so the signed-in view and the public one both fit.
 */

interface PostShape {
  postName: string;
  function: string | null;
  department: string | null;
}

export interface CardShape {
  strategy: { name: string };
  goal: { number: number; title: string; owner: PostShape | null };
  program: { number: number; title: string; coordinator: PostShape | null };
  task: {
    number: number;
    title: string;
    weight: number;
    addressees: string;
    justification: string;
    description: string;
    plannedTotalCostText: string;
    budgetNote: string;
  };
  executor: PostShape | null;
  progress: number;
  plannedTotal: number;
  stages: readonly unknown[];
  schedule: {
    status: ScheduleStatus;
    asOfYear: number | null;
    cumulativeActual: number;
    cumulativePlanned: number;
    difference: number;
  };
  partners: readonly { id: number; name: string; scope: string }[];
  funding: readonly { id: number; source: string; valueText: string }[];
}

export function CardSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="border-t border-slate-200 pt-4">
      <h2 id={id} className="mb-2 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

async function TextOrNotGiven({ value }: { value: string }) {
  const t = await getTranslations('card');
  return value.trim() ? (
    <p className="whitespace-pre-line">{value}</p>
  ) : (
    <p className="text-slate-600">{t('notGiven')}</p>
  );
}

/** The card's header: the strategy, the goal and program with their posts, the task as the title. */
export async function CardHeader({ card, actions }: { card: CardShape; actions?: ReactNode }) {
  const t = await getTranslations('card');
  const s = await getTranslations('strategy');
  const goalLabel = s('goalLabel', { number: goalNumber(card.goal.number) });
  return (
    <header className="space-y-2">
      <div className="flex items-start justify-between gap-4">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
          {t('cardTitle')} · {card.strategy.name}
        </p>
        {actions}
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
  );
}

/** Progress, schedule and weight; a note when the plan does not add up to 100 points; the texts. */
export async function CardSummary({ card }: { card: CardShape }) {
  const t = await getTranslations('card');
  const locale = await getLocale();
  const num = (value: number) => formatNumber(value, locale);
  return (
    <>
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
        <TextOrNotGiven value={card.task.addressees} />
      </CardSection>
      <CardSection id="justification" title={t('justification')}>
        <TextOrNotGiven value={card.task.justification} />
      </CardSection>
      <CardSection id="description" title={t('description')}>
        <TextOrNotGiven value={card.task.description} />
      </CardSection>
    </>
  );
}

/** The executor and the partners, shown after the stage grid. */
export async function CardExecutorAndPartners({ card }: { card: CardShape }) {
  const t = await getTranslations('card');
  return (
    <>
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
    </>
  );
}

/** The total cost and the budget, shown after the indicators. */
export async function CardCostAndBudget({ card }: { card: CardShape }) {
  const t = await getTranslations('card');
  return (
    <>
      <CardSection id="total-cost" title={t('totalCost')}>
        <TextOrNotGiven value={card.task.plannedTotalCostText} />
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
    </>
  );
}
