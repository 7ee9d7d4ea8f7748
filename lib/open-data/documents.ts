import type { IndicatorType } from '@/lib/enums';
import type { ScheduleStatus } from '@/lib/progress';
import type {
  PublicGoalSummary,
  PublicGoalView,
  PublicPost,
  PublicProgramSummary,
  PublicProgramView,
  PublicSchedule,
  PublicStrategyHeader,
  PublicStrategyView,
  PublicTaskCard,
  PublicTaskSummary,
  PublicValueSource,
  PublicYearView,
} from '@/lib/public/data';

/*
 * The open data documents: what each JSON file holds, built field by field from the public views of
 * lib/public/data.ts (which hold nothing that is not public) and described by schema.json beside
 * this file. No arithmetic here: every number is the public view's, from lib/progress.ts. The CSV
 * files are flat tables of these same documents (csv.ts), so both formats say the same.
 */

/** What every file starts with: the licence, the date of the data and the strategy it belongs to. */
export interface FileHeader {
  licence: string;
  /**
   * When the public data last changed (public_revision.changed_at: the commit of the last approval,
   * withdrawal, card edit, import or publication change of any strategy), as an ISO 8601 instant.
   */
  dataDate: string;
}

export interface StrategyHeaderDoc {
  id: number;
  name: string;
  cityName: string;
  startYear: number;
  endYear: number;
  publishedFrom: string;
}

export interface ProgramDoc {
  id: number;
  number: number;
  title: string;
  coordinator: PublicPost | null;
  weightSum: number;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
}

export interface GoalDoc {
  id: number;
  number: number;
  numeral: string;
  title: string;
  owner: PublicPost | null;
  progress: number | null;
  status: ScheduleStatus;
  programs: ProgramDoc[];
}

export interface TaskRowDoc {
  id: number;
  number: number;
  title: string;
  weight: number;
  executor: PublicPost | null;
  progress: number;
  schedule: PublicSchedule;
}

export interface TaskCardDoc {
  id: number;
  number: number;
  title: string;
  weight: number;
  addressees: string;
  justification: string;
  description: string;
  plannedTotalCost: { text: string; amount: number | null };
  budgetNote: string;
  executor: PublicPost | null;
  progress: number;
  plannedTotal: number;
  schedule: PublicSchedule;
  years: number[];
  stages: {
    number: number | null;
    name: string;
    cells: { year: number; planned: number | null; actual: number | null }[];
  }[];
  yearTotals: PublicTaskCard['yearTotals'];
  indicators: {
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    values: {
      year: number;
      targetText: string | null;
      targetNumber: number | null;
      actualText: string | null;
      actualNumber: number | null;
      actualSource: PublicValueSource;
    }[];
  }[];
  partners: { name: string; scope: string }[];
  funding: { source: string; valueText: string; sharePercent: number | null; amount: number | null }[];
}

export interface StrategyListFile extends FileHeader {
  strategies: StrategyHeaderDoc[];
}

export interface StrategyFile extends FileHeader {
  strategy: StrategyHeaderDoc;
  asOfYear: number | null;
  goals: GoalDoc[];
}

export interface GoalFile extends FileHeader {
  strategy: StrategyHeaderDoc;
  asOfYear: number | null;
  goal: GoalDoc;
}

export interface ProgramFile extends FileHeader {
  strategy: StrategyHeaderDoc;
  asOfYear: number | null;
  goal: { id: number; number: number; numeral: string; title: string; owner: PublicPost | null };
  program: ProgramDoc & { tasks: TaskRowDoc[] };
}

export interface TaskFile extends FileHeader {
  strategy: StrategyHeaderDoc;
  goal: { id: number; number: number; numeral: string; title: string; owner: PublicPost | null };
  program: { id: number; number: number; title: string; coordinator: PublicPost | null };
  task: TaskCardDoc;
}

export interface YearIndicatorDoc {
  type: IndicatorType;
  name: string;
  source: string;
  unit: string;
  targetText: string | null;
  targetNumber: number | null;
  actualText: string | null;
  actualNumber: number | null;
  actualSource: PublicValueSource;
}

export interface YearTaskDoc {
  id: number;
  number: number;
  title: string;
  weight: number;
  executor: string | null;
  progress: number;
  schedule: PublicSchedule;
  yearPlanned: number;
  yearActual: number;
  approved: boolean;
  pointsSource: PublicValueSource;
  narrative: string | null;
  indicators: YearIndicatorDoc[];
}

