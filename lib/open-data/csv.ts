import { type CsvField, toCsv } from '@/lib/csv';
import type { PublicPost } from '@/lib/public/data';
import type {
  FileHeader,
  GoalDoc,
  GoalFile,
  ProgramFile,
  StrategyFile,
  StrategyHeaderDoc,
  TaskFile,
  YearFile,
} from './documents';

/*
 * The CSV form of the open data files: flat tables of the JSON documents (documents.ts), written by
 * the app's one CSV writer (lib/csv.ts: UTF-8 with BOM, semicolons, decimal commas, CRLF). Column
 * names are fixed English identifiers, the same words as the JSON properties, so that a script
 * reads them whatever the page's language; codes (status, indicator type, value source) are the
 * JSON's. The licence and the date of the data are the last two columns of every row: a header
 * comment is not CSV, and a row of metadata above the header breaks every CSV reader.
 */

type Row = Record<string, CsvField>;

const bool = (value: boolean) => (value ? 'true' : 'false');

function table(columns: readonly string[], rows: readonly Row[], file: FileHeader): string {
  const all = [...columns, 'licence', 'data_date'];
  const meta: Row = { licence: file.licence, data_date: file.dataDate };
  return toCsv([
    all,
    ...rows.map((row) => {
      const full = { ...row, ...meta };
      return all.map((column) => full[column] ?? null);
    }),
  ]);
}

const postColumns = (prefix: string) => [`${prefix}_post`, `${prefix}_function`, `${prefix}_department`];
function postFields(prefix: string, post: PublicPost | null): Row {
  return {
    [`${prefix}_post`]: post?.postName ?? null,
    [`${prefix}_function`]: post?.function ?? null,
    [`${prefix}_department`]: post?.department ?? null,
  };
}

const strategyFields = (strategy: StrategyHeaderDoc): Row => ({
  strategy_id: strategy.id,
  strategy_name: strategy.name,
});

/** The strategy and goal files: a row per goal and per program (level says which). */
const OVERVIEW_COLUMNS = [
  'level',
  'goal_number',
  'goal_numeral',
  'program_number',
  'id',
  'title',
  ...postColumns('holder'),
  'weight_sum',
  'progress',
  'planned_to_date',
  'status',
  'as_of_year',
  'strategy_id',
  'strategy_name',
];

function overviewRows(goal: GoalDoc, asOfYear: number | null, strategy: StrategyHeaderDoc): Row[] {
  const common = { goal_number: goal.number, goal_numeral: goal.numeral, as_of_year: asOfYear };
  return [
    {
      ...common,
      ...strategyFields(strategy),
      ...postFields('holder', goal.owner),
      level: 'goal',
      id: goal.id,
      title: goal.title,
      progress: goal.progress,
      status: goal.status,
    },
    ...goal.programs.map((program) => ({
      ...common,
      ...strategyFields(strategy),
      ...postFields('holder', program.coordinator),
      level: 'program',
      program_number: program.number,
      id: program.id,
      title: program.title,
      weight_sum: program.weightSum,
      progress: program.progress,
      planned_to_date: program.plannedToDate,
      status: program.status,
    })),
  ];
}

export function strategyCsv(file: StrategyFile): string {
  return table(
    OVERVIEW_COLUMNS,
    file.goals.flatMap((goal) => overviewRows(goal, file.asOfYear, file.strategy)),
    file,
  );
}

export function goalCsv(file: GoalFile): string {
  return table(OVERVIEW_COLUMNS, overviewRows(file.goal, file.asOfYear, file.strategy), file);
}

/** The program file: a row per task. */
export function programCsv(file: ProgramFile): string {
  const columns = [
    'goal_number',
    'goal_numeral',
    'program_number',
    'task_number',
    'task_id',
    'title',
    ...postColumns('executor'),
    'weight',
    'progress',
    'planned_to_date',
    'actual_to_date',
    'difference',
    'status',
    'as_of_year',
    'strategy_id',
    'strategy_name',
  ];
  const rows = file.program.tasks.map((task) => ({
    ...strategyFields(file.strategy),
    ...postFields('executor', task.executor),
    goal_number: file.goal.number,
    goal_numeral: file.goal.numeral,
    program_number: file.program.number,
    task_number: task.number,
    task_id: task.id,
    title: task.title,
    weight: task.weight,
    progress: task.progress,
    planned_to_date: task.schedule.cumulativePlanned,
    actual_to_date: task.schedule.cumulativeActual,
    difference: task.schedule.difference,
    status: task.schedule.status,
    as_of_year: task.schedule.asOfYear,
  }));
  return table(columns, rows, file);
}

/**
 * The task card as one long table: `section` says what a row is — `field` (one of the card's
 * fields: name and value), `stage` (a stage's cell of a year: planned and actual points),
 * `indicator` (an indicator's target and actual of a year), `partner` or `funding`.
 */
