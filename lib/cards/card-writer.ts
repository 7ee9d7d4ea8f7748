import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import {
  fundingSources,
  indicatorYears,
  indicators,
  partners,
  reportIndicatorValues,
  reportStageValues,
  stageYears,
  stages,
  tasks,
} from '@/db/schema';
import { readAmount, readIndicatorNumber, readPercent, round2 } from '@/lib/numbers';
import { addOpenYearReports } from '@/lib/reports/task-reports';
import type { CardData } from './types';

/*
 * The one writer of a task card's sections: the task's texts, its stages and their year cells, its
 * indicators and their year values, partners and funding. Three callers use it, each with its own
 * rules on top: the card editor (lib/strategy/task-card-save.ts: rows by id, plans and targets only),
 * the import's update in place (lib/cards/import-write.ts: rows matched by number and name, plans and
 * actuals, reported actuals kept) and `insertTaskCard` (a new task: the import's create, the seed,
 * the tests). What the database keeps of a number (two decimals, numeric(…, 2)) is decided here.
 */

export type StageRow = typeof stages.$inferSelect;
export type StageYearRow = typeof stageYears.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type IndicatorYearRow = typeof indicatorYears.$inferSelect;

/** The card's texts as task columns; the total cost is read as an amount (to the grosz) too. */
export function taskTextColumns(card: {
  title: string;
  addressees: string;
  justification: string;
  description: string;
  totalCost: string;
  budgetNote: string;
}) {
  return {
    title: card.title,
    addressees: card.addressees,
    justification: card.justification,
    description: card.description,
    plannedTotalCostText: card.totalCost,
    plannedTotalCostAmount: round2(readAmount(card.totalCost)),
    budgetNote: card.budgetNote,
  };
}

/** A funding row as stored: the typed value, and the share (%) or the amount (zł) read from it. */
export function fundingColumns(row: { source: string; value: string }) {
  return {
    source: row.source,
    valueText: row.value,
    sharePercent: round2(readPercent(row.value)),
    amount: round2(readAmount(row.value)),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading what a task holds

/** A task's stages in card order with their year cells; `archived`: the hidden ones too. */
export async function loadStages(
  tx: Tx,
  taskId: number,
  options: { archived: boolean },
): Promise<{ rows: StageRow[]; cells: StageYearRow[] }> {
  const rows = await tx
    .select()
    .from(stages)
    .where(
      options.archived
        ? eq(stages.taskId, taskId)
        : and(eq(stages.taskId, taskId), isNull(stages.archivedAt)),
    )
    .orderBy(asc(stages.position), asc(stages.id));
  const ids = rows.map((row) => row.id);
  const cells = ids.length ? await tx.select().from(stageYears).where(inArray(stageYears.stageId, ids)) : [];
  return { rows, cells };
}

/** A task's indicators in card order with their year values; `archived`: the hidden ones too. */
export async function loadIndicators(
  tx: Tx,
  taskId: number,
  options: { archived: boolean },
): Promise<{ rows: IndicatorRow[]; values: IndicatorYearRow[] }> {
  const rows = await tx
    .select()
    .from(indicators)
    .where(
      options.archived
        ? eq(indicators.taskId, taskId)
        : and(eq(indicators.taskId, taskId), isNull(indicators.archivedAt)),
    )
    .orderBy(asc(indicators.position), asc(indicators.id));
  const ids = rows.map((row) => row.id);
  const values = ids.length
    ? await tx.select().from(indicatorYears).where(inArray(indicatorYears.indicatorId, ids))
    : [];
  return { rows, values };
}

/** The stages among `ids` that values of a yearly report point at (report_stage_values). */
export async function stagesWithReportValues(tx: Tx, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ id: reportStageValues.stageId })
    .from(reportStageValues)
    .where(inArray(reportStageValues.stageId, ids));
  return new Set(rows.map((row) => row.id));
}