export interface YearProgramDoc {
  id: number;
  number: number;
  title: string;
  coordinator: string | null;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
  tasks: YearTaskDoc[];
}

export interface YearGoalDoc {
  id: number;
  number: number;
  numeral: string;
  title: string;
  owner: string | null;
  progress: number | null;
  plannedToDate: number | null;
  status: ScheduleStatus;
  programs: YearProgramDoc[];
}

export interface YearFile extends FileHeader {
  strategy: StrategyHeaderDoc;
  year: number;
  narrativesPublished: boolean;
  counts: { tasks: number; approved: number };
  goals: YearGoalDoc[];
}

export interface AllFile extends FileHeader {
  strategy: StrategyHeaderDoc;
  asOfYear: number | null;
  goals: (Omit<GoalDoc, 'programs'> & { programs: (ProgramDoc & { tasks: TaskCardDoc[] })[] })[];
}

export function strategyHeaderDoc(strategy: PublicStrategyHeader): StrategyHeaderDoc {
  return {
    id: strategy.id,
    name: strategy.name,
    cityName: strategy.cityName,
    startYear: strategy.startYear,
    endYear: strategy.endYear,
    publishedFrom: strategy.publishedFrom,
  };
}

const post = (value: PublicPost | null): PublicPost | null =>
  value ? { postName: value.postName, function: value.function, department: value.department } : null;

const schedule = (value: PublicSchedule): PublicSchedule => ({
  status: value.status,
  asOfYear: value.asOfYear,
  cumulativePlanned: value.cumulativePlanned,
  cumulativeActual: value.cumulativeActual,
  difference: value.difference,
});

function programDoc(program: PublicProgramSummary): ProgramDoc {
  return {
    id: program.id,
    number: program.number,
    title: program.title,
    coordinator: post(program.coordinator),
    weightSum: program.weightSum,
    progress: program.progress,
    plannedToDate: program.plannedToDate,
    status: program.status,
  };
}

function taskRowDoc(task: PublicTaskSummary): TaskRowDoc {
  return {
    id: task.id,
    number: task.number,
    title: task.title,
    weight: task.weight,
    executor: post(task.executor),
    progress: task.progress,
    schedule: schedule(task.schedule),
  };
}

function goalDoc(goal: PublicGoalSummary, numeral: (n: number) => string): GoalDoc {
  return {
    id: goal.id,
    number: goal.number,
    numeral: numeral(goal.number),
    title: goal.title,
    owner: post(goal.owner),
    progress: goal.progress,
    status: goal.status,
    programs: goal.programs.map(programDoc),
  };
}

/** Goal numbers are Roman numerals on the card ("Cel I"): both the number and the numeral are given. */
export interface DocumentContext extends FileHeader {
  numeral: (n: number) => string;
}

const header = (context: DocumentContext): FileHeader => ({
  licence: context.licence,
  dataDate: context.dataDate,
});

export function strategyListFile(
  strategies: readonly PublicStrategyHeader[],
  context: DocumentContext,
): StrategyListFile {
  return { ...header(context), strategies: strategies.map(strategyHeaderDoc) };
}

export function strategyFile(view: PublicStrategyView, context: DocumentContext): StrategyFile {
  return {
    ...header(context),
    strategy: strategyHeaderDoc(view.strategy),
    asOfYear: view.asOfYear,
    goals: view.goals.map((goal) => goalDoc(goal, context.numeral)),
  };
}

export function goalFile(view: PublicGoalView, context: DocumentContext): GoalFile {
  return {
    ...header(context),
    strategy: strategyHeaderDoc(view.strategy),
    asOfYear: view.asOfYear,
    goal: goalDoc(view.goal, context.numeral),
  };
}

export function programFile(view: PublicProgramView, context: DocumentContext): ProgramFile {
  return {
    ...header(context),
    strategy: strategyHeaderDoc(view.strategy),
    asOfYear: view.asOfYear,
    goal: {
      id: view.goal.id,
      number: view.goal.number,
      numeral: context.numeral(view.goal.number),
      title: view.goal.title,
      owner: post(view.goal.owner),
    },
    program: { ...programDoc(view.program), tasks: view.program.tasks.map(taskRowDoc) },
  };
}