export function taskCsv(file: TaskFile): string {
  const columns = [
    'section',
    'number',
    'name',
    'value_text',
    'value_number',
    'year',
    'planned',
    'actual',
    'type',
    'source',
    'unit',
    'target_text',
    'target_number',
    'actual_text',
    'actual_number',
    'actual_source',
    'scope',
    'share_percent',
    'task_id',
    'strategy_id',
  ];
  const { task } = file;
  const base = { task_id: task.id, strategy_id: file.strategy.id };
  const field = (name: string, text: string | null, number: number | null = null): Row => ({
    ...base,
    section: 'field',
    name,
    value_text: text,
    value_number: number,
  });
  const rows: Row[] = [
    field('goal', `${file.goal.numeral}. ${file.goal.title}`, file.goal.number),
    field('program', `${file.program.number}. ${file.program.title}`, file.program.number),
    field('title', task.title, task.number),
    field('addressees', task.addressees),
    field('justification', task.justification),
    field('description', task.description),
    field('executor_post', task.executor?.postName ?? null),
    field('executor_function', task.executor?.function ?? null),
    field('executor_department', task.executor?.department ?? null),
    field('weight', null, task.weight),
    field('progress', null, task.progress),
    field('planned_total', null, task.plannedTotal),
    field('schedule_status', task.schedule.status),
    field('as_of_year', null, task.schedule.asOfYear),
    field('planned_to_date', null, task.schedule.cumulativePlanned),
    field('actual_to_date', null, task.schedule.cumulativeActual),
    field('planned_total_cost', task.plannedTotalCost.text, task.plannedTotalCost.amount),
    field('budget_note', task.budgetNote),
    ...task.stages.flatMap((stage) =>
      stage.cells.map((cell) => ({
        ...base,
        section: 'stage',
        number: stage.number,
        name: stage.name,
        year: cell.year,
        planned: cell.planned,
        actual: cell.actual,
      })),
    ),
    ...task.indicators.flatMap((indicator, index) => {
      const of = {
        ...base,
        section: 'indicator',
        number: index + 1,
        name: indicator.name,
        type: indicator.type,
        source: indicator.source,
        unit: indicator.unit,
      };
      // An indicator with no value yet still has its row.
      if (indicator.values.length === 0) return [of];
      return indicator.values.map((value) => ({
        ...of,
        year: value.year,
        target_text: value.targetText,
        target_number: value.targetNumber,
        actual_text: value.actualText,
        actual_number: value.actualNumber,
        actual_source: value.actualSource,
      }));
    }),
    ...task.partners.map((partner, index) => ({
      ...base,
      section: 'partner',
      number: index + 1,
      name: partner.name,
      scope: partner.scope,
    })),
    ...task.funding.map((funding, index) => ({
      ...base,
      section: 'funding',
      number: index + 1,
      name: funding.source,
      value_text: funding.valueText,
      value_number: funding.amount,
      share_percent: funding.sharePercent,
    })),
  ];
  return table(columns, rows, file);
}

/**
 * A year of the strategy: a row per goal, program and task (the year's planned and done points,
 * progress to date against the plan to date) and per indicator of a task (the year's target and
 * actual); `level` says which.
 */
export function yearCsv(file: YearFile): string {
  const columns = [
    'level',
    'year',
    'goal_number',
    'goal_numeral',
    'program_number',
    'task_number',
    'id',
    'title',
    'holder',
    'weight',
    'year_planned',
    'year_actual',
    'progress',
    'planned_to_date',
    'status',
    'approved',
    'points_source',
    'narrative',
    'type',
    'source',
    'unit',
    'target_text',
    'target_number',
    'actual_text',
    'actual_number',
    'actual_source',
    'strategy_id',
    'strategy_name',
  ];
  const rows: Row[] = [];
  for (const goal of file.goals) {
    const ofGoal = {
      ...strategyFields(file.strategy),
      year: file.year,
      goal_number: goal.number,
      goal_numeral: goal.numeral,
    };
    rows.push({
      ...ofGoal,
      level: 'goal',
      id: goal.id,
      title: goal.title,
      holder: goal.owner,
      progress: goal.progress,
      planned_to_date: goal.plannedToDate,
      status: goal.status,
    });
    for (const program of goal.programs) {
      const ofProgram = { ...ofGoal, program_number: program.number };
      rows.push({
        ...ofProgram,
        level: 'program',
        id: program.id,
        title: program.title,
        holder: program.coordinator,
        progress: program.progress,
        planned_to_date: program.plannedToDate,
        status: program.status,
      });
      for (const task of program.tasks) {
        const ofTask = { ...ofProgram, task_number: task.number };
        rows.push({
          ...ofTask,
          level: 'task',
          id: task.id,
          title: task.title,
          holder: task.executor,
          weight: task.weight,
          year_planned: task.yearPlanned,
          year_actual: task.yearActual,
          progress: task.progress,
          planned_to_date: task.schedule.cumulativePlanned,
          status: task.schedule.status,
          approved: bool(task.approved),
          points_source: task.pointsSource,
          narrative: task.narrative,
        });
        for (const indicator of task.indicators) {
          rows.push({
            ...ofTask,
            level: 'indicator',
            title: indicator.name,
            type: indicator.type,
            source: indicator.source,
            unit: indicator.unit,
            target_text: indicator.targetText,
            target_number: indicator.targetNumber,
            actual_text: indicator.actualText,
            actual_number: indicator.actualNumber,
            actual_source: indicator.actualSource,
          });
        }
      }
    }
  }
  return table(columns, rows, file);
}