/** The indicators among `ids` that values of a yearly report point at (report_indicator_values). */
export async function indicatorsWithReportValues(tx: Tx, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ id: reportIndicatorValues.indicatorId })
    .from(reportIndicatorValues)
    .where(inArray(reportIndicatorValues.indicatorId, ids));
  return new Set(rows.map((row) => row.id));
}

// ---------------------------------------------------------------------------------------------
// Stages and their cells

type StageColumns = { position: number; number: number | null; name: string; archivedAt?: Date | null };

export async function insertStage(tx: Tx, taskId: number, values: StageColumns): Promise<number> {
  const [row] = await tx
    .insert(stages)
    .values({ taskId, ...values })
    .returning({ id: stages.id });
  if (!row) throw new Error('insert stage returned nothing');
  return row.id;
}

/** Changes a stage of this task (the task in the WHERE: a row id from elsewhere changes nothing). */
export async function updateStage(tx: Tx, taskId: number, stageId: number, values: Partial<StageColumns>) {
  await tx
    .update(stages)
    .set(values)
    .where(and(eq(stages.id, stageId), eq(stages.taskId, taskId)));
}

/** A new stage with its cells as the card has them (a `-` cell is no row). */
export async function insertStageWithCells(
  tx: Tx,
  taskId: number,
  values: StageColumns,
  cells: { year: number; planned: number | null; actual: number | null }[],
): Promise<number> {
  const stageId = await insertStage(tx, taskId, values);
  if (cells.length > 0) {
    await tx.insert(stageYears).values(
      cells.map((cell) => ({
        stageId,
        year: cell.year,
        plannedPoints: round2(cell.planned),
        actualPoints: round2(cell.actual),
      })),
    );
  }
  return stageId;
}

/**
 * Makes a stage's cell of one year what `next` says: inserted, changed, or removed when it holds
 * nothing any more. Returns whether anything was written. `have` is the saved cell, if any.
 */
export async function writeStageCell(
  tx: Tx,
  stageId: number,
  year: number,
  have: StageYearRow | undefined,
  next: { planned: number | null; actual: number | null },
): Promise<boolean> {
  const planned = round2(next.planned);
  const actual = round2(next.actual);
  if ((have?.plannedPoints ?? null) === planned && (have?.actualPoints ?? null) === actual) return false;
  const where = and(eq(stageYears.stageId, stageId), eq(stageYears.year, year));
  if (planned === null && actual === null) {
    if (have) await tx.delete(stageYears).where(where);
  } else if (!have) {
    await tx.insert(stageYears).values({ stageId, year, plannedPoints: planned, actualPoints: actual });
  } else {
    await tx.update(stageYears).set({ plannedPoints: planned, actualPoints: actual }).where(where);
  }
  return true;
}

/** Deletes stages with their cells (the caller has checked that no report points at them). */
export async function deleteStages(tx: Tx, ids: number[]) {
  if (ids.length === 0) return;
  await tx.delete(stageYears).where(inArray(stageYears.stageId, ids));
  await tx.delete(stages).where(inArray(stages.id, ids));
}

// ---------------------------------------------------------------------------------------------
// Indicators and their year values

type IndicatorColumns = {
  type: CardData['indicators'][number]['type'];
  position: number;
  name: string;
  source: string;
  unit?: string;
  archivedAt?: Date | null;
};

export async function insertIndicator(tx: Tx, taskId: number, values: IndicatorColumns): Promise<number> {
  const [row] = await tx
    .insert(indicators)
    .values({ taskId, ...values })
    .returning({ id: indicators.id });
  if (!row) throw new Error('insert indicator returned nothing');
  return row.id;
}

/** Changes an indicator of this task (the task in the WHERE). */
export async function updateIndicator(
  tx: Tx,
  taskId: number,
  indicatorId: number,
  values: Partial<IndicatorColumns>,
) {
  await tx
    .update(indicators)
    .set(values)
    .where(and(eq(indicators.id, indicatorId), eq(indicators.taskId, taskId)));
}

