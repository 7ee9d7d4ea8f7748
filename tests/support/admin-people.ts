import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database, Db } from '@/db/client';
import * as schema from '@/db/schema';
import { postHolders, postRoles, posts, users } from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { hashPassword } from '@/lib/auth/password';
import { type CurrentUser, signInWithPassword } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { type WorkflowFixture, addWorkflowFixture, fixtureLogins, snapshotOf, userByLogin } from './fixtures';
import { type Backend, createMigrated } from './test-db';

/*
 * The set-up and the checks the tests of the strategy office's people screens share
 * (tests/integration/admin-*.test.ts: users, departments, posts, post holders, post roles and
 * who may call them).
 */

export const limits = { idleMinutes: 60, maxHours: 10 };

export async function expectRefused(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a public "${code}" error, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as { code: string; fieldErrors?: Record<string, string[]> };
}

/** `invalid`, naming exactly the field (and the message key when given). */
export async function expectInvalid(promise: Promise<unknown>, field: string, key?: string) {
  const error = await expectRefused(promise, 'invalid');
  expect(Object.keys(error.fieldErrors ?? {})).toContain(field);
  if (key) expect(error.fieldErrors?.[field]).toContain(key);
}

const peopleTables = {
  users: schema.users,
  departments: schema.departments,
  posts: schema.posts,
  postHolders: schema.postHolders,
  postRoles: schema.postRoles,
  userSessions: schema.userSessions,
  auditLog: schema.auditLog,
};

/** Every row of the tables these functions could touch, in a stable order: equal means unchanged. */
export function peopleSnapshot(db: Db): Promise<Record<string, string[]>> {
  return snapshotOf(db, peopleTables);
}

/**
 * A database of the backend for one describe block (its beforeAll and afterAll are registered
 * here): the demo data, the workflow fixture, and a former strategy-office employee still on an
 * administrator post whose account is deactivated. Returns the accessors the tests use.
 */
export function adminPeopleDatabase(backend: Backend) {
  let database: Database;
  let fixture: WorkflowFixture;
  const persons: Record<string, CurrentUser> = {};
  const db = () => database.db;
  const as = (name: string) => persons[name]!;

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
    fixture = await addWorkflowFixture(database.db);

    // A former strategy-office employee: still on an administrator post, but the account is deactivated.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const [post] = await database.db
      .insert(posts)
      .values({ name: 'Zastępca Kierownika Biura Strategii', function: 'Zastępca Kierownika' })
      .returning({ id: posts.id });
    const [former] = await database.db
      .insert(users)
      .values({ login: 'byly.admin', displayName: 'Anna Dawna', passwordHash, isActive: false })
      .returning({ id: users.id });
    await database.db
      .insert(postHolders)
      .values({ postId: post!.id, userId: former!.id, validFrom: new Date('2010-01-01') });
    await database.db
      .insert(postRoles)
      .values({ postId: post!.id, role: 'admin', validFrom: new Date('2010-01-01') });

    for (const [name, login] of Object.entries({
      admin: demoUsers.admin.login,
      goalOwner: demoUsers.goalOwner.login,
      coordinator: demoUsers.coordinator.login,
      executor: fixtureLogins.executor,
      deactivatedAdmin: 'byly.admin',
    })) {
      persons[name] = await userByLogin(database.db, login);
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  return {
    db,
    fixture: () => fixture,
    as,
    /** A fresh admin view (roles re-read), as the next request would see it. */
    admin: () => as('admin'),
    userId: async (login: string) => (await userByLogin(db(), login)).id,
    postIdNamed: async (name: string) => {
      const [row] = await db().select({ id: posts.id }).from(posts).where(eq(posts.name, name));
      return row!.id;
    },
    signIn: (login: string, password = DEMO_PASSWORD) =>
      signInWithPassword(db(), { login, password }, limits),
  };
}
