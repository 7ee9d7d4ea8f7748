import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { goals, posts, programs, reports, strategies, tasks } from '@/db/schema';
import { enqueueForUsers } from './outbox';
import { holdersOfPost, holdersOfRole } from './recipients';

/*
 * The events that notify, each called inside the transaction of its event (see enqueueNotification).
 * Who is told follows the workflow: a submitted report goes to whoever acts next; a returned one to
 * the executor with the comment; an approval or its withdrawal to the executor and the coordinator.
 */

/** A day as mails write it: `2099-01-31`, unambiguous in both languages. */
function dayText(day: string): string {
  return day;
}

async function reportFacts(tx: Tx, reportId: number) {
  const [row] = await tx
    .select({
      taskId: tasks.id,
      taskNumber: tasks.number,
      taskTitle: tasks.title,
      programId: programs.id,
      goalId: goals.id,
      year: reports.year,
    })
    .from(reports)
    .innerJoin(tasks, eq(tasks.id, reports.taskId))
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .where(eq(reports.id, reportId));
  return row ?? null;
}

/**
 * Called by recordTransition (lib/reports/report-context.ts) for every step of a report: the mails
 * of that step, in its transaction. `to` is where the report went (`submitted` waits for the
 * coordinator, `accepted` for the goal owner).
 */
export async function notifyReportTransition(
  tx: Tx,
  step: { reportId: number; action: string; to: string; comment: string; actorUserId: number },
): Promise<void> {
  if (!['submit', 'accept', 'return', 'approve', 'withdraw_approval'].includes(step.action)) return;
  const facts = await reportFacts(tx, step.reportId);
  if (!facts) return;
  const path = `/tasks/${facts.taskId}/reports/${facts.year}`;
  const params = { task: `${facts.taskNumber}. ${facts.taskTitle}`, year: facts.year, comment: step.comment };
  const except = { except: step.actorUserId };
  const executors = async () => (await holdersOfRole(tx, 'executor', [facts.taskId])).get(facts.taskId) ?? [];
  const coordinators = async () =>
    (await holdersOfRole(tx, 'coordinator', [facts.programId])).get(facts.programId) ?? [];
  const goalOwners = async () =>
    (await holdersOfRole(tx, 'goal_owner', [facts.goalId])).get(facts.goalId) ?? [];

  if (step.action === 'submit' || step.action === 'accept') {
    // Whoever acts next: the coordinator for a submitted report, the goal owner for an accepted one.
    const next =
      step.to === 'submitted' ? await coordinators() : step.to === 'accepted' ? await goalOwners() : [];
    await enqueueForUsers(tx, next, { kind: 'report_submitted', params, path }, except);
  } else if (step.action === 'return') {
    await enqueueForUsers(tx, await executors(), { kind: 'report_returned', params, path }, except);
  } else {
    const kind = step.action === 'approve' ? 'report_approved' : 'report_withdrawn';
    await enqueueForUsers(
      tx,
      [...(await executors()), ...(await coordinators())],
      { kind, params, path },
      except,
    );
  }
}

/** A year opened for reporting: each executor, once, with their tasks and the deadline. */
export async function notifyYearOpened(
  tx: Tx,
  year: { strategyId: number; year: number; deadline: string },
): Promise<void> {
  const [strategy] = await tx
    .select({ name: strategies.name })
    .from(strategies)
    .where(eq(strategies.id, year.strategyId));
  const taskRows = await tx
    .select({ id: tasks.id, number: tasks.number, title: tasks.title })
    .from(tasks)
    .innerJoin(programs, eq(programs.id, tasks.programId))
    .innerJoin(goals, eq(goals.id, programs.goalId))
    .where(and(eq(goals.strategyId, year.strategyId), isNull(tasks.archivedAt)));
  const holders = await holdersOfRole(
    tx,
    'executor',
    taskRows.map((task) => task.id),
  );
  const tasksOf = new Map<number, string[]>();
  for (const task of taskRows) {
    for (const userId of holders.get(task.id) ?? []) {
      tasksOf.set(userId, [...(tasksOf.get(userId) ?? []), `${task.number}. ${task.title}`]);
    }
  }
  for (const [userId, titles] of tasksOf) {
    await enqueueForUsers(tx, [userId], {
      kind: 'year_opened',
      params: {
        year: year.year,
        deadline: dayText(year.deadline),
        strategy: strategy?.name ?? '',
        tasks: titles.join('; '),
      },
      path: '/inbox',
      dedupeKey: `year_opened:${year.strategyId}:${year.year}`,
    });
  }
}

/** A task given to a new executor post: the people holding that post. */
export async function notifyTaskAssigned(
  tx: Tx,
  task: { taskId: number; postId: number; actorUserId: number },
) {
  const [row] = await tx
    .select({ number: tasks.number, title: tasks.title, post: posts.name })
    .from(tasks)
    .innerJoin(posts, eq(posts.id, task.postId))
    .where(eq(tasks.id, task.taskId));
  if (!row) return;
  await enqueueForUsers(
    tx,
    await holdersOfPost(tx, task.postId),
    {
      kind: 'task_assigned',
      params: { task: `${row.number}. ${row.title}`, post: row.post },
      path: `/tasks/${task.taskId}`,
    },
    { except: task.actorUserId },
  );
}
