import 'server-only';
// Over 500 lines (the strategy's read views): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { preparedOnce } from '@/db/prepared';
import {
  departments,
  goals,
  postRoles,
  posts,
  programs,
  strategies,
  tasks,
  type IndicatorType,
} from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { forbidden, notFound, unauthenticated } from '@/lib/errors';
import {
  type ScheduleAssessment,
  type ScheduleStatus,
  type StageCell,
  type YearTotals,
  assessSchedule,
  assessmentYear,
  combineStatuses,
  goalProgress,
  plannedTotal,
  taskProgress,
  weightSum,
  weightedProgress,
  yearTotals,
} from '@/lib/progress';
import { defaultReportYear } from '@/lib/reports/default-year';
import { loadTaskProgress } from './progress-data';

/*
 * Read views of the strategy. Each function takes (db, user, params), checks that the user may read,
 * then loads the record; the numbers all come from lib/progress.ts. Query counts do not grow with
 * the number of rows.
 */

function assertCanRead(user: CurrentUser | null): asserts user is CurrentUser {
  if (!user) throw unauthenticated();
  // Deny by default: without a current post nobody reads the strategy.
  if (!can(user, { action: 'strategy.read' })) throw forbidden();
}

export interface Span {
  startYear: number;
  endYear: number;
}

export function spanYears(span: Span): number[] {
  return Array.from({ length: span.endYear - span.startYear + 1 }, (_, i) => span.startYear + i);
}

interface PostLabel {
  postName: string;
  function: string | null;
  department: string | null;
}

/** The posts currently holding the given roles (owner of goals, coordinator of programs, executor of tasks). */
export async function loadRoleHolders(
  db: Db,
  scope: { goalIds?: number[]; programIds?: number[]; taskIds?: number[] },
  now: Date = new Date(),
) {
  const conditions = [];
  if (scope.goalIds?.length)
    conditions.push(and(eq(postRoles.role, 'goal_owner'), inArray(postRoles.goalId, scope.goalIds)));
  if (scope.programIds?.length)
    conditions.push(and(eq(postRoles.role, 'coordinator'), inArray(postRoles.programId, scope.programIds)));
  if (scope.taskIds?.length)
    conditions.push(and(eq(postRoles.role, 'executor'), inArray(postRoles.taskId, scope.taskIds)));
  const owners = new Map<number, PostLabel>();
  const coordinators = new Map<number, PostLabel>();
  const executors = new Map<number, PostLabel>();
  if (conditions.length === 0) return { owners, coordinators, executors };
  const rows = await db
    .select({
      role: postRoles.role,
      goalId: postRoles.goalId,
      programId: postRoles.programId,
      taskId: postRoles.taskId,
      postName: posts.name,
      function: posts.function,
      department: departments.name,
    })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .leftJoin(departments, eq(departments.id, posts.departmentId))
    .where(
      and(
        or(...conditions),
        lte(postRoles.validFrom, now),
        or(isNull(postRoles.validTo), gt(postRoles.validTo, now)),
      ),
    );
  for (const row of rows) {
    const label = { postName: row.postName, function: row.function, department: row.department };
    if (row.role === 'goal_owner' && row.goalId) owners.set(row.goalId, label);
    if (row.role === 'coordinator' && row.programId) coordinators.set(row.programId, label);
    if (row.role === 'executor' && row.taskId) executors.set(row.taskId, label);
  }
  return { owners, coordinators, executors };
}

export interface TaskSummary {
  id: number;
  number: number;
  title: string;
  weight: number;
  progress: number;
  schedule: ScheduleAssessment;
  executor: PostLabel | null;
}

export interface ProgramSummary {
  id: number;
  archived: boolean;
  number: number;
  title: string;
  goalId: number;
  coordinator: PostLabel | null;
  tasks: TaskSummary[];
  weightSum: number;
  progress: number | null;
  status: ScheduleStatus;
}

export interface GoalSummary {
  id: number;
  archived: boolean;
  number: number;
  title: string;
  owner: PostLabel | null;
  programs: ProgramSummary[];
  progress: number | null;
  status: ScheduleStatus;
}

/**
 * Which parts of the goals a page shows: goals in full (with their roll-ups), programs in full, and
 * single tasks. Programs and goals loaded only to name a task's place carry partial roll-ups, which
 * callers do not show.
 */
interface TreeScope {
  goalIds: number[];
  programIds: number[];
  taskIds: number[];
}

/**
 * Goals → programs → tasks with every roll-up, for the given goals (or all goals of a strategy),
 * everything under them or only the given scope: a program's page loads its program, not its
 * goal's others; an executor's home page loads their tasks, not the goals' other hundreds.
 */
