import type { IndicatorType } from '@/lib/enums';
import type { ScheduleStatus } from '@/lib/progress';

/*
 * What the public pages and the open data may show, and nothing else. Every public read function
 * maps the signed-in loaders' results onto these types field by field: they have no field for a
 * person, a login, an e-mail, a draft, a comment or a report's workflow, so a leak cannot be a
 * forgotten field.
 */

/** The strategy as every public answer names it. */
export interface PublicStrategyHeader {
  id: number;
  name: string;
  cityName: string;
  startYear: number;
  endYear: number;
  /** The day from which the strategy is public (YYYY-MM-DD). */
  publishedFrom: string;
}

/** A post as the public pages name it: the post, its function and its department (never its holder). */
export interface PublicPost {
  postName: string;
  function: string | null;
  department: string | null;
}

/** Where a value comes from: an approved report, the history imported with the card, or nowhere. */
export type PublicValueSource = 'approved' | 'imported' | 'missing';

export interface PublicSchedule {
  status: ScheduleStatus;
  /** The last year counted (null before the first year has ended). */
  asOfYear: number | null;
  /** The points planned up to asOfYear (the plan to date). */
  cumulativePlanned: number;
  cumulativeActual: number;
  /** actual − planned, in points. */
  difference: number;
}

export interface PublicTaskSummary {
  id: number;
  number: number;
  title: string;
  weight: number;
  progress: number;
  schedule: PublicSchedule;
  executor: PublicPost | null;
}

export interface PublicProgramSummary {
  id: number;
  number: number;
  title: string;
  goalId: number;
  coordinator: PublicPost | null;
  tasks: PublicTaskSummary[];
  weightSum: number;
  progress: number | null;
  /** Σ(weight × points planned to date) / Σ weights: the plan to date, weighted as progress is. */
  plannedToDate: number | null;
  status: ScheduleStatus;
}

export interface PublicGoalSummary {
  id: number;
  number: number;
  title: string;
  owner: PublicPost | null;
  programs: PublicProgramSummary[];
  progress: number | null;
  status: ScheduleStatus;
}

export interface PublicStrategyView {
  strategy: PublicStrategyHeader;
  /** The year the schedule is judged by (null before the first year has ended). */
  asOfYear: number | null;
  goals: PublicGoalSummary[];
}

export interface PublicGoalView {
  strategy: PublicStrategyHeader;
  asOfYear: number | null;
  goal: PublicGoalSummary;
}

export interface PublicProgramView {
  strategy: PublicStrategyHeader;
  asOfYear: number | null;
  goal: { id: number; number: number; title: string; owner: PublicPost | null };
  program: PublicProgramSummary;
}

export interface PublicCardCell {
  year: number;
  planned: number | null;
  actual: number | null;
}

export interface PublicIndicatorYear {
  targetText: string | null;
  targetNumber: number | null;
  actualText: string | null;
  actualNumber: number | null;
  actualSource: PublicValueSource;
}

export interface PublicTaskCard {
  strategy: PublicStrategyHeader;
  years: number[];
  goal: { id: number; number: number; title: string; owner: PublicPost | null };
  program: { id: number; number: number; title: string; coordinator: PublicPost | null };
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
  executor: PublicPost | null;
  stages: { id: number; number: number | null; name: string; cells: Record<number, PublicCardCell | null> }[];
  yearTotals: {
    year: number;
    planned: number;
    actual: number;
    cumulativePlanned: number;
    cumulativeActual: number;
    status: ScheduleStatus;
    /** Where the year's done points come from. */
    pointsSource: PublicValueSource;
  }[];
  progress: number;
  plannedTotal: number;
  schedule: PublicSchedule;
  partners: { id: number; name: string; scope: string }[];
  indicators: {
    id: number;
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    years: Record<number, PublicIndicatorYear>;
  }[];
  funding: {
    id: number;
    source: string;
    valueText: string;
    sharePercent: number | null;
    amount: number | null;
  }[];
}

export interface PublicYearTask {
  id: number;
  number: number;
  title: string;
  weight: number;
  /** The executor as the card writes it ("Wydział Promocji i Rozwoju – Naczelnik"). */
  executor: string | null;
  /** Progress up to and including the year. */
  progress: number;
  schedule: PublicSchedule;
  yearPlanned: number;
  yearActual: number;
  /** Whether the year's report is approved (its values are official). */
  approved: boolean;
  pointsSource: PublicValueSource;
  /** The approved report's narrative, when the office publishes narratives; null otherwise. */
  narrative: string | null;
  indicators: {
    id: number;
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    targetText: string | null;
    targetNumber: number | null;
    actualText: string | null;
    actualNumber: number | null;
    actualSource: PublicValueSource;
  }[];
}

export interface PublicYearProgram {
  id: number;
  number: number;
  title: string;
  coordinator: string | null;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
  tasks: PublicYearTask[];
}

export interface PublicYearGoal {
  id: number;
  number: number;
  title: string;
  owner: string | null;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
  programs: PublicYearProgram[];
}

export interface PublicYearView {
  strategy: PublicStrategyHeader;
  year: number;
  /** Whether approved narratives are public for this strategy. */
  narrativesPublished: boolean;
  counts: { tasks: number; approved: number };
  goals: PublicYearGoal[];
}

export interface PublicDepartment {
  id: number;
  name: string;
  abbreviation: string | null;
}

export interface PublicSearchFilters {
  q?: string;
  departmentId?: number | null;
  status?: ScheduleStatus | null;
}

export interface PublicSearchHit extends PublicTaskSummary {
  goal: { id: number; number: number; title: string };
  program: { id: number; number: number; title: string };
}

export interface PublicSearchResult {
  strategy: PublicStrategyHeader;
  /** The departments a filter may choose (those executing a task of the strategy). */
  departments: PublicDepartment[];
  filters: { q: string; departmentId: number | null; status: ScheduleStatus | null };
  tasks: PublicSearchHit[];
}
