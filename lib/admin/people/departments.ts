import 'server-only';
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { departments, posts, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, invalid, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import {
  archiveDepartmentSchema,
  createDepartmentSchema,
  updateDepartmentSchema,
} from '@/lib/admin/people-schema';
import { missingOrChanged } from './shared';

/*
 * The city office's departments: the list with how many people and posts each has, the choices a
 * form offers, creating, renaming and archiving one. Admin only (re-read from the database), each
 * change in a transaction with its audit row; departments are archived, never deleted.
 */

export interface DepartmentListItem {
  id: number;
  name: string;
  abbreviation: string | null;
  archivedAt: Date | null;
  version: number;
  users: number;
  posts: number;
}

export async function listDepartments(db: Db, userOrNull: CurrentUser | null): Promise<DepartmentListItem[]> {
  await requireAdmin(db, userOrNull);
  const rows = await db
    .select({
      id: departments.id,
      name: departments.name,
      abbreviation: departments.abbreviation,
      archivedAt: departments.archivedAt,
      version: departments.version,
    })
    .from(departments)
    .orderBy(sql`${departments.archivedAt} is not null`, asc(departments.name), asc(departments.id));
  const userCounts = await db
    .select({ departmentId: users.departmentId, n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.isActive, true))
    .groupBy(users.departmentId);
  const postCounts = await db
    .select({ departmentId: posts.departmentId, n: sql<number>`count(*)::int` })
    .from(posts)
    .where(isNull(posts.archivedAt))
    .groupBy(posts.departmentId);
  const count = (list: { departmentId: number | null; n: number }[], id: number) =>
    Number(list.find((entry) => entry.departmentId === id)?.n ?? 0);
  return rows.map((row) => ({ ...row, users: count(userCounts, row.id), posts: count(postCounts, row.id) }));
}

/** A second department of the same name would be ambiguous in every select. */
async function assertDepartmentNameFree(db: Tx, name: string, exceptId?: number) {
  const [same] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(
      and(
        sql`lower(${departments.name}) = lower(${name})`,
        isNull(departments.archivedAt),
        exceptId ? ne(departments.id, exceptId) : undefined,
      ),
    );
  if (same) throw invalid({ name: ['nameTaken'] });
}

export async function createDepartment(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(createDepartmentSchema, input);
  return db.transaction(async (tx) => {
    await assertDepartmentNameFree(tx, data.name);
    const after = { name: data.name, abbreviation: data.abbreviation || null };
    const [created] = await tx.insert(departments).values(after).returning({ id: departments.id });
    if (!created) throw new Error('department not created');
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'department',
      entityId: created.id,
      action: 'create',
      before: null,
      after,
    });
    return created;
  });
}

export async function updateDepartment(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(updateDepartmentSchema, input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: departments.name, abbreviation: departments.abbreviation })
      .from(departments)
      .where(eq(departments.id, data.id));
    if (!before) throw notFound();
    await assertDepartmentNameFree(tx, data.name, data.id);
    const after = { name: data.name, abbreviation: data.abbreviation || null };
    const [updated] = await tx
      .update(departments)
      .set({ ...after, version: sql`${departments.version} + 1` })
      .where(and(eq(departments.id, data.id), eq(departments.version, data.version)))
      .returning({ id: departments.id, version: departments.version });
    if (!updated) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'department',
      entityId: data.id,
      action: 'update',
      before,
      after,
    });
    return updated;
  });
}

/** Archived departments stay on the records that name them; they are no longer offered in forms. */
export async function archiveDepartment(
  db: Db,
  userOrNull: CurrentUser | null,
  input: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const data = parseInput(archiveDepartmentSchema, input);
  return db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx
      .update(departments)
      .set({ archivedAt: now, version: sql`${departments.version} + 1` })
      .where(
        and(
          eq(departments.id, data.id),
          eq(departments.version, data.version),
          isNull(departments.archivedAt),
        ),
      )
      .returning({ id: departments.id, version: departments.version });
    if (!updated)
      await missingOrChanged(
        tx.select({ id: departments.id }).from(departments).where(eq(departments.id, data.id)),
      );
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'department',
      entityId: data.id,
      action: 'archive',
      before: { archivedAt: null },
      after: { archivedAt: now.toISOString() },
    });
    return updated!;
  });
}

/** The departments a form may offer (not archived), for the selects of the user and post forms. */
export async function listDepartmentChoices(
  db: Db,
  userOrNull: CurrentUser | null,
): Promise<{ id: number; name: string; abbreviation: string | null }[]> {
  await requireAdmin(db, userOrNull);
  return db
    .select({ id: departments.id, name: departments.name, abbreviation: departments.abbreviation })
    .from(departments)
    .where(isNull(departments.archivedAt))
    .orderBy(asc(departments.name));
}
