import { parseDecimal } from '@/lib/numbers';
import { exceedsPlan } from '@/lib/progress';

/*
 * What the report form needs at hand while the user types (its limits, the plan it was built for,
 * the over-plan warning), without zod: the form's page ships no validation code until the form
 * first checks its input (components/ui/lazy-zod-resolver.ts). The schema (./schema.ts) and the server
 * build on these, so the server and the form read one rule.
 */

export const NARRATIVE_MAX = 5000;
export const INDICATOR_TEXT_MAX = 500;

/**
 * The plan the form was built for: which stages have points planned in the report's year, each
 * stage's planned points over all years and its done points in the other years (the official ones).
 */
export interface ReportPlanStage {
  stageId: number;
  planned: number | null;
  plannedAllYears: number;
  doneOtherYears: number;
}

export interface ReportPlan {
  stages: ReportPlanStage[];
  indicatorIds: number[];
}

/** The plan of a report as the page shows it (the form and the server build it the same way). */
export function reportPlanOf(
  stages: readonly ReportPlanStage[],
  indicators: readonly { indicatorId: number }[],
): ReportPlan {
  return {
    stages: stages.map(({ stageId, planned, plannedAllYears, doneOtherYears }) => ({
      stageId,
      planned,
      plannedAllYears,
      doneOtherYears,
    })),
    indicatorIds: indicators.map((indicator) => indicator.indicatorId),
  };
}

/**
 * Whether the value typed for a stage takes the stage's done points over all years past its plan
 * (lib/progress.ts decides; a year may still run ahead of that year's plan).
 */
export function stageValueOverPlan(stage: ReportPlanStage | undefined, actualText: string): boolean {
  const number = parseDecimal(actualText);
  if (!stage || number === null || number <= 0) return false;
  return exceedsPlan(stage.plannedAllYears, stage.doneOtherYears + number);
}
