import 'server-only';
import { writeAudit } from '@/lib/audit';
import { and, asc, count, eq, isNull, or, sql, gt, lt } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import {
  goals,
  indicatorYears,
  indicators,
  postRoles,
  posts,
  programs,
  reports,
  stageYears,
  stages,
  strategies,
  tasks,
} from '@/db/schema';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assignScopedRole } from '@/lib/strategy/assignments';
import { listPostOptions } from '@/lib/strategy/post-options';
import { goalFormSchema, programFormSchema, strategyFormSchema } from './structure-schema';

/*
 * The strategy's structure, kept by the strategy office: strategies with their span, goals and
 * programs (number, name, owner or coordinator, archived). Admin only, re-read from the database on
 * every call (a deactivated admin or an ended admin role is refused at once); every change is audited.
 */

/** A post chosen in a select must exist and not be archived. */
async function assertPost(tx: Tx, postId: number | null, field: string) {
  if (postId === null) return;
  const [post] = await tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.id, postId), isNull(posts.archivedAt)));
  if (!post) throw invalid({ [field]: ['unknownPost'] });
}

export async function getStructure(db: Db, userOrNull: CurrentUser | null) {
  await requireAdmin(db, userOrNull);
  const [strategyRows, goalRows, programRows, roles, options] = await Promise.all([
    db.select().from(strategies).orderBy(asc(strategies.id)),
    db.select().from(goals).orderBy(asc(goals.number)),
    db.select().from(programs).orderBy(asc(programs.number)),
    db
      .select({
        role: postRoles.role,
        goalId: postRoles.goalId,
        programId: postRoles.programId,
        postId: postRoles.postId,
      })
      .from(postRoles)
      .where(
        and(
          isNull(postRoles.validTo),
          or(eq(postRoles.role, 'goal_owner'), eq(postRoles.role, 'coordinator')),
        ),
      ),
    listPostOptions(db),
  ]);
  return {
    postOptions: options,
    strategies: strategyRows.map((strategy) => ({
      ...strategy,
      goals: goalRows
        .filter((goal) => goal.strategyId === strategy.id)
        .map((goal) => ({
          ...goal,
          ownerPostId:
            roles.find((role) => role.role === 'goal_owner' && role.goalId === goal.id)?.postId ?? null,
          programs: programRows
            .filter((program) => program.goalId === goal.id)
            .map((program) => ({
              ...program,
              coordinatorPostId:
                roles.find((role) => role.role === 'coordinator' && role.programId === program.id)?.postId ??
                null,
            })),
        })),
    })),
  };
}

export async function saveStrategy(db: Db, userOrNull: CurrentUser | null, rawInput: unknown) {
  const user = await requireAdmin(db, userOrNull);
  const input = parseInput(strategyFormSchema, rawInput);
  const values = {
    name: input.name,
    cityName: input.cityName,
    startYear: Number(input.startYear),
    endYear: Number(input.endYear),
  };
  return db.transaction(async (tx) => {
    if (input.id === null) {
      const [created] = await tx
        .insert(strategies)
        .values(values)
        .returning({ id: strategies.id, version: strategies.version });
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'strategy',
        entityId: created!.id,
        action: 'create',
        before: null,
        after: values,
      });
      return created!;
    }
    const [before] = await tx.select().from(strategies).where(eq(strategies.id, input.id));
    if (!before) throw notFound();
    // Narrowing the span must not cut off years that already hold plans, values or reports.
    const outside = (column: typeof stageYears.year | typeof reports.year | typeof indicatorYears.year) =>
      or(lt(column, values.startYear), gt(column, values.endYear));
    const [planned] = await tx
      .select({ n: count() })
      .from(stageYears)
      .innerJoin(stages, eq(stages.id, stageYears.stageId))
      .innerJoin(tasks, eq(tasks.id, stages.taskId))
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(and(eq(goals.strategyId, input.id), outside(stageYears.year)));
    const [reported] = await tx
      .select({ n: count() })
      .from(reports)
      .innerJoin(tasks, eq(tasks.id, reports.taskId))
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(and(eq(goals.strategyId, input.id), outside(reports.year)));
    const [measured] = await tx
      .select({ n: count() })
      .from(indicatorYears)
      .innerJoin(indicators, eq(indicators.id, indicatorYears.indicatorId))
      .innerJoin(tasks, eq(tasks.id, indicators.taskId))
      .innerJoin(programs, eq(programs.id, tasks.programId))
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(and(eq(goals.strategyId, input.id), outside(indicatorYears.year)));
    if ((planned?.n ?? 0) + (reported?.n ?? 0) + (measured?.n ?? 0) > 0)
      throw invalid({ startYear: ['spanHasData'] });
    const [updated] = await tx
      .update(strategies)
      .set({ ...values, version: sql`${strategies.version} + 1` })
      .where(and(eq(strategies.id, input.id), eq(strategies.version, input.version)))
      .returning({ id: strategies.id, version: strategies.version });
    if (!updated) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'strategy',
      entityId: input.id,
      action: 'update',
      before,
      after: values,
    });
    return updated;
  });
}

