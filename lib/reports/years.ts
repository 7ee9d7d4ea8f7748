import 'server-only';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { goals, programs, reportingYears, reports, strategies, tasks } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { writeAudit } from '@/lib/audit';
import { invalid, notFound } from '@/lib/errors';
import { notifyYearOpened } from '@/lib/mail/events';
import { isYearInSpan } from '@/lib/strategy/span';
import { parseInput } from '@/lib/validation';
import { countReportsByStatus, strategySpanColumns } from './report-queries';
import { isPastDeadline, openYearSchema } from './schema';

/*
 * The strategy office's reporting years: which years of each strategy are open, with their
 * deadlines, steps and reports by state, and opening a year (or changing an open one). Only a
 * current administrator, re-checked in the database.
 */

export async function listReportingYears(db: Db, userOrNull: CurrentUser | null) {
  await requireAdmin(db, userOrNull);
  const strategyRows = await db
    .select(strategySpanColumns)
    .from(strategies)
    .where(isNull(strategies.archivedAt))
    .orderBy(asc(strategies.id));
  const years = await db
    .select({
      strategyId: reportingYears.strategyId,
      year: reportingYears.year,
      deadline: reportingYears.deadline,
      coordinatorReview: reportingYears.coordinatorReview,
      reminderDays: reportingYears.reminderDays,
      openedAt: reportingYears.openedAt,
      closedAt: reportingYears.closedAt,
    })
    .from(reportingYears)
    .orderBy(desc(reportingYears.year));
  const countsOf = await countReportsByStatus(db);
  return strategyRows.map((strategy) => ({
    ...strategy,
    years: years
      .filter((year) => year.strategyId === strategy.id)
      .map((year) => ({ ...year, counts: countsOf(strategy.id, year.year) })),
  }));
}

/**
 * Opens a year of a strategy for reporting with its deadline and its steps (or changes them for an
 * open year). Every task of the strategy gets its report for the year, as a draft. Turning the
 * coordinator's review off sends the reports submitted from then on straight to the goal owner;
 * those already submitted still wait for their coordinator.
 */
export async function openReportingYear(db: Db, userOrNull: CurrentUser | null, rawInput: unknown) {
  const user = await requireAdmin(db, userOrNull);
  const input = parseInput(openYearSchema, rawInput);
  const [strategy] = await db.select().from(strategies).where(eq(strategies.id, input.strategyId));
  if (!strategy) throw notFound();
  if (!isYearInSpan(strategy, input.year)) throw invalid({ year: ['yearOutOfSpan'] });

  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(reportingYears)
      .where(and(eq(reportingYears.strategyId, strategy.id), eq(reportingYears.year, input.year)));
    await tx
      .insert(reportingYears)
      .values({
        strategyId: strategy.id,
        year: input.year,
        deadline: input.deadline,
        coordinatorReview: input.coordinatorReview,
        reminderDays: input.reminderDays,
        openedBy: user.id,
      })
      .onConflictDoUpdate({
        target: [reportingYears.strategyId, reportingYears.year],
        set: {
          deadline: input.deadline,
          coordinatorReview: input.coordinatorReview,
          reminderDays: input.reminderDays,
          closedAt: null,
        },
      });
    const taskRows = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(and(eq(goals.strategyId, strategy.id), isNull(tasks.archivedAt)));
    if (taskRows.length) {
      await tx
        .insert(reports)
        .values(taskRows.map((task) => ({ taskId: task.id, year: input.year })))
        .onConflictDoNothing();
    }
    // Each executor is told once, when the year is first opened (a change of deadline is not news
    // the reminders do not carry).
    if (!before)
      await notifyYearOpened(tx, { strategyId: strategy.id, year: input.year, deadline: input.deadline });
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'reporting_year',
      entityId: `${strategy.id}/${input.year}`,
      action: before ? 'change' : 'open',
      before: before
        ? {
            deadline: before.deadline,
            coordinatorReview: before.coordinatorReview,
            reminderDays: before.reminderDays,
            closedAt: before.closedAt,
          }
        : null,
      after: {
        deadline: input.deadline,
        coordinatorReview: input.coordinatorReview,
        reminderDays: input.reminderDays,
        // The office confirmed a deadline already past (the schema refuses it otherwise).
        ...(isPastDeadline(input.deadline) ? { pastDeadlineConfirmed: true } : {}),
      },
    });
    return {
      strategyId: strategy.id,
      year: input.year,
      deadline: input.deadline,
      coordinatorReview: input.coordinatorReview,
    };
  });
}
