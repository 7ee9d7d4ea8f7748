import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { reports } from '@/db/schema';
import { indicatorValueSource, pointsSource } from '@/lib/reports/indicator-values';
import { type TaskCardView, loadTaskCard, loadTaskCards } from '@/lib/strategy/task-card';
import {
  type HeaderRow,
  publishedStrategy,
  strategyOfRecord,
  toHeader,
  toPost,
  toSchedule,
} from './published';
import type { PublicTaskCard } from './types';

/*
 * The public task card: the signed-in card's loader (lib/strategy/task-card.ts) mapped onto the
 * public type, with where each year's values come from (an approved report, or the card's history).
 * One card, or every card of a published strategy at once (the whole strategy's download).
 */

/** The whole task card as the seed shows it, with where each year's values come from. */
export async function getPublicTask(
  db: Db,
  taskId: number,
  today: Date = new Date(),
): Promise<PublicTaskCard | null> {
  const strategy = await strategyOfRecord(db, { taskId }, today);
  if (!strategy) return null;
  const [card, approvedRows] = await Promise.all([
    loadTaskCard(db, taskId),
    // Only the fact that a year's report is approved; never a report in another state.
    db
      .select({ year: reports.year })
      .from(reports)
      .where(and(eq(reports.taskId, taskId), eq(reports.status, 'approved'))),
  ]);
  if (!card) return null;
  return toPublicCard(strategy, card, new Set(approvedRows.map((row) => row.year)));
}

/**
 * Every public card of a published strategy (its goals, programs and tasks that are not archived),
 * in three queries whatever their number: the whole strategy's download. Null when not published.
 */
export async function getPublicTaskCards(
  db: Db,
  strategyId: number,
  taskIds: readonly number[],
  today: Date = new Date(),
): Promise<Map<number, PublicTaskCard> | null> {
  const strategy = await publishedStrategy(db, strategyId, today);
  if (!strategy) return null;
  const cards = await loadTaskCards(db, taskIds);
  const approvedRows =
    taskIds.length === 0
      ? []
      : await db
          .select({ taskId: reports.taskId, year: reports.year })
          .from(reports)
          .where(and(inArray(reports.taskId, [...taskIds]), eq(reports.status, 'approved')));
  const result = new Map<number, PublicTaskCard>();
  for (const [taskId, card] of cards) {
    // Only the strategy's own tasks: an id of another strategy's task is not read here.
    if (card.strategy.id !== strategy.id) continue;
    const approvedYears = new Set(approvedRows.filter((row) => row.taskId === taskId).map((row) => row.year));
    result.set(taskId, toPublicCard(strategy, card, approvedYears));
  }
  return result;
}

function toPublicCard(
  strategy: HeaderRow,
  card: TaskCardView,
  approvedYears: ReadonlySet<number>,
): PublicTaskCard {
  return {
    strategy: toHeader(strategy),
    years: [...card.years],
    goal: {
      id: card.goal.id,
      number: card.goal.number,
      title: card.goal.title,
      owner: toPost(card.goal.owner),
    },
    program: {
      id: card.program.id,
      number: card.program.number,
      title: card.program.title,
      coordinator: toPost(card.program.coordinator),
    },
    task: {
      id: card.task.id,
      number: card.task.number,
      title: card.task.title,
      weight: card.task.weight,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      plannedTotalCostText: card.task.plannedTotalCostText,
      plannedTotalCostAmount: card.task.plannedTotalCostAmount,
      budgetNote: card.task.budgetNote,
    },
    executor: toPost(card.executor),
    stages: card.stages.map((stage) => ({
      id: stage.id,
      number: stage.number,
      name: stage.name,
      cells: Object.fromEntries(
        card.years.map((year) => {
          const cell = stage.cells[year];
          return [year, cell ? { year, planned: cell.planned, actual: cell.actual } : null];
        }),
      ),
    })),
    yearTotals: card.yearTotals.map((total) => ({
      year: total.year,
      planned: total.planned,
      actual: total.actual,
      cumulativePlanned: total.cumulativePlanned,
      cumulativeActual: total.cumulativeActual,
      status: total.status,
      pointsSource: pointsSource(
        approvedYears.has(total.year),
        card.stages.flatMap((stage) => {
          const cell = stage.cells[total.year];
          return cell ? [{ ...cell, stageId: stage.id }] : [];
        }),
      ),
    })),
    progress: card.progress,
    plannedTotal: card.plannedTotal,
    schedule: toSchedule(card.schedule),
    partners: card.partners.map(({ id, name, scope }) => ({ id, name, scope })),
    indicators: card.indicators.map((indicator) => ({
      id: indicator.id,
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      unit: indicator.unit,
      years: Object.fromEntries(
        Object.entries(indicator.years).map(([year, value]) => [
          Number(year),
          {
            targetText: value.targetText,
            targetNumber: value.targetNumber,
            actualText: value.actualText,
            actualNumber: value.actualNumber,
            actualSource: indicatorValueSource(value.actualText, approvedYears.has(Number(year))),
          },
        ]),
      ),
    })),
    funding: card.funding.map(({ id, source, valueText, sharePercent, amount }) => ({
      id,
      source,
      valueText,
      sharePercent,
      amount,
    })),
  };
}