export function taskCardDoc(card: PublicTaskCard): TaskCardDoc {
  return {
    id: card.task.id,
    number: card.task.number,
    title: card.task.title,
    weight: card.task.weight,
    addressees: card.task.addressees,
    justification: card.task.justification,
    description: card.task.description,
    plannedTotalCost: { text: card.task.plannedTotalCostText, amount: card.task.plannedTotalCostAmount },
    budgetNote: card.task.budgetNote,
    executor: post(card.executor),
    progress: card.progress,
    plannedTotal: card.plannedTotal,
    schedule: schedule(card.schedule),
    years: [...card.years],
    // A year with nothing planned and nothing done is "-" on the card: no cell.
    stages: card.stages.map((stage) => ({
      number: stage.number,
      name: stage.name,
      cells: card.years.flatMap((year) => {
        const cell = stage.cells[year];
        return cell ? [{ year, planned: cell.planned, actual: cell.actual }] : [];
      }),
    })),
    yearTotals: card.yearTotals.map((total) => ({
      year: total.year,
      planned: total.planned,
      actual: total.actual,
      cumulativePlanned: total.cumulativePlanned,
      cumulativeActual: total.cumulativeActual,
      status: total.status,
      pointsSource: total.pointsSource,
    })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      unit: indicator.unit,
      values: card.years.flatMap((year) => {
        const value = indicator.years[year];
        return value
          ? [
              {
                year,
                targetText: value.targetText,
                targetNumber: value.targetNumber,
                actualText: value.actualText,
                actualNumber: value.actualNumber,
                actualSource: value.actualSource,
              },
            ]
          : [];
      }),
    })),
    partners: card.partners.map((partner) => ({ name: partner.name, scope: partner.scope })),
    funding: card.funding.map((funding) => ({
      source: funding.source,
      valueText: funding.valueText,
      sharePercent: funding.sharePercent,
      amount: funding.amount,
    })),
  };
}

export function taskFile(card: PublicTaskCard, context: DocumentContext): TaskFile {
  return {
    ...header(context),
    strategy: strategyHeaderDoc(card.strategy),
    goal: {
      id: card.goal.id,
      number: card.goal.number,
      numeral: context.numeral(card.goal.number),
      title: card.goal.title,
      owner: post(card.goal.owner),
    },
    program: {
      id: card.program.id,
      number: card.program.number,
      title: card.program.title,
      coordinator: post(card.program.coordinator),
    },
    task: taskCardDoc(card),
  };
}

export function yearFile(view: PublicYearView, context: DocumentContext): YearFile {
  return {
    ...header(context),
    strategy: strategyHeaderDoc(view.strategy),
    year: view.year,
    narrativesPublished: view.narrativesPublished,
    counts: { tasks: view.counts.tasks, approved: view.counts.approved },
    goals: view.goals.map((goal) => ({
      id: goal.id,
      number: goal.number,
      numeral: context.numeral(goal.number),
      title: goal.title,
      owner: goal.owner,
      progress: goal.progress,
      plannedToDate: goal.plannedToDate,
      status: goal.status,
      programs: goal.programs.map((program) => ({
        id: program.id,
        number: program.number,
        title: program.title,
        coordinator: program.coordinator,
        progress: program.progress,
        plannedToDate: program.plannedToDate,
        status: program.status,
        tasks: program.tasks.map((task) => ({
          id: task.id,
          number: task.number,
          title: task.title,
          weight: task.weight,
          executor: task.executor,
          progress: task.progress,
          schedule: schedule(task.schedule),
          yearPlanned: task.yearPlanned,
          yearActual: task.yearActual,
          approved: task.approved,
          pointsSource: task.pointsSource,
          narrative: task.narrative,
          indicators: task.indicators.map((indicator) => ({
            type: indicator.type,
            name: indicator.name,
            source: indicator.source,
            unit: indicator.unit,
            targetText: indicator.targetText,
            targetNumber: indicator.targetNumber,
            actualText: indicator.actualText,
            actualNumber: indicator.actualNumber,
            actualSource: indicator.actualSource,
          })),
        })),
      })),
    })),
  };
}

/** The whole strategy: its overview with every program's task cards in full. */
export function allFile(
  view: PublicStrategyView,
  cards: ReadonlyMap<number, PublicTaskCard>,
  context: DocumentContext,
): AllFile {
  return {
    ...header(context),
    strategy: strategyHeaderDoc(view.strategy),
    asOfYear: view.asOfYear,
    goals: view.goals.map((goal) => ({
      ...goalDoc(goal, context.numeral),
      programs: goal.programs.map((program) => ({
        ...programDoc(program),
        tasks: program.tasks.flatMap((task) => {
          const card = cards.get(task.id);
          return card ? [taskCardDoc(card)] : [];
        }),
      })),
    })),
  };
}
