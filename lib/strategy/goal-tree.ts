import 'server-only';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, strategies, tasks } from '@/db/schema';
import {
  type ScheduleAssessment,
  type ScheduleStatus,
  combineStatuses,
  goalProgress,
  weightSum,
  weightedProgress,
} from '@/lib/progress';
import { loadTaskProgress } from './progress-data';
import { type PostLabel, loadRoleHolders } from './role-holders';
import type { Span } from './span';

/*
 * Goals → programs → tasks with every roll-up, the shape the strategy, goal, program and home pages
 * show. The numbers all come from lib/progress.ts; the query count does not grow with the number
 * of rows. Authorization stays with each caller.
 */

export interface StrategyHeader {
  id: number;
  name: string;
  cityName: string;
  startYear: number;
  endYear: number;
}

export const strategyColumns = {
  id: strategies.id,
  name: strategies.name,
  cityName: strategies.cityName,
  startYear: strategies.startYear,
  endYear: strategies.endYear,
};

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
export interface TreeScope {
  goalIds: number[];
  programIds: number[];
  taskIds: number[];
}

/**
 * Goals → programs → tasks with every roll-up, for the given goals (or all goals of a strategy),
 * everything under them or only the given scope: a program's page loads its program, not its
 * goal's others; an executor's home page loads their tasks, not the goals' other hundreds.
 */
export async function loadGoalTree(
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
