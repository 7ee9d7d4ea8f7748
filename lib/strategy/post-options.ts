import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, postHolders, posts, users } from '@/db/schema';
import { currentPeriod } from '@/lib/auth/permissions';

export interface PostOption {
  id: number;
  label: string;
}

/** The posts to choose from (an executor, a role): each with its holder now, if any. */
export async function listPostOptions(db: Db): Promise<PostOption[]> {
  const now = new Date();
  const rows = await db
    .select({
      id: posts.id,
      name: posts.name,
      function: posts.function,
      department: departments.name,
      holder: users.displayName,
    })
    .from(posts)
    .leftJoin(departments, eq(departments.id, posts.departmentId))
    .leftJoin(postHolders, and(eq(postHolders.postId, posts.id), ...currentPeriod(postHolders, now)))
    .leftJoin(users, eq(users.id, postHolders.userId))
    .where(isNull(posts.archivedAt))
    .orderBy(asc(posts.name));
  return rows.map((row) => ({ id: row.id, label: `${row.name}${row.holder ? ` (${row.holder})` : ''}` }));
}
