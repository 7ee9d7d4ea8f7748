import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import { DEMO_PASSWORD } from '@/scripts/seed/demo';
import { getStructure, saveGoal, saveProgram, saveStrategy } from '@/lib/admin/structure';
import { hashPassword } from '@/lib/auth/password';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { type WorkflowFixture, snapshotOf, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { openWorkflowDatabase } from '../support/workflow-db';

/*
 * The structure commands re-read the caller's administrator post from the database (the one
 * requireAdmin of lib/auth/permissions.ts): a caller object loaded before the account was
 * deactivated, or before its admin role ended, is refused at once, not at its next request.
 */

const structureTables = {
  strategies: schema.strategies,
  goals: schema.goals,
  programs: schema.programs,
  postRoles: schema.postRoles,
  auditLog: schema.auditLog,
};

describe.each(testBackends())('the structure commands and a stale admin on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  const db = () => database.db;

  const structureSnapshot = () => snapshotOf(db(), structureTables);

  /** A second administrator: their own post with the admin role, held since 2010. */
  async function addAdmin(login: string) {
    const [post] = await db()
      .insert(schema.posts)
      .values({ name: `Stanowisko ${login}`, function: 'Specjalista' })
      .returning({ id: schema.posts.id });
    const [person] = await db()
      .insert(schema.users)
      .values({ login, displayName: login, passwordHash: await hashPassword(DEMO_PASSWORD) })
      .returning({ id: schema.users.id });
    await db()
      .insert(schema.postHolders)
      .values({ postId: post!.id, userId: person!.id, validFrom: new Date('2010-01-01') });
    const [role] = await db()
      .insert(schema.postRoles)
      .values({ postId: post!.id, role: 'admin', validFrom: new Date('2010-01-01') })
      .returning({ id: schema.postRoles.id });
    return { userId: person!.id, roleId: role!.id, user: await userByLogin(db(), login) };
  }

  /** Every structure command, with well-formed input: only the caller is wrong. */
  const commands: [string, (user: CurrentUser) => Promise<unknown>][] = [
    ['getStructure', (user) => getStructure(db(), user)],
    [
      'saveStrategy',
      (user) =>
        saveStrategy(db(), user, {
          id: fixture.strategyId,
          version: 1,
          name: 'Zmieniona strategia',
          cityName: 'Leszno',
          startYear: '2009',
          endYear: '2013',
        }),
    ],
    [
      'saveGoal',
      (user) =>
        saveGoal(db(), user, {
          id: null,
          strategyId: fixture.strategyId,
          version: 1,
          number: '9',
          title: 'Cel dopisany przez byłego administratora',
          ownerPostId: null,
          archived: false,
        }),
    ],
    [
      'saveProgram',
      (user) =>
        saveProgram(db(), user, {
          id: null,
          goalId: fixture.goalId,
          version: 1,
          number: '9',
          title: 'Program dopisany przez byłego administratora',
          coordinatorPostId: null,
          archived: false,
        }),
    ],
  ];

  async function expectForbidden(user: CurrentUser) {
    for (const [name, run] of commands) {
      const error = await run(user).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isPublicError(error) && error.code, `${name}: got ${String(error)}`).toBe('forbidden');
    }
  }

  beforeAll(async () => {
    ({ database, fixture } = await openWorkflowDatabase(backend));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('refuses an admin deactivated after their user object was loaded, changing nothing', async () => {
    const { userId, user } = await addAdmin('admin.deaktywowany');
    expect(user.roles.some((grant) => grant.role === 'admin')).toBe(true);
    // While active, the same object is let through.
    expect((await getStructure(db(), user)).strategies.length).toBeGreaterThan(0);

    await db().update(schema.users).set({ isActive: false }).where(eq(schema.users.id, userId));
    const before = await structureSnapshot();
    await expectForbidden(user);
    expect(await structureSnapshot()).toEqual(before);
  });

  it('refuses an admin whose admin role ended after their user object was loaded, changing nothing', async () => {
    const { roleId, user } = await addAdmin('admin.bez.roli');
    expect((await getStructure(db(), user)).strategies.length).toBeGreaterThan(0);

    await db().update(schema.postRoles).set({ validTo: new Date() }).where(eq(schema.postRoles.id, roleId));
    const before = await structureSnapshot();
    await expectForbidden(user);
    expect(await structureSnapshot()).toEqual(before);
  });
});
