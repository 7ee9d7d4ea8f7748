import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
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
 * Loads the official stage points of many tasks in one query, summed per task and year (a pure
 * reduction: the progress module sums cells anyway), and hands them to the progress module.
 */
export async function loadTaskProgress(
  db: Db,
  taskIds: readonly number[],
  span: { startYear: number; endYear: number },
  today: Date = new Date(),
): Promise<Map<number, TaskProgressSummary>> {
  const result = new Map<number, TaskProgressSummary>();
  if (taskIds.length === 0) return result;
  const rows = await db
    .select({
      taskId: stages.taskId,
      year: stageYears.year,
      planned: sql<string | null>`sum(${stageYears.plannedPoints})`,
      actual: sql<string | null>`sum(${stageYears.actualPoints})`,
    })
    .from(stageYears)
    .innerJoin(stages, eq(stages.id, stageYears.stageId))
    .where(and(inArray(stages.taskId, [...taskIds]), isNull(stages.archivedAt)))
    .groupBy(stages.taskId, stageYears.year);
  const cellsByTask = new Map<number, StageCell[]>();
  for (const row of rows) {
    const cells = cellsByTask.get(row.taskId) ?? [];
    cells.push({
      year: row.year,
      planned: row.planned === null ? null : Number(row.planned),
      actual: row.actual === null ? null : Number(row.actual),
    });
    cellsByTask.set(row.taskId, cells);
  }
  const asOf = assessmentYear(span, today);
  for (const taskId of taskIds) {
    const cells = cellsByTask.get(taskId) ?? [];
    result.set(taskId, { progress: taskProgress(cells), schedule: assessSchedule(cells, asOf) });
  }
  return result;
}
