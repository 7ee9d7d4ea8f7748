import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { indicators, stages, tasks } from '@/db/schema';
import {
  deleteIndicators,
  deleteStages,
  indicatorsWithReportValues,
  insertIndicatorWithActuals,
  insertStageWithCells,
  loadIndicators,
  loadStages,
  replaceFunding,
  replacePartners,
  stagesWithReportValues,
  updateIndicator,
  updateStage,
  writeIndicatorValue,
  writeStageCell,
} from './card-writer';
import { type TaskSnapshot, cardYears, matchIndicators, matchStages, same } from './import-snapshot';
import { type ImportMessage, importMessage } from './messages';
import type { CardData } from './types';

/*
 * The import's second step: writing what differs between a card and its saved task, through the
 * card writer. Stages are matched by number and name (else by position), indicators by type and
 * name, so the rows that yearly reports point at keep their ids; a saved stage or indicator the
 * card no longer has is archived when a report points at it or it holds an actual of a year with a
 * report, deleted otherwise.
 */

/** Writes what differs; `card` already carries the saved actuals of reported years. */
export async function updateTaskInPlace(
  tx: Tx,
  taskId: number,
  card: CardData,
  desired: TaskSnapshot,
  current: TaskSnapshot,
  reportedYears: Set<number>,
  now: Date,
  note: (message: ImportMessage) => void,
  task: string,
) {
  // Any change is a new version of the task, not only one of its texts: a card editor opened
  // before the import must not save the old stages, partners or funding back over it.
  await tx
    .update(tasks)
    .set({
      ...(same(desired.task, current.task) ? {} : desired.task),
      updatedAt: now,
      version: sql`${tasks.version} + 1`,
    })
    .where(eq(tasks.id, taskId));

  await writeStages(tx, taskId, card, desired, reportedYears, now, note, task);
  if (!same(desired.partners, current.partners)) await replacePartners(tx, taskId, card.partners);
  await writeIndicators(tx, taskId, card, reportedYears, now, note, task);
  if (!same(desired.funding, current.funding)) await replaceFunding(tx, taskId, card.funding);
}

async function writeStages(
  tx: Tx,
  taskId: number,
  card: CardData,
  desired: TaskSnapshot,
  reportedYears: Set<number>,
  now: Date,
  note: (message: ImportMessage) => void,
  task: string,
) {
  const { rows: existingStages, cells: existingCells } = await loadStages(tx, taskId, { archived: false });
  const stageMatch = matchStages(card, existingStages);
  const usedStages = new Set([...stageMatch.values()].map((row) => row.id));
  for (const [index, stage] of card.stages.entries()) {
    const row = stageMatch.get(index);
    const cells = desired.stages[index]?.cells ?? {};
    const columns = { position: index + 1, number: stage.number, name: stage.name };
    if (!row) {
      const values = Object.entries(cells).map(([year, cell]) => ({ year: Number(year), ...cell }));
      await insertStageWithCells(tx, taskId, columns, values);
      continue;
    }
    if (row.number !== stage.number || row.name !== stage.name || row.position !== index + 1) {
      await updateStage(tx, taskId, row.id, columns);
    }
    for (const year of card.years) {
      const have = existingCells.find((cell) => cell.stageId === row.id && cell.year === year);
      await writeStageCell(tx, row.id, year, have, cells[year] ?? { planned: null, actual: null });
    }
  }
  const leftStages = existingStages.filter((row) => !usedStages.has(row.id));
  if (leftStages.length === 0) return;
  const reported = await stagesWithReportValues(
    tx,
    leftStages.map((row) => row.id),
  );
  // A stage that reported values point at, or that holds an actual of a year with a report (a
  // draft too), keeps its history: it is only hidden.
  const holding = new Set(
    existingCells
      .filter((cell) => cell.actualPoints !== null && reportedYears.has(cell.year))
      .map((cell) => cell.stageId),
  );
  for (const row of leftStages) {
    const reason = reported.has(row.id) ? 'reported' : holding.has(row.id) ? 'reportedYear' : null;
    if (reason) {
      await tx.update(stages).set({ archivedAt: now }).where(eq(stages.id, row.id));
      note(importMessage('commit.stageArchived', { task, name: row.name, reason }));
    } else {
      await deleteStages(tx, [row.id]);
    }
  }
}

/** Indicators: matched by type and name; only the actuals come from the card. */
async function writeIndicators(
  tx: Tx,
  taskId: number,
  card: CardData,
  reportedYears: Set<number>,
  now: Date,
  note: (message: ImportMessage) => void,
  task: string,
) {
  const { rows: existingIndicators, values: existingValues } = await loadIndicators(tx, taskId, {
    archived: false,
  });
  const indicatorMatch = matchIndicators(card, existingIndicators);
  const usedIndicators = new Set([...indicatorMatch.values()].map((row) => row.id));
  const years = cardYears(card);
  for (const [index, indicator] of card.indicators.entries()) {
    const row = indicatorMatch.get(index);
    if (!row) {
      const { type, name, source } = indicator;
      await insertIndicatorWithActuals(
        tx,
        taskId,
        { type, position: index + 1, name, source },
        indicator.values,
      );
      continue;
    }
    if (row.source !== indicator.source || row.position !== index + 1) {
      await updateIndicator(tx, taskId, row.id, { source: indicator.source, position: index + 1 });
    }
    for (const year of years) {
      const have = existingValues.find((value) => value.indicatorId === row.id && value.year === year);
      // A target set in the application stays; only the actual comes from the card.
      await writeIndicatorValue(tx, row.id, year, have, 'actual', indicator.values[year] ?? null);
    }
  }
  const leftIndicators = existingIndicators.filter((row) => !usedIndicators.has(row.id));
  if (leftIndicators.length === 0) return;
  const reported = await indicatorsWithReportValues(
    tx,
    leftIndicators.map((row) => row.id),
  );
  const holding = new Set(
    existingValues
      .filter((value) => value.actualText !== null && reportedYears.has(value.year))
      .map((value) => value.indicatorId),
  );
  for (const row of leftIndicators) {
    const reason = reported.has(row.id) ? 'reported' : holding.has(row.id) ? 'reportedYear' : null;
    if (reason) {
      await tx.update(indicators).set({ archivedAt: now }).where(eq(indicators.id, row.id));
      note(importMessage('commit.indicatorArchived', { task, name: row.name, reason }));
    } else {
      await deleteIndicators(tx, [row.id]);
    }
  }
}
