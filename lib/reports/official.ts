import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { indicatorYears, stageYears } from '@/db/schema';
import { loadPlan, loadReportValues } from './report-context';

/*
 * The task card's official values of a year, as an approval sets them and a withdrawn approval
 * puts them back: the report's values become the official ones, and the ones they replaced are
 * kept with the report (`reports.official_before`) to be restored.
 */

export interface OfficialSnapshot {
  stages: { stageId: number; actual: number | null }[];
  indicators: { indicatorId: number; actualText: string | null; actualNumber: number | null }[];
}

/** The task card's official values of the year. */
export async function readOfficial(tx: Tx, taskId: number, year: number): Promise<OfficialSnapshot> {
  const { stageRows, indicatorRows } = await loadPlan(tx, taskId, year);
  return {
    stages: stageRows.map((row) => ({ stageId: row.stageId, actual: row.official })),
    indicators: indicatorRows.map((row) => ({
      indicatorId: row.indicatorId,
      actualText: row.officialText,
      actualNumber: row.officialNumber,
    })),
  };
}

/** Makes the given values the task card's official actuals of the year. */
async function writeOfficial(tx: Tx, year: number, snapshot: OfficialSnapshot) {
  for (const stage of snapshot.stages) {
    if (stage.actual === null) {
      await tx
        .update(stageYears)
        .set({ actualPoints: null })
        .where(and(eq(stageYears.stageId, stage.stageId), eq(stageYears.year, year)));
    } else {
      await tx
        .insert(stageYears)
        .values({ stageId: stage.stageId, year, plannedPoints: null, actualPoints: stage.actual })
        .onConflictDoUpdate({
          target: [stageYears.stageId, stageYears.year],
          set: { actualPoints: stage.actual },
        });
    }
  }
  for (const indicator of snapshot.indicators) {
    await tx
      .insert(indicatorYears)
      .values({
        indicatorId: indicator.indicatorId,
        year,
        actualText: indicator.actualText,
        actualNumber: indicator.actualNumber,
      })
      .onConflictDoUpdate({
        target: [indicatorYears.indicatorId, indicatorYears.year],
        set: { actualText: indicator.actualText, actualNumber: indicator.actualNumber },
      });
  }
}

/**
 * An approval: the report's values become the official ones of every stage and indicator that
 * were official before it (`before`, read in the same transaction); a stage or indicator the
 * report leaves empty has no official value any more.
 */
export async function applyReportValues(
  tx: Tx,
  reportId: number,
  year: number,
  before: OfficialSnapshot,
): Promise<void> {
  const values = await loadReportValues(tx, reportId);
  const reportedStage = new Map(values.stageValues.map((value) => [value.stageId, value.actual]));
  const reportedIndicator = new Map(values.indicatorValues.map((value) => [value.indicatorId, value]));
  await writeOfficial(tx, year, {
    stages: before.stages.map((stage) => ({
      stageId: stage.stageId,
      actual: reportedStage.get(stage.stageId) ?? null,
    })),
    indicators: before.indicators.map((indicator) => {
      const reported = reportedIndicator.get(indicator.indicatorId);
      return {
        indicatorId: indicator.indicatorId,
        actualText: reported?.actualText ?? null,
        actualNumber: reported?.actualNumber ?? null,
      };
    }),
  });
}

/**
 * A withdrawn approval: back to the values that were official before it (none for imported
 * history, whose snapshot is null), for every stage and indicator the task has now.
 */
export async function restoreOfficial(
  tx: Tx,
  taskId: number,
  year: number,
  snapshot: OfficialSnapshot | null,
): Promise<void> {
  const kept = snapshot ?? { stages: [], indicators: [] };
  const current = await readOfficial(tx, taskId, year);
  const stageBefore = new Map(kept.stages.map((stage) => [stage.stageId, stage.actual]));
  const indicatorBefore = new Map(kept.indicators.map((indicator) => [indicator.indicatorId, indicator]));
  await writeOfficial(tx, year, {
    stages: current.stages.map((stage) => ({
      stageId: stage.stageId,
      actual: stageBefore.get(stage.stageId) ?? null,
    })),
    indicators: current.indicators.map((indicator) => ({
      indicatorId: indicator.indicatorId,
      actualText: indicatorBefore.get(indicator.indicatorId)?.actualText ?? null,
      actualNumber: indicatorBefore.get(indicator.indicatorId)?.actualNumber ?? null,
    })),
  });
}