/** A new indicator with the actual values of the card (year → text as written). */
export async function insertIndicatorWithActuals(
  tx: Tx,
  taskId: number,
  values: IndicatorColumns,
  actuals: Record<number, string>,
): Promise<number> {
  const indicatorId = await insertIndicator(tx, taskId, values);
  const rows = Object.entries(actuals).map(([year, text]) => ({
    indicatorId,
    year: Number(year),
    actualText: text,
    actualNumber: readIndicatorNumber(text),
  }));
  if (rows.length > 0) await tx.insert(indicatorYears).values(rows);
  return indicatorId;
}

/**
 * Sets an indicator's target or actual of one year (the text as typed, and the number read from
 * it), leaving the other as it is; a year left with neither is removed. Returns whether anything
 * was written. `have` is the saved row, if any.
 */
export async function writeIndicatorValue(
  tx: Tx,
  indicatorId: number,
  year: number,
  have: IndicatorYearRow | undefined,
  kind: 'target' | 'actual',
  text: string | null,
): Promise<boolean> {
  const current = (kind === 'target' ? have?.targetText : have?.actualText) ?? null;
  if (current === text) return false;
  const other = (kind === 'target' ? have?.actualText : have?.targetText) ?? null;
  const number = text === null ? null : readIndicatorNumber(text);
  const set =
    kind === 'target'
      ? { targetText: text, targetNumber: number }
      : { actualText: text, actualNumber: number };
  const where = and(eq(indicatorYears.indicatorId, indicatorId), eq(indicatorYears.year, year));
  if (!have) await tx.insert(indicatorYears).values({ indicatorId, year, ...set });
  else if (text === null && other === null) await tx.delete(indicatorYears).where(where);
  else await tx.update(indicatorYears).set(set).where(where);
  return true;
}

/** Deletes indicators with their year values (the caller has checked that no report points at them). */
export async function deleteIndicators(tx: Tx, ids: number[]) {
  if (ids.length === 0) return;
  await tx.delete(indicatorYears).where(inArray(indicatorYears.indicatorId, ids));
  await tx.delete(indicators).where(inArray(indicators.id, ids));
}

// ---------------------------------------------------------------------------------------------
// Partners and funding: lists without history, replaced whole

export async function replacePartners(
  tx: Tx,
  taskId: number,
  rows: readonly { name: string; scope: string }[],
) {
  await tx.delete(partners).where(eq(partners.taskId, taskId));
  if (rows.length > 0) {
    await tx
      .insert(partners)
      .values(rows.map((row, index) => ({ taskId, position: index + 1, name: row.name, scope: row.scope })));
  }
}

export async function replaceFunding(
  tx: Tx,
  taskId: number,
  rows: readonly { source: string; value: string }[],
) {
  await tx.delete(fundingSources).where(eq(fundingSources.taskId, taskId));
  if (rows.length > 0) {
    await tx
      .insert(fundingSources)
      .values(rows.map((row, index) => ({ taskId, position: index + 1, ...fundingColumns(row) })));
  }
}

// ---------------------------------------------------------------------------------------------
// A new task from a card

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
      weight: options.weight ?? 100,
      ...taskTextColumns({ ...card.task, totalCost: card.totalCost, budgetNote: card.budgetNote }),
    })
    .returning({ id: tasks.id });
  if (!task) throw new Error('insert task returned nothing');

  for (const [index, stage] of card.stages.entries()) {
    const cells = card.years.flatMap((year) => {
      const cell = stage.cells[year];
      return cell ? [{ year, ...cell }] : [];
    });
    await insertStageWithCells(
      tx,
      task.id,
      { position: index + 1, number: stage.number, name: stage.name },
      cells,
    );
  }
  await replacePartners(tx, task.id, card.partners);
  for (const [index, indicator] of card.indicators.entries()) {
    const { type, name, source } = indicator;
    await insertIndicatorWithActuals(
      tx,
      task.id,
      { type, position: index + 1, name, source },
      indicator.values,
    );
  }
  await replaceFunding(tx, task.id, card.funding);
  // Like every task, a new one reports for the years open for reporting.
  await addOpenYearReports(tx, [task.id]);
  return task.id;
}
