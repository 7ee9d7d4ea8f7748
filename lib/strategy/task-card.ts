import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { preparedOnce } from '@/db/prepared';
import { tasks, type IndicatorType } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { notFound } from '@/lib/errors';
import { assertId } from '@/lib/ids';
import {
  type ScheduleAssessment,
  type StageCell,
  type YearTotals,
  assessSchedule,
  assessmentYear,
  plannedTotal,
  taskProgress,
  yearTotals,
} from '@/lib/progress';
import type { StrategyHeader } from './goal-tree';
import { type PostLabel, loadRoleHolders } from './role-holders';
import { spanYears } from './span';

/*
 * The task card's view: every section of the card with its progress, schedule and the posts that
 * hold it, for the card page, its print and the import's comparison.
 */

/** A cell of the card's stage grid as typed: x/y%. */
export type CardCell = Omit<StageCell, 'stageId'>;

export interface TaskCardView {
  strategy: StrategyHeader;
  years: number[];
  goal: { id: number; number: number; title: string; owner: PostLabel | null };
  program: { id: number; number: number; title: string; coordinator: PostLabel | null };
  task: {
    id: number;
    number: number;
    title: string;
    weight: number;
    addressees: string;
    justification: string;
    description: string;
    plannedTotalCostText: string;
    plannedTotalCostAmount: number | null;
    budgetNote: string;
  };
  executor: PostLabel | null;
  stages: { id: number; number: number | null; name: string; cells: Record<number, CardCell | null> }[];
  yearTotals: YearTotals[];
  progress: number;
  plannedTotal: number;
  schedule: ScheduleAssessment;
  partners: { id: number; name: string; scope: string }[];
  indicators: {
    id: number;
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    years: Record<
      number,
      {
        targetText: string | null;
        targetNumber: number | null;
        actualText: string | null;
        actualNumber: number | null;
      }
    >;
  }[];
  funding: {
    id: number;
    source: string;
    valueText: string;
    sharePercent: number | null;
    amount: number | null;
  }[];
}

/** The task card: every section of the seed card, from one relational query plus the posts. */
export async function getTaskCard(db: Db, user: CurrentUser | null, taskId: number): Promise<TaskCardView> {
  assertCan(user, { action: 'strategy.read' });
  assertId(taskId);
  const card = await loadTaskCard(db, taskId);
  if (!card) throw notFound();
  return card;
}

/**
 * The card's loader without a reader: the signed-in card (getTaskCard, after its permission check)
 * and the public card (lib/public, after its publication check) both call it. Null when no such task.
 */
/** What the card's relational query takes with a task: its place, stages, partners, indicators, funding. */
const cardRelations = {
  program: { with: { goal: { with: { strategy: true } } } },
  stages: {
    where: (stage, { isNull: none }) => none(stage.archivedAt),
    orderBy: (stage, { asc: up }) => [up(stage.position)],
    with: { years: true },
  },
  partners: { orderBy: (partner, { asc: up }) => [up(partner.position)] },
  indicators: {
    where: (indicator, { isNull: none }) => none(indicator.archivedAt),
    orderBy: (indicator, { asc: up }) => [up(indicator.position)],
    with: { years: true },
  },
  fundingSources: { orderBy: (funding, { asc: up }) => [up(funding.position)] },
} satisfies NonNullable<Parameters<Db['query']['tasks']['findFirst']>[0]>['with'];

type CardRow = NonNullable<Awaited<ReturnType<typeof findCard>>>;
type Holders = Awaited<ReturnType<typeof loadRoleHolders>>;

function findCard(db: Db, taskId: number) {
  return preparedOnce(db, 'task_card', (db) =>
    db.query.tasks.findFirst({ where: eq(tasks.id, sql.placeholder('taskId')), with: cardRelations }),
  ).execute({ taskId });
}

export async function loadTaskCard(db: Db, taskId: number): Promise<TaskCardView | null> {
  const row = await findCard(db, taskId);
  if (!row) return null;
  const holders = await loadRoleHolders(db, {
    goalIds: [row.program.goal.id],
    programIds: [row.program.id],
    taskIds: [row.id],
  });
  return toCardView(row, holders);
}

/**
 * Many cards in two queries (the relational one and the posts), whatever their number: the whole
 * strategy's download reads 600 cards this way, not 600 times the single card's queries.
 */
export async function loadTaskCards(db: Db, taskIds: readonly number[]): Promise<Map<number, TaskCardView>> {
  const cards = new Map<number, TaskCardView>();
  if (taskIds.length === 0) return cards;
  const rows = await db.query.tasks.findMany({
    where: inArray(tasks.id, [...taskIds]),
    with: cardRelations,
  });
  const holders = await loadRoleHolders(db, {
    goalIds: [...new Set(rows.map((row) => row.program.goal.id))],
    programIds: [...new Set(rows.map((row) => row.program.id))],
    taskIds: rows.map((row) => row.id),
  });
  for (const row of rows) cards.set(row.id, toCardView(row, holders));
  return cards;
}

function toCardView(row: CardRow, holders: Holders): TaskCardView {
  const { program } = row;
  const { goal } = program;
  const { strategy } = goal;
  const years = spanYears(strategy);

  const stageViews = row.stages.map((stage) => {
    const cells: Record<number, CardCell | null> = {};
    for (const year of years) {
      const cell = stage.years.find((candidate) => candidate.year === year);
      cells[year] =
        cell && (cell.plannedPoints !== null || cell.actualPoints !== null)
          ? { year, planned: cell.plannedPoints, actual: cell.actualPoints }
          : null;
    }
    return { id: stage.id, number: stage.number, name: stage.name, cells };
  });
  const allCells: StageCell[] = stageViews.flatMap((stage) =>
    Object.values(stage.cells).flatMap((cell) => (cell ? [{ ...cell, stageId: stage.id }] : [])),
  );

  return {
    strategy: {
      id: strategy.id,
      name: strategy.name,
      cityName: strategy.cityName,
      startYear: strategy.startYear,
      endYear: strategy.endYear,
    },
    years,
    goal: { id: goal.id, number: goal.number, title: goal.title, owner: holders.owners.get(goal.id) ?? null },
    program: {
      id: program.id,
      number: program.number,
      title: program.title,
      coordinator: holders.coordinators.get(program.id) ?? null,
    },
    task: {
      id: row.id,
      number: row.number,
      title: row.title,
      weight: row.weight,
      addressees: row.addressees,
      justification: row.justification,
      description: row.description,
      plannedTotalCostText: row.plannedTotalCostText,
      plannedTotalCostAmount: row.plannedTotalCostAmount,
      budgetNote: row.budgetNote,
    },
    executor: holders.executors.get(row.id) ?? null,
    stages: stageViews,
    yearTotals: yearTotals(allCells, years),
    progress: taskProgress(allCells),
    plannedTotal: plannedTotal(allCells),
    schedule: assessSchedule(allCells, assessmentYear(strategy)),
    partners: row.partners.map(({ id, name, scope }) => ({ id, name, scope })),
    indicators: row.indicators.map((indicator) => ({
      id: indicator.id,
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      unit: indicator.unit,
      years: Object.fromEntries(
        indicator.years.map((value) => [
          value.year,
          {
            targetText: value.targetText,
            targetNumber: value.targetNumber,
            actualText: value.actualText,
            actualNumber: value.actualNumber,
          },
        ]),
      ),
    })),
    funding: row.fundingSources.map(({ id, source, valueText, sharePercent, amount }) => ({
      id,
      source,
      valueText,
      sharePercent,
      amount,
    })),
  };
}