export async function saveGoal(db: Db, userOrNull: CurrentUser | null, rawInput: unknown) {
  const user = await requireAdmin(db, userOrNull);
  const input = parseInput(goalFormSchema, rawInput);
  const number = Number(input.number);
  return db.transaction(async (tx) => {
    const [strategy] = await tx
      .select({ id: strategies.id })
      .from(strategies)
      .where(eq(strategies.id, input.strategyId));
    if (!strategy) throw notFound();
    const [clash] = await tx
      .select({ id: goals.id })
      .from(goals)
      .where(
        and(
          eq(goals.strategyId, input.strategyId),
          eq(goals.number, number),
          input.id ? sql`${goals.id} <> ${input.id}` : undefined,
        ),
      );
    if (clash) throw invalid({ number: ['numberTaken'] });
    let goalId = input.id;
    // The version the form holds after this save (it stays on the page for the next one).
    let version: number;
    if (goalId === null) {
      const [created] = await tx
        .insert(goals)
        .values({
          strategyId: input.strategyId,
          number,
          title: input.title,
          archivedAt: input.archived ? new Date() : null,
        })
        .returning({ id: goals.id, version: goals.version });
      goalId = created!.id;
      version = created!.version;
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'goal',
        entityId: goalId,
        action: 'create',
        before: null,
        after: { number, title: input.title },
      });
    } else {
      const [before] = await tx
        .select()
        .from(goals)
        .where(and(eq(goals.id, goalId), eq(goals.strategyId, input.strategyId)));
      if (!before) throw notFound();
      const [updated] = await tx
        .update(goals)
        .set({
          number,
          title: input.title,
          archivedAt: input.archived ? (before.archivedAt ?? new Date()) : null,
          version: sql`${goals.version} + 1`,
        })
        .where(and(eq(goals.id, goalId), eq(goals.version, input.version)))
        .returning({ id: goals.id, version: goals.version });
      if (!updated) throw conflict();
      version = updated.version;
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'goal',
        entityId: goalId,
        action: 'update',
        before,
        after: { number, title: input.title, archived: input.archived },
      });
    }
    await assertPost(tx, input.ownerPostId, 'ownerPostId');
    await assignScopedRole(tx, { role: 'goal_owner', goalId }, input.ownerPostId, user.id);
    return { id: goalId, version };
  });
}

export async function saveProgram(db: Db, userOrNull: CurrentUser | null, rawInput: unknown) {
  const user = await requireAdmin(db, userOrNull);
  const input = parseInput(programFormSchema, rawInput);
  const number = Number(input.number);
  return db.transaction(async (tx) => {
    const [goal] = await tx.select({ id: goals.id }).from(goals).where(eq(goals.id, input.goalId));
    if (!goal) throw notFound();
    const [clash] = await tx
      .select({ id: programs.id })
      .from(programs)
      .where(
        and(
          eq(programs.goalId, input.goalId),
          eq(programs.number, number),
          input.id ? sql`${programs.id} <> ${input.id}` : undefined,
        ),
      );
    if (clash) throw invalid({ number: ['numberTaken'] });
    let programId = input.id;
    // The version the form holds after this save (it stays on the page for the next one).
    let version: number;
    if (programId === null) {
      const [created] = await tx
        .insert(programs)
        .values({
          goalId: input.goalId,
          number,
          title: input.title,
          archivedAt: input.archived ? new Date() : null,
        })
        .returning({ id: programs.id, version: programs.version });
      programId = created!.id;
      version = created!.version;
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'program',
        entityId: programId,
        action: 'create',
        before: null,
        after: { number, title: input.title },
      });
    } else {
      const [before] = await tx
        .select()
        .from(programs)
        .where(and(eq(programs.id, programId), eq(programs.goalId, input.goalId)));
      if (!before) throw notFound();
      const [updated] = await tx
        .update(programs)
        .set({
          number,
          title: input.title,
          archivedAt: input.archived ? (before.archivedAt ?? new Date()) : null,
          version: sql`${programs.version} + 1`,
        })
        .where(and(eq(programs.id, programId), eq(programs.version, input.version)))
        .returning({ id: programs.id, version: programs.version });
      if (!updated) throw conflict();
      version = updated.version;
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'program',
        entityId: programId,
        action: 'update',
        before,
        after: { number, title: input.title, archived: input.archived },
      });
    }
    await assertPost(tx, input.coordinatorPostId, 'coordinatorPostId');
    await assignScopedRole(tx, { role: 'coordinator', programId }, input.coordinatorPostId, user.id);
    return { id: programId, version };
  });
}