async function loadGoalTree(
  db: Db,
  filter: { strategyId: number } | { goalIds: number[] },
  span: Span,
  scope?: TreeScope,
) {
  const goalRows = await db
    .select({
      id: goals.id,
      number: goals.number,
      title: goals.title,
      archived: sql<boolean>`${goals.archivedAt} is not null`,
    })
    .from(goals)
    .where(
      and(
        'strategyId' in filter ? eq(goals.strategyId, filter.strategyId) : inArray(goals.id, filter.goalIds),
        // The strategy overview leaves archived goals out; a goal opened directly stays readable.
        'strategyId' in filter ? isNull(goals.archivedAt) : undefined,
      ),
    )
    .orderBy(asc(goals.number));
  const goalIds = goalRows.map((goal) => goal.id);
  const programRows = goalIds.length
    ? await db
        .select({
          id: programs.id,
          number: programs.number,
          title: programs.title,
          goalId: programs.goalId,
          archived: sql<boolean>`${programs.archivedAt} is not null`,
        })
        .from(programs)
        .where(
          and(
            inArray(programs.goalId, goalIds),
            scope
              ? or(
                  inArray(programs.goalId, scope.goalIds),
                  inArray(programs.id, scope.programIds),
                  inArray(
                    programs.id,
                    db.select({ id: tasks.programId }).from(tasks).where(inArray(tasks.id, scope.taskIds)),
                  ),
                )
              : undefined,
            'strategyId' in filter ? isNull(programs.archivedAt) : undefined,
          ),
        )
        .orderBy(asc(programs.number))
    : [];
  const programIds = programRows.map((program) => program.id);
  const fullProgramIds = scope
    ? programRows
        .filter((program) => scope.goalIds.includes(program.goalId) || scope.programIds.includes(program.id))
        .map((program) => program.id)
    : programIds;
  const taskRows = programIds.length
    ? await db
        .select({
          id: tasks.id,
          number: tasks.number,
          title: tasks.title,
          weight: tasks.weight,
          programId: tasks.programId,
        })
        .from(tasks)
        .where(
          and(
            inArray(tasks.programId, programIds),
            isNull(tasks.archivedAt),
            scope
              ? or(inArray(tasks.programId, fullProgramIds), inArray(tasks.id, scope.taskIds))
              : undefined,
          ),
        )
        .orderBy(asc(tasks.number))
    : [];
  const taskIds = taskRows.map((task) => task.id);
  const [progress, holders] = await Promise.all([
    loadTaskProgress(db, taskIds, span),
    loadRoleHolders(db, { goalIds, programIds, taskIds }),
  ]);

  const programSummaries: ProgramSummary[] = programRows.map((program) => {
    const programTasks: TaskSummary[] = taskRows
      .filter((task) => task.programId === program.id)
      .map((task) => {
        const summary = progress.get(task.id)!;
        return { ...task, ...summary, executor: holders.executors.get(task.id) ?? null };
      });
    return {
      ...program,
      coordinator: holders.coordinators.get(program.id) ?? null,
      tasks: programTasks,
      weightSum: weightSum(programTasks),
      progress: weightedProgress(programTasks),
      status: combineStatuses(programTasks.map((task) => task.schedule.status)),
    };
  });
  const goalSummaries: GoalSummary[] = goalRows.map((goal) => {
    const goalPrograms = programSummaries.filter((program) => program.goalId === goal.id);
    // A goal opened directly still lists its archived programs, but like archived tasks they no
    // longer count: its progress is the same on its own page, the strategy view and the report.
    const counted = goalPrograms.filter((program) => !program.archived);
    return {
      ...goal,
      owner: holders.owners.get(goal.id) ?? null,
      programs: goalPrograms,
      progress: goalProgress(counted.map((program) => program.progress)),
      status: combineStatuses(counted.map((program) => program.status)),
    };
  });
  return goalSummaries;
}

export interface StrategyHeader {
  id: number;
  name: string;
  cityName: string;
  startYear: number;
  endYear: number;
}

const strategyColumns = {
  id: strategies.id,
  name: strategies.name,
  cityName: strategies.cityName,
  startYear: strategies.startYear,
  endYear: strategies.endYear,
};

export async function listStrategies(db: Db, user: CurrentUser): Promise<StrategyHeader[]> {
  if (!can(user, { action: 'strategy.read' })) return [];
  return db
    .select(strategyColumns)
    .from(strategies)
    .where(isNull(strategies.archivedAt))
    .orderBy(asc(strategies.startYear), asc(strategies.id));
}

