/**
 * The one place for the strategy's arithmetic: task progress, program and goal roll-ups and whether a
 * task is on schedule. Every screen and export calls these functions; nothing else computes them.
 *
 * A stage cell `x/y%` means x points achieved of the y planned that year, both as shares of the whole
 * task (see DOMAIN.md). Planned points of a task sum to 100.
 */

import { round2 } from './numbers';

export interface StageCell {
  /** The stage the cell belongs to: a stage counts at most at its plan (see countedProgress). */
  stageId: number;
  year: number;
  planned: number | null;
  actual: number | null;
}

export type ScheduleStatus = 'behind' | 'on' | 'ahead' | 'not_started';

/** Points are stored with two decimals; comparisons use half of the last digit as tolerance. */
const EPSILON = 0.005;

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return round2(total);
}

/** A task's progress never passes this, whatever was reported. */
export const MAX_PROGRESS = 100;

/**
 * Whether a stage's done points over all years exceed its planned points (over all years). A year may
 * run ahead of that year's plan; the stage as a whole may not without an explicit, recorded
 * confirmation. The report form, the report's server action, the card editor and the card import
 * all ask this one function.
 */
export function exceedsPlan(plannedPoints: number | null, donePoints: number | null): boolean {
  return (donePoints ?? 0) > (plannedPoints ?? 0) + EPSILON;
}

/** Per stage: planned points over all years, and done points over all years (or up to a year). */
export function stageTotals(
  cells: readonly StageCell[],
  upToYear: number | null = null,
): Map<number, { planned: number; done: number }> {
  const totals = new Map<number, { planned: number; done: number }>();
  for (const cell of cells) {
    const entry = totals.get(cell.stageId) ?? { planned: 0, done: 0 };
    entry.planned = round2(entry.planned + (cell.planned ?? 0));
    if (upToYear === null || cell.year <= upToYear) entry.done = round2(entry.done + (cell.actual ?? 0));
    totals.set(cell.stageId, entry);
  }
  return totals;
}

/** The stages whose done points over all years exceed their plan. */
export function stagesOverPlan(cells: readonly StageCell[]): number[] {
  return [...stageTotals(cells)]
    .filter(([, totals]) => exceedsPlan(totals.planned, totals.done))
    .map(([stageId]) => stageId);
}

/**
 * The points that count towards progress, up to a year (all years when null): each stage counts at
 * most at its whole plan (points done early count, points beyond the stage's plan do not), and the
 * task at most 100.
 */
export function countedProgress(cells: readonly StageCell[], upToYear: number | null = null): number {
  let total = 0;
  for (const { planned, done } of stageTotals(cells, upToYear).values()) total += Math.min(done, planned);
  return Math.min(round2(total), MAX_PROGRESS);
}

/**
 * Task progress: the sum of the actual points of every stage and year, each stage counted at most at
 * its plan, so never more than 100.
 */
export function taskProgress(cells: readonly StageCell[]): number {
  return countedProgress(cells);
}

/** The points a year adds to the task's progress (each stage counted at most at its plan). */
export function yearProgress(cells: readonly StageCell[], year: number): number {
  return round2(countedProgress(cells, year) - countedProgress(cells, year - 1));
}

/** The task's planned total (100 for a complete plan). */
export function plannedTotal(cells: readonly StageCell[]): number {
  return sum(cells.map((cell) => cell.planned ?? 0));
}

export interface YearTotals {
  year: number;
  planned: number;
  actual: number;
  cumulativePlanned: number;
  cumulativeActual: number;
  status: ScheduleStatus;
}

export function compareToPlan(
  cumulativePlanned: number,
  cumulativeActual: number,
): Exclude<ScheduleStatus, 'not_started'> {
  if (cumulativeActual < cumulativePlanned - EPSILON) return 'behind';
  if (cumulativeActual > cumulativePlanned + EPSILON) return 'ahead';
  return 'on';
}

/** Per year of the span: planned and actual points, cumulative sums and the status at that year's end. */
export function yearTotals(cells: readonly StageCell[], years: readonly number[]): YearTotals[] {
  let cumulativePlanned = 0;
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const ofYear = cells.filter((cell) => cell.year === year);
      const planned = plannedTotal(ofYear);
      const actual = yearProgress(cells, year);
      const cumulativeActual = countedProgress(cells, year);
      cumulativePlanned = round2(cumulativePlanned + planned);
      return {
        year,
        planned,
        actual,
        cumulativePlanned,
        cumulativeActual,
        status: compareToPlan(cumulativePlanned, cumulativeActual),
      };
    });
}

export interface ScheduleAssessment {
  status: ScheduleStatus;
  /** The last year counted, or null when the strategy has not started yet. */
  asOfYear: number | null;
  cumulativePlanned: number;
  cumulativeActual: number;
  /** actual − planned, in points. */
  difference: number;
}

/**
 * Cumulative actual against cumulative plan for all years up to and including `asOfYear`.
 */
export function assessSchedule(cells: readonly StageCell[], asOfYear: number | null): ScheduleAssessment {
  if (asOfYear === null) {
    return {
      status: 'not_started',
      asOfYear: null,
      cumulativePlanned: 0,
      cumulativeActual: 0,
      difference: 0,
    };
  }
  const upTo = cells.filter((cell) => cell.year <= asOfYear);
  const cumulativePlanned = plannedTotal(upTo);
  const cumulativeActual = countedProgress(cells, asOfYear);
  return {
    status: compareToPlan(cumulativePlanned, cumulativeActual),
    asOfYear,
    cumulativePlanned,
    cumulativeActual,
    difference: round2(cumulativeActual - cumulativePlanned),
  };
}

/**
 * The year to judge the schedule by: the last year that has ended (reports cover whole years),
 * clamped to the strategy's span; null before the first year has ended.
 */
export function assessmentYear(
  span: { startYear: number; endYear: number },
  today: Date = new Date(),
): number | null {
  const lastEnded = today.getFullYear() - 1;
  if (lastEnded < span.startYear) return null;
  return Math.min(lastEnded, span.endYear);
}

export interface WeightedItem {
  weight: number;
  progress: number;
}

/**
 * Program progress: Σ(weight × task progress) / Σ weights. Normalised because weights need not sum
 * to 100 (one real program's weights sum to 105). Null when there is nothing to weigh.
 */
export function weightedProgress(items: readonly WeightedItem[]): number | null {
  const totalWeight = items.reduce((acc, item) => acc + item.weight, 0);
  if (totalWeight <= 0) return null;
  const weighted = items.reduce((acc, item) => acc + item.weight * item.progress, 0);
  return round2(weighted / totalWeight);
}

/** The sum of a program's task weights, shown beside the weights (a sum other than 100 is warned). */
export function weightSum(items: readonly { weight: number }[]): number {
  return sum(items.map((item) => item.weight));
}

/**
 * Goal progress: the plain mean of its programs' progress (programs carry no weights); programs with
 * no weighted tasks are left out. Null when no program has progress.
 */
export function goalProgress(programProgress: readonly (number | null)[]): number | null {
  const known = programProgress.filter((value): value is number => value !== null);
  if (known.length === 0) return null;
  return round2(known.reduce((acc, value) => acc + value, 0) / known.length);
}

/** The schedule status of a set of tasks: the worst-off wins (one task behind makes the whole behind). */
export function combineStatuses(statuses: readonly ScheduleStatus[]): ScheduleStatus {
  const started = statuses.filter((status) => status !== 'not_started');
  if (started.length === 0) return 'not_started';
  if (started.includes('behind')) return 'behind';
  if (started.every((status) => status === 'ahead')) return 'ahead';
  return 'on';
}
