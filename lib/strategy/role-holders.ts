import 'server-only';
import { type SQLWrapper, and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, postRoles, posts } from '@/db/schema';
import { currentPeriod } from '@/lib/auth/permissions';
import { type ScopedRoleKind, roleTargets, targetColumnOf } from '@/lib/auth/roles';

/** A post as the strategy's pages name its holder: the post, its function and its department. */
export interface PostLabel {
  postName: string;
  function: string | null;
  department: string | null;
}

/**
 * Ids of goals, programs or tasks: a list, or a subquery selecting them (a city's 600 task ids as
 * 600 parameters cost more to bind than the query takes to run).
 */
export type IdSet = number[] | SQLWrapper;

/** The posts currently holding the given roles (owner of goals, coordinator of programs, executor of tasks). */
export async function loadRoleHolders(
  db: Db,
  scope: { goalIds?: IdSet; programIds?: IdSet; taskIds?: IdSet },
  now: Date = new Date(),
) {
  const owners = new Map<number, PostLabel>();
  const coordinators = new Map<number, PostLabel>();
  const executors = new Map<number, PostLabel>();
  const wanted: { role: ScopedRoleKind; ids: IdSet | undefined; holders: Map<number, PostLabel> }[] = [
    { role: 'goal_owner', ids: scope.goalIds, holders: owners },
    { role: 'coordinator', ids: scope.programIds, holders: coordinators },
    { role: 'executor', ids: scope.taskIds, holders: executors },
  ];
  const conditions = wanted.flatMap(({ role, ids }) =>
    ids && (!Array.isArray(ids) || ids.length > 0)
      ? [and(eq(postRoles.role, role), inArray(targetColumnOf(role), ids))]
      : [],
  );
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
    .where(and(or(...conditions), ...currentPeriod(postRoles, now)));
  for (const row of rows) {
    const label = { postName: row.postName, function: row.function, department: row.department };
    for (const { role, holders } of wanted) {
      const targetId = row.role === role ? row[roleTargets[role].key] : null;
      if (targetId) holders.set(targetId, label);
    }
  }
  return { owners, coordinators, executors };
}