export async function getStrategyView(db: Db, user: CurrentUser | null, strategyId: number) {
  assertCanRead(user);
  const [strategy] = await db.select(strategyColumns).from(strategies).where(eq(strategies.id, strategyId));
  if (!strategy) throw notFound();
  const [goalTree, reportYear] = await Promise.all([
    loadGoalTree(db, { strategyId }, strategy),
    defaultReportYear(db, strategy),
  ]);
  return { strategy, goals: goalTree, asOfYear: assessmentYear(strategy), reportYear };
}

export async function getGoalView(db: Db, user: CurrentUser | null, goalId: number) {
  assertCanRead(user);
  const [row] = await db
    .select({ strategy: strategyColumns, goalId: goals.id })
    .from(goals)
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(eq(goals.id, goalId));
  if (!row) throw notFound();
  const [goal] = await loadGoalTree(db, { goalIds: [goalId] }, row.strategy);
  if (!goal) throw notFound();
  return { strategy: row.strategy, goal, asOfYear: assessmentYear(row.strategy) };
}

export async function getProgramView(db: Db, user: CurrentUser | null, programId: number) {
  assertCanRead(user);
  const [row] = await db
    .select({ strategy: strategyColumns, goalId: programs.goalId })
    .from(programs)
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .where(eq(programs.id, programId));
  if (!row) throw notFound();
  const [goal] = await loadGoalTree(db, { goalIds: [row.goalId] }, row.strategy, {
    goalIds: [],
    programIds: [programId],
    taskIds: [],
  });
  const program = goal?.programs.find((candidate) => candidate.id === programId);
  if (!goal || !program) throw notFound();
  return { strategy: row.strategy, goal, program, asOfYear: assessmentYear(row.strategy) };
}

/** A cell of the card's stage grid as typed: x/y%. */
export type CardCell = Omit<StageCell, 'stageId'>;

export interface TaskCardView {
  strategy: StrategyHeader;
  years: number[];
  goal: { id: number; number: number; title: string; owner: PostLabel | null };
  program: { id: number; number: number; title: string; coordinator: PostLabel | null };
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
  executor: PostLabel | null;
  stages: { id: number; number: number | null; name: string; cells: Record<number, CardCell | null> }[];
  yearTotals: YearTotals[];
  progress: number;
  plannedTotal: number;
  schedule: ScheduleAssessment;
  partners: { id: number; name: string; scope: string }[];
  indicators: {
    id: number;
    type: IndicatorType;
    name: string;
    source: string;
    unit: string;
    years: Record<
      number,
      {
        targetText: string | null;
        targetNumber: number | null;
        actualText: string | null;
        actualNumber: number | null;
      }
    >;
  }[];
  funding: {
    id: number;
    source: string;
    valueText: string;
    sharePercent: number | null;
    amount: number | null;
  }[];
}

/** The task card: every section of the seed card, from one relational query plus the posts. */
export async function getTaskCard(db: Db, user: CurrentUser | null, taskId: number): Promise<TaskCardView> {
  assertCanRead(user);
  const row = await preparedOnce(db, 'task_card', (db) =>
    db.query.tasks.findFirst({
      where: eq(tasks.id, sql.placeholder('taskId')),
      with: {
        program: { with: { goal: { with: { strategy: true } } } },
        stages: {
          where: (stage, { isNull: none }) => none(stage.archivedAt),
          orderBy: (stage, { asc: up }) => [up(stage.position)],
          with: { years: true },
        },
        partners: { orderBy: (partner, { asc: up }) => [up(partner.position)] },
        indicators: {
          where: (indicator, { isNull: none }) => none(indicator.archivedAt),
          orderBy: (indicator, { asc: up }) => [up(indicator.position)],
          with: { years: true },
        },
        fundingSources: { orderBy: (funding, { asc: up }) => [up(funding.position)] },
      },
    }),
  ).execute({ taskId });
  if (!row) throw notFound();
  const { program } = row;
  const { goal } = program;
  const { strategy } = goal;
  const holders = await loadRoleHolders(db, {
    goalIds: [goal.id],
    programIds: [program.id],
    taskIds: [row.id],
  });
  const years = spanYears(strategy);

  const stageViews = row.stages.map((stage) => {
    const cells: Record<number, CardCell | null> = {};
    for (const year of years) {
      const cell = stage.years.find((candidate) => candidate.year === year);
      cells[year] =
        cell && (cell.plannedPoints !== null || cell.actualPoints !== null)
          ? { year, planned: cell.plannedPoints, actual: cell.actualPoints }
          : null;
    }
    return { id: stage.id, number: stage.number, name: stage.name, cells };
  });
  const allCells: StageCell[] = stageViews.flatMap((stage) =>
    Object.values(stage.cells).flatMap((cell) => (cell ? [{ ...cell, stageId: stage.id }] : [])),
  );

  return {
    strategy: {
      id: strategy.id,
      name: strategy.name,
      cityName: strategy.cityName,
      startYear: strategy.startYear,
      endYear: strategy.endYear,
    },
    years,
    goal: { id: goal.id, number: goal.number, title: goal.title, owner: holders.owners.get(goal.id) ?? null },
    program: {
      id: program.id,
      number: program.number,
      title: program.title,
      coordinator: holders.coordinators.get(program.id) ?? null,
    },
    task: {
      id: row.id,
      number: row.number,
      title: row.title,
      weight: row.weight,
      addressees: row.addressees,
      justification: row.justification,
      description: row.description,
      plannedTotalCostText: row.plannedTotalCostText,
      plannedTotalCostAmount: row.plannedTotalCostAmount,
      budgetNote: row.budgetNote,
    },
    executor: holders.executors.get(row.id) ?? null,
    stages: stageViews,
    yearTotals: yearTotals(allCells, years),
    progress: taskProgress(allCells),
    plannedTotal: plannedTotal(allCells),
    schedule: assessSchedule(allCells, assessmentYear(strategy)),
    partners: row.partners.map(({ id, name, scope }) => ({ id, name, scope })),
    indicators: row.indicators.map((indicator) => ({
      id: indicator.id,
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      unit: indicator.unit,
      years: Object.fromEntries(
        indicator.years.map((value) => [
          value.year,
          {
            targetText: value.targetText,
            targetNumber: value.targetNumber,
            actualText: value.actualText,
            actualNumber: value.actualNumber,
          },
        ]),
      ),
    })),
    funding: row.fundingSources.map(({ id, source, valueText, sharePercent, amount }) => ({
      id,
      source,
      valueText,
      sharePercent,
      amount,
    })),
  };
}

