import 'server-only';
import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, strategies, tasks } from '@/db/schema';
import { warsawToday } from '@/lib/admin/dates';
import { isId } from '@/lib/ids';
import type { ScheduleAssessment } from '@/lib/progress';
import type { PostLabel } from '@/lib/strategy/role-holders';
import type { PublicPost, PublicSchedule, PublicStrategyHeader } from './types';

/*
 * What makes a strategy public, shared by every public read (./data.ts, ./cards.ts): published
 * means a publication day on or before today in Warsaw and not archived; the strategy's header and
 * the mappings of posts and schedules onto the public types, which have no field for anything private.
 */

/** Today's date in Warsaw (YYYY-MM-DD): a strategy is public from the start of its day there (the office's calendar). */
export const warsawDate = warsawToday;

export const headerColumns = {
  id: strategies.id,
  name: strategies.name,
  cityName: strategies.cityName,
  startYear: strategies.startYear,
  endYear: strategies.endYear,
  publishedFrom: strategies.publishedFrom,
  publishNarratives: strategies.publishNarratives,
};

/** Published: a publication day on or before today (Warsaw), and not archived. */
export const isPublished = (today: Date) =>
  and(
    isNotNull(strategies.publishedFrom),
    lte(strategies.publishedFrom, warsawDate(today)),
    isNull(strategies.archivedAt),
  );

export type HeaderRow = {
  id: number;
  name: string;
  cityName: string;
  startYear: number;
  endYear: number;
  publishedFrom: string | null;
  publishNarratives: boolean;
};

export function toHeader(row: HeaderRow): PublicStrategyHeader {
  return {
    id: row.id,
    name: row.name,
    cityName: row.cityName,
    startYear: row.startYear,
    endYear: row.endYear,
    publishedFrom: row.publishedFrom!,
  };
}

/** The published strategy of that id, or null. */
export async function publishedStrategy(db: Db, strategyId: number, today: Date): Promise<HeaderRow | null> {
  if (!isId(strategyId)) return null;
  const [row] = await db
    .select(headerColumns)
    .from(strategies)
    .where(and(eq(strategies.id, strategyId), isPublished(today)));
  return row ?? null;
}

export function toPost(post: PostLabel | null | undefined): PublicPost | null {
  return post ? { postName: post.postName, function: post.function, department: post.department } : null;
}

export function toSchedule(schedule: ScheduleAssessment): PublicSchedule {
  return {
    status: schedule.status,
    asOfYear: schedule.asOfYear,
    cumulativePlanned: schedule.cumulativePlanned,
    cumulativeActual: schedule.cumulativeActual,
    difference: schedule.difference,
  };
}

/** The strategy of a goal, program or task, with whether the record and its parents are archived. */
export async function strategyOfRecord(
  db: Db,
  record: { goalId: number } | { programId: number } | { taskId: number },
  today: Date,
): Promise<HeaderRow | null> {
  const id = 'goalId' in record ? record.goalId : 'programId' in record ? record.programId : record.taskId;
  if (!isId(id)) return null;
  const base = db
    .select(headerColumns)
    .from(goals)
    .innerJoin(strategies, eq(strategies.id, goals.strategyId))
    .$dynamic();
  const [row] =
    'goalId' in record
      ? await base.where(and(eq(goals.id, id), isNull(goals.archivedAt), isPublished(today)))
      : 'programId' in record
        ? await base
            .innerJoin(programs, eq(programs.goalId, goals.id))
            .where(
              and(
                eq(programs.id, id),
                isNull(programs.archivedAt),
                isNull(goals.archivedAt),
                isPublished(today),
              ),
            )
        : await base
            .innerJoin(programs, eq(programs.goalId, goals.id))
            .innerJoin(tasks, eq(tasks.programId, programs.id))
            .where(
              and(
                eq(tasks.id, id),
                isNull(tasks.archivedAt),
                isNull(programs.archivedAt),
                isNull(goals.archivedAt),
                isPublished(today),
              ),
            );
  return row ?? null;
}
