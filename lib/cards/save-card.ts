import type { Tx } from '@/db/client';
import { fundingSources, indicatorYears, indicators, partners, stageYears, stages, tasks } from '@/db/schema';
import { readAmount, readIndicatorNumber, readPercent } from '@/lib/numbers';
import { addOpenYearReports } from '@/lib/reports/task-reports';
import type { CardData } from './types';

/**
 * Inserts a new task with every section of its card under an existing program, with its draft
 * report for every year open for reporting. Stage actuals and indicator values are written as the
 * card's values (imported history, not an approved report): callers use it for history only.
 */
export async function insertTaskCard(
  tx: Tx,
  programId: number,
  card: CardData,
  options: { weight?: number } = {},
): Promise<number> {
  const [task] = await tx
    .insert(tasks)
    .values({
      programId,
      number: card.task.number,
      title: card.task.title,
      weight: options.weight ?? 100,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      plannedTotalCostText: card.totalCost,
      plannedTotalCostAmount: readAmount(card.totalCost),
      budgetNote: card.budgetNote,
    })
    .returning({ id: tasks.id });
  if (!task) throw new Error('insert task returned nothing');

  for (const [index, stage] of card.stages.entries()) {
    const [row] = await tx
      .insert(stages)
      .values({ taskId: task.id, position: index + 1, number: stage.number, name: stage.name })
      .returning({ id: stages.id });
    if (!row) throw new Error('insert stage returned nothing');
    const cells = card.years.flatMap((year) => {
      const cell = stage.cells[year];
      return cell ? [{ stageId: row.id, year, plannedPoints: cell.planned, actualPoints: cell.actual }] : [];
    });
    if (cells.length > 0) await tx.insert(stageYears).values(cells);
  }

  if (card.partners.length > 0) {
    await tx
      .insert(partners)
      .values(card.partners.map((partner, index) => ({ taskId: task.id, position: index + 1, ...partner })));
  }

  for (const [index, indicator] of card.indicators.entries()) {
    const [row] = await tx
      .insert(indicators)
      .values({
        taskId: task.id,
        type: indicator.type,
        position: index + 1,
        name: indicator.name,
        source: indicator.source,
      })
      .returning({ id: indicators.id });
    if (!row) throw new Error('insert indicator returned nothing');
    const values = Object.entries(indicator.values).map(([year, text]) => ({
      indicatorId: row.id,
      year: Number(year),
      actualText: text,
      actualNumber: readIndicatorNumber(text),
    }));
    if (values.length > 0) await tx.insert(indicatorYears).values(values);
  }

  if (card.funding.length > 0) {
    await tx.insert(fundingSources).values(
      card.funding.map((funding, index) => ({
        taskId: task.id,
        position: index + 1,
        source: funding.source,
        valueText: funding.value,
        sharePercent: readPercent(funding.value),
        amount: readAmount(funding.value),
      })),
    );
  }
  // Like every task, a new one reports for the years open for reporting.
  await addOpenYearReports(tx, [task.id]);
  return task.id;
}
