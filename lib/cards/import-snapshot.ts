import { asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { fundingSources, partners, reports, tasks } from '@/db/schema';
import { round2, toRoman } from '@/lib/numbers';
import {
  type IndicatorRow,
  type StageRow,
  fundingColumns,
  loadIndicators,
  loadStages,
  taskTextColumns,
} from './card-writer';
import { type ImportMessage, importMessage } from './messages';
import type { CardCell, CardData } from './types';

/*
 * The import's first step: what a card would make of a saved task. The task as far as a card
 * describes it (a snapshot, compared before writing and stored in the audit log), which saved stage
 * and indicator each card row is, and the actuals that belong to the yearly reports.
 */

/** A task as far as a card describes it: compared before writing, stored in the audit log. */
export interface TaskSnapshot {
  task: ReturnType<typeof taskTextColumns>;
  stages: (Pick<CardData['stages'][number], 'number' | 'name'> & {
    cells: Record<string, NonNullable<CardCell>>;
  })[];
  partners: CardData['partners'];
  indicators: (Omit<CardData['indicators'][number], 'values'> & { values: Record<string, string> })[];
  funding: (CardData['funding'][number] & { sharePercent: number | null; amount: number | null })[];
}

/** numeric(…, 2) columns keep two decimals: a card's cell as the database will hold it. */
export function roundCell(cell: CardCell): CardCell {
  return cell ? { actual: round2(cell.actual), planned: round2(cell.planned) } : null;
}

/** The years a card speaks of: its grid's and those of its indicator values. */
export function cardYears(card: CardData): number[] {
  const years = new Set(card.years);
  for (const indicator of card.indicators)
    for (const year of Object.keys(indicator.values)) years.add(Number(year));
  return [...years].sort((a, b) => a - b);
}

/** The code of a card's task in notes: "I.3.1" (shown as "Zadanie I.3.1"). */
export function taskCode(card: CardData): string {
  return `${toRoman(card.goal.number)}.${card.program.number}.${card.task.number}`;
}

export function desiredSnapshot(card: CardData): TaskSnapshot {
  return {
    task: taskTextColumns({ ...card.task, totalCost: card.totalCost, budgetNote: card.budgetNote }),
    stages: card.stages.map((stage) => {
      const cells: Record<string, NonNullable<CardCell>> = {};
      for (const year of card.years) {
        const cell = roundCell(stage.cells[year] ?? null);
        if (cell && (cell.planned !== null || cell.actual !== null)) cells[year] = cell;
      }
      return { number: stage.number, name: stage.name, cells };
    }),
    partners: card.partners.map(({ name, scope }) => ({ name, scope })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(
        Object.entries(indicator.values).sort(([a], [b]) => Number(a) - Number(b)),
      ) as Record<string, string>,
    })),
    funding: card.funding.map((item) => {
      const { sharePercent, amount } = fundingColumns(item);
      return { source: item.source, value: item.value, sharePercent, amount };
    }),
  };
}

export async function loadSnapshot(tx: Tx, taskId: number, years: number[]): Promise<TaskSnapshot> {
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw new Error(`task ${taskId} not found`);
  const { rows: stageRows, cells: cellRows } = await loadStages(tx, taskId, { archived: false });
  const { rows: indicatorRows, values: valueRows } = await loadIndicators(tx, taskId, { archived: false });
  const partnerRows = await tx
    .select()
    .from(partners)
    .where(eq(partners.taskId, taskId))
    .orderBy(asc(partners.position), asc(partners.id));
  const fundingRows = await tx
    .select()
    .from(fundingSources)
    .where(eq(fundingSources.taskId, taskId))
    .orderBy(asc(fundingSources.position), asc(fundingSources.id));
  const inYears = new Set(years);

  return {
    task: {
      title: task.title,
      addressees: task.addressees,
      justification: task.justification,
      description: task.description,
      plannedTotalCostText: task.plannedTotalCostText,
      plannedTotalCostAmount: task.plannedTotalCostAmount,
      budgetNote: task.budgetNote,
    },
    stages: stageRows.map((stage) => {
      const cells: Record<string, NonNullable<CardCell>> = {};
      for (const cell of cellRows
        .filter((row) => row.stageId === stage.id && inYears.has(row.year))
        .sort((a, b) => a.year - b.year)) {
        if (cell.plannedPoints !== null || cell.actualPoints !== null) {
          cells[cell.year] = { actual: cell.actualPoints, planned: cell.plannedPoints };
        }
      }
      return { number: stage.number, name: stage.name, cells };
    }),
    partners: partnerRows.map(({ name, scope }) => ({ name, scope })),
    indicators: indicatorRows.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(
        valueRows
          .filter(
            (row) => row.indicatorId === indicator.id && inYears.has(row.year) && row.actualText !== null,
          )
          .sort((a, b) => a.year - b.year)
          .map((row) => [String(row.year), row.actualText as string]),
      ),
    })),
    funding: fundingRows.map((row) => ({
      source: row.source,
      value: row.valueText,
      sharePercent: row.sharePercent,
      amount: row.amount,
    })),
  };
}

