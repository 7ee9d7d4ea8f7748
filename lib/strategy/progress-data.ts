import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { stageYears, stages } from '@/db/schema';
import {
  type ScheduleAssessment,
  type StageCell,
  assessSchedule,
  assessmentYear,
  taskProgress,
} from '@/lib/progress';

export interface TaskProgressSummary {
  progress: number;
  schedule: ScheduleAssessment;
}

/**
 * The official stage points of many tasks in one query, one cell per stage and year (the progress
 * module caps each stage at its plan, so the stages are kept apart); archived stages left out.
 */
export async function loadTaskCells(db: Tx, taskIds: readonly number[]): Promise<Map<number, StageCell[]>> {
  const cellsByTask = new Map<number, StageCell[]>();
  if (taskIds.length === 0) return cellsByTask;
  const rows = await db
    .select({
      taskId: stages.taskId,
      stageId: stageYears.stageId,
      year: stageYears.year,
      planned: stageYears.plannedPoints,
      actual: stageYears.actualPoints,
    })
    .from(stageYears)
    .innerJoin(stages, eq(stages.id, stageYears.stageId))
    .where(and(inArray(stages.taskId, [...taskIds]), isNull(stages.archivedAt)));
  for (const row of rows) {
    const cells = cellsByTask.get(row.taskId) ?? [];
    cells.push({ stageId: row.stageId, year: row.year, planned: row.planned, actual: row.actual });
    cellsByTask.set(row.taskId, cells);
  }
  return cellsByTask;
}

/** Each task's progress and schedule, from its official stage points (lib/progress.ts decides). */
export async function loadTaskProgress(
  db: Db,
  taskIds: readonly number[],
  span: { startYear: number; endYear: number },
  today: Date = new Date(),
): Promise<Map<number, TaskProgressSummary>> {
  const result = new Map<number, TaskProgressSummary>();
  if (taskIds.length === 0) return result;
  const cellsByTask = await loadTaskCells(db, taskIds);
  const asOf = assessmentYear(span, today);
  for (const taskId of taskIds) {
    const cells = cellsByTask.get(taskId) ?? [];
    result.set(taskId, { progress: taskProgress(cells), schedule: assessSchedule(cells, asOf) });
  }
  return result;
}
