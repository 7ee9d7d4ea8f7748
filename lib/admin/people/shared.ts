import 'server-only';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { departments, posts, userSessions } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';

/*
 * The small rules the people modules (users, departments, posts, post holders, post roles) share.
 * Nothing here checks the caller: every exported command of those modules does that first.
 */

/** A period's end must come after its start (a check in the database): never the same instant. */
export function endAfter(validFrom: Date, now: Date): Date {
  return now.getTime() > validFrom.getTime() ? now : new Date(validFrom.getTime() + 1);
}

/** A holding or a role valid at `now` (the rows `currentPeriod` of lib/auth/permissions.ts selects). */
export function isCurrentAt(period: { validFrom: Date; validTo: Date | null }, now: Date): boolean {
  return period.validFrom <= now && (period.validTo === null || period.validTo > now);
}

/** A unique index refused the row (PostgreSQL 23505), possibly wrapped by the driver or Drizzle. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (candidate.code === '23505') {
      const name = candidate.constraint_name ?? candidate.constraint;
      return constraint === undefined || name === undefined || name === constraint;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** After a guarded UPDATE found nothing: the record is missing (not found) or changed (conflict). */
export async function missingOrChanged(exists: Promise<unknown[]>): Promise<never> {
  throw (await exists).length ? conflict() : notFound();
}

/**
 * A department that may be chosen: it exists (else not found: only a forged form names one that never
 * did) and is not archived (or is the one already set).
 */
export async function assertDepartmentChoosable(
  db: Tx,
  departmentId: number | null,
  current: number | null = null,
) {
  if (departmentId === null || departmentId === current) return;
  const [row] = await db
    .select({ archivedAt: departments.archivedAt })
    .from(departments)
    .where(eq(departments.id, departmentId));
  if (!row) throw notFound();
  if (row.archivedAt) throw invalid({ departmentId: ['unknownDepartment'] });
}

/** The caller would lose their last administrator role with this post: they could not undo it. */
export function onlyAdminPostOf(user: CurrentUser, postId: number): boolean {
  const adminPosts = new Set(user.roles.filter((grant) => grant.role === 'admin').map((g) => g.postId));
  return adminPosts.has(postId) && adminPosts.size === 1;
}

/**
 * The guarded step every change of a post's holder or roles starts with: the post must be the
 * version the admin saw and not archived. Two admins changing the same post: one gets a conflict.
 */
export async function claimPost(tx: Tx, postId: number, version: number) {
  const [claimed] = await tx
    .update(posts)
    .set({ version: sql`${posts.version} + 1` })
    .where(and(eq(posts.id, postId), eq(posts.version, version), isNull(posts.archivedAt)))
    .returning({ id: posts.id, version: posts.version });
  if (claimed) return claimed;
  const [post] = await tx
    .select({ archivedAt: posts.archivedAt, version: posts.version })
    .from(posts)
    .where(eq(posts.id, postId));
  if (!post) throw notFound();
  if (post.archivedAt && post.version === version) throw invalid({ _form: ['postArchived'] });
  throw conflict();
}

/** Revokes every open session of a user (except `keep`): their browser is refused at the next request. */
export async function revokeSessionsOf(tx: Tx, userId: number, now: Date, keep?: string): Promise<number> {
  const revoked = await tx
    .update(userSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        keep ? ne(userSessions.id, keep) : undefined,
      ),
    )
    .returning({ id: userSessions.id });
  return revoked.length;
}