/** Deep equality of plain JSON values (key order ignored). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

// ---------------------------------------------------------------------------------------------
// Matching the card with the saved task, and what belongs to the yearly reports

/** The saved stage of each card stage (by index): by number and name, else by position. */
export function matchStages(card: CardData, rows: StageRow[]): Map<number, StageRow> {
  const match = new Map<number, StageRow>();
  const used = new Set<number>();
  card.stages.forEach((stage, index) => {
    const exact = rows.find(
      (row) => !used.has(row.id) && row.number === stage.number && row.name === stage.name,
    );
    if (exact) {
      match.set(index, exact);
      used.add(exact.id);
    }
  });
  // A stage at the same place that kept its number or its name was renamed or renumbered; one
  // that kept neither is another stage (the old one goes, archived if it was reported on).
  card.stages.forEach((stage, index) => {
    if (match.has(index)) return;
    const atPosition = rows[index];
    if (
      atPosition &&
      !used.has(atPosition.id) &&
      (atPosition.number === stage.number || atPosition.name === stage.name)
    ) {
      match.set(index, atPosition);
      used.add(atPosition.id);
    }
  });
  return match;
}

/** The saved indicator of each card indicator (by index): by type and name. */
export function matchIndicators(card: CardData, rows: IndicatorRow[]): Map<number, IndicatorRow> {
  const match = new Map<number, IndicatorRow>();
  const used = new Set<number>();
  card.indicators.forEach((indicator, index) => {
    const row = rows.find(
      (candidate) =>
        !used.has(candidate.id) && candidate.type === indicator.type && candidate.name === indicator.name,
    );
    if (row) {
      match.set(index, row);
      used.add(row.id);
    }
  });
  return match;
}

/**
 * The card with the actuals (stage points done, indicator values) of every year that has a yearly
 * report, in any status, replaced by the saved ones: they are the reporting workflow's (submit,
 * accept, approve), an import must not change them. Plans stay as on the card. The notes name the
 * years where the card said otherwise; the preview shows them too.
 */
export async function keepReportedActuals<T extends CardData>(
  tx: Tx,
  taskId: number,
  card: T,
  task: string,
): Promise<{ card: T; notes: ImportMessage[]; reportedYears: Set<number> }> {
  const reportRows = await tx.select({ year: reports.year }).from(reports).where(eq(reports.taskId, taskId));
  const reportedYears = new Set(reportRows.map((row) => row.year));
  const years = cardYears(card).filter((year) => reportedYears.has(year));
  if (years.length === 0) return { card, notes: [], reportedYears };

  const saved = await loadStages(tx, taskId, { archived: false });
  const savedIndicators = await loadIndicators(tx, taskId, { archived: false });
  const stageMatch = matchStages(card, saved.rows);
  const indicatorMatch = matchIndicators(card, savedIndicators.rows);
  const differ = new Set<number>();
  const stagesKept = card.stages.map((stage, index) => {
    const row = stageMatch.get(index);
    const cells = { ...stage.cells };
    for (const year of years) {
      if (!card.years.includes(year)) continue;
      const cell = stage.cells[year] ?? null;
      const actual =
        saved.cells.find((have) => have.stageId === row?.id && have.year === year)?.actualPoints ?? null;
      if (round2(cell?.actual ?? null) !== actual) differ.add(year);
      const planned = cell?.planned ?? null;
      cells[year] = planned === null && actual === null ? null : { actual, planned };
    }
    return { ...stage, cells };
  });
  const indicatorsKept = card.indicators.map((indicator, index) => {
    const row = indicatorMatch.get(index);
    const values = { ...indicator.values };
    for (const year of years) {
      const text =
        savedIndicators.values.find((have) => have.indicatorId === row?.id && have.year === year)
          ?.actualText ?? null;
      if ((indicator.values[year] ?? null) !== text) differ.add(year);
      if (text === null) delete values[year];
      else values[year] = text;
    }
    return { ...indicator, values };
  });
  const notes = [...differ]
    .sort((a, b) => a - b)
    .map((year) => importMessage('commit.reportedYearKept', { task, year }));
  return { card: { ...card, stages: stagesKept, indicators: indicatorsKept }, notes, reportedYears };
}
