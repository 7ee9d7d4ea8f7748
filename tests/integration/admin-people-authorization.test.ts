import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { postRoles } from '@/db/schema';
import * as departmentCommands from '@/lib/admin/people/departments';
import * as postHolderCommands from '@/lib/admin/people/post-holders';
import * as postRoleCommands from '@/lib/admin/people/post-roles';
import * as postCommands from '@/lib/admin/people/posts';
import * as userCommands from '@/lib/admin/people/users';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { adminPeopleDatabase, peopleSnapshot } from '../support/admin-people';
import { fixtureLogins } from '../support/fixtures';
import { testBackends } from '../support/test-db';

/** Every command of the people screens, module by module (lib/admin/people/*). */
const people = {
  ...userCommands,
  ...departmentCommands,
  ...postCommands,
  ...postHolderCommands,
  ...postRoleCommands,
};

describe.each(testBackends())('administration of people: who may call it on $name', (backend) => {
  const { db, as, userId, postIdNamed } = adminPeopleDatabase(backend);

  it('refuses every function without a session, to non-admins and to a deactivated admin, changing nothing', async () => {
    const someUserId = await userId(fixtureLogins.otherExecutor);
    const postId = await postIdNamed('Dyrektor Miejskiego Centrum Kultury');
    const [department] = await db().select().from(schema.departments);
    const [role] = await db()
      .select()
      .from(postRoles)
      .where(and(eq(postRoles.postId, postId), isNull(postRoles.validTo)));
    // Well-formed input for every function: only the caller is wrong.
    const calls: Record<string, (user: CurrentUser | null) => Promise<unknown>> = {
      // The office's check itself, shared by every admin command (lib/auth/permissions.ts).
      requireAdmin: (user) => requireAdmin(db(), user),
      listUsers: (user) => people.listUsers(db(), user),
      getUser: (user) => people.getUser(db(), user, someUserId),
      createUser: (user) =>
        people.createUser(db(), user, {
          login: 'intruz',
          displayName: 'Intruz',
          email: '',
          departmentId: null,
          signIn: 'password',
          password: 'bardzo-dlugie-haslo',
        }),
      updateUser: (user) =>
        people.updateUser(db(), user, {
          id: someUserId,
          version: 1,
          displayName: 'Zmieniony',
          email: '',
          departmentId: null,
        }),
      setUserActive: (user) =>
        people.setUserActive(db(), user, { id: someUserId, version: 1, active: false }),
      resetPassword: (user) =>
        people.resetPassword(db(), user, {
          id: someUserId,
          signIn: 'password',
          password: 'bardzo-dlugie-haslo',
          confirmPassword: 'bardzo-dlugie-haslo',
        }),
      listDepartments: (user) => people.listDepartments(db(), user),
      listDepartmentChoices: (user) => people.listDepartmentChoices(db(), user),
      createDepartment: (user) =>
        people.createDepartment(db(), user, { name: 'Wydział X', abbreviation: 'WX' }),
      updateDepartment: (user) =>
        people.updateDepartment(db(), user, {
          id: department!.id,
          version: department!.version,
          name: 'Inna nazwa',
          abbreviation: '',
        }),
      archiveDepartment: (user) =>
        people.archiveDepartment(db(), user, { id: department!.id, version: department!.version }),
      listRoleTargets: (user) => people.listRoleTargets(db(), user),
      listPosts: (user) => people.listPosts(db(), user),
      getPost: (user) => people.getPost(db(), user, postId),
      createPost: (user) =>
        people.createPost(db(), user, { name: 'Stanowisko X', function: '', departmentId: null }),
      updatePost: (user) =>
        people.updatePost(db(), user, {
          id: postId,
          version: 1,
          name: 'Zmienione',
          function: '',
          departmentId: null,
        }),
      archivePost: (user) => people.archivePost(db(), user, { id: postId, version: 1 }),
      setPostHolder: (user) =>
        people.setPostHolder(db(), user, { postId, version: 1, userId: null, from: '2030-01-01' }),
      grantPostRole: (user) =>
        people.grantPostRole(db(), user, { postId, version: 1, role: 'admin', targetId: null }),
      endPostRole: (user) => people.endPostRole(db(), user, { postId, version: 1, roleId: role!.id }),
    };
    // Every exported function of the modules is in the table above, beside the shared check itself.
    const exported = Object.entries(people)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    expect([...exported, 'requireAdmin'].sort()).toEqual(Object.keys(calls).sort());

    const before = await peopleSnapshot(db());
    for (const [name, call] of Object.entries(calls)) {
      const refusals: [CurrentUser | null, string][] = [
        [null, 'unauthenticated'],
        [as('goalOwner'), 'forbidden'],
        [as('coordinator'), 'forbidden'],
        [as('executor'), 'forbidden'],
        [as('deactivatedAdmin'), 'forbidden'],
      ];
      for (const [user, code] of refusals) {
        const error = await call(user).then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(
          isPublicError(error) && error.code,
          `${name} as ${user?.login ?? 'nobody'}: expected ${code}, got ${String(error)}`,
        ).toBe(code);
      }
    }
    // The deactivated admin still "holds" the admin post: only the account's state stops them.
    expect(as('deactivatedAdmin').roles.some((grant) => grant.role === 'admin')).toBe(true);
    expect(await peopleSnapshot(db())).toEqual(before);
  });
});