/** The home page: what the user owns, coordinates and executes, with progress. */
export async function getHome(db: Db, userOrNull: CurrentUser | null) {
  if (!userOrNull) throw unauthenticated();
  const user = userOrNull;
  const goalIds = user.roles.flatMap((grant) =>
    grant.role === 'goal_owner' && grant.goalId ? [grant.goalId] : [],
  );
  const programIds = user.roles.flatMap((grant) =>
    grant.role === 'coordinator' && grant.programId ? [grant.programId] : [],
  );
  const taskIds = user.roles.flatMap((grant) =>
    grant.role === 'executor' && grant.taskId ? [grant.taskId] : [],
  );
  const strategyList = await listStrategies(db, user);

  // Every goal that contains something of the user's, loaded as one tree per strategy.
  const scopeRows =
    programIds.length || taskIds.length
      ? await db
          .selectDistinct({ goalId: programs.goalId })
          .from(programs)
          .leftJoin(tasks, eq(tasks.programId, programs.id))
          .where(
            or(
              programIds.length ? inArray(programs.id, programIds) : undefined,
              taskIds.length ? inArray(tasks.id, taskIds) : undefined,
            ),
          )
      : [];
  const allGoalIds = [...new Set([...goalIds, ...scopeRows.map((row) => row.goalId)])];
  const goalStrategy = allGoalIds.length
    ? await db
        .select({ goalId: goals.id, strategy: strategyColumns })
        .from(goals)
        .innerJoin(strategies, eq(strategies.id, goals.strategyId))
        .where(inArray(goals.id, allGoalIds))
    : [];
  const byStrategy = new Map<number, { strategy: StrategyHeader; goalIds: number[] }>();
  for (const row of goalStrategy) {
    const entry = byStrategy.get(row.strategy.id) ?? { strategy: row.strategy, goalIds: [] };
    entry.goalIds.push(row.goalId);
    byStrategy.set(row.strategy.id, entry);
  }
  const trees = (
    await Promise.all(
      [...byStrategy.values()].map(async ({ strategy, goalIds: ids }) =>
        (await loadGoalTree(db, { goalIds: ids }, strategy, { goalIds, programIds, taskIds })).map(
          (goal) => ({ goal, strategy }),
        ),
      ),
    )
  ).flat();

  const ownedGoals = trees.filter(({ goal }) => goalIds.includes(goal.id));
  const coordinated = trees.flatMap(({ goal, strategy }) =>
    goal.programs
      .filter((program) => programIds.includes(program.id))
      .map((program) => ({ program, goal, strategy })),
  );
  const executed = trees.flatMap(({ goal, strategy }) =>
    goal.programs.flatMap((program) =>
      program.tasks
        .filter((task) => taskIds.includes(task.id))
        .map((task) => ({ task, program, goal, strategy })),
    ),
  );
  return {
    strategies: strategyList,
    ownedGoals,
    coordinated,
    executed,
    isAdmin: user.roles.some((r) => r.role === 'admin'),
  };
}
