import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { posts } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { assignExecutorSchema } from '@/lib/cards/card-schema';
import { invalid } from '@/lib/errors';
import { notifyTaskAssigned } from '@/lib/mail/events';
import { parseInput } from '@/lib/validation';
import { assignScopedRole } from './assignments';
import { manageTask } from './program-scope';

/** Gives a task's executor role to a post (or to none), from the task editor. */
export async function assignExecutor(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  rawInput: unknown,
) {
  const { user } = await manageTask(db, userOrNull, taskId);
  const { postId, currentPostId } = parseInput(assignExecutorSchema, rawInput);
  return db.transaction(async (tx) => {
    if (postId !== null) {
      const [post] = await tx
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.id, postId), isNull(posts.archivedAt)));
      if (!post) throw invalid({ postId: ['unknownPost'] });
    }
    // The form says whom it showed as the executor: another one there now is a conflict.
    const assigned = await assignScopedRole(tx, { role: 'executor', taskId }, postId, user.id, new Date(), {
      postId: currentPostId,
    });
    // The people of the new executor post learn of their task in the same transaction.
    if (assigned.changed && postId !== null)
      await notifyTaskAssigned(tx, { taskId, postId, actorUserId: user.id });
    return assigned;
  });
}
