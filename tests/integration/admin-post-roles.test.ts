import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, postRoles } from '@/db/schema';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { endPostRole, grantPostRole, listRoleTargets } from '@/lib/admin/people/post-roles';
import { archivePost, createPost, getPost, listPosts } from '@/lib/admin/people/posts';
import { createUser, listUsers } from '@/lib/admin/people/users';
import { loadUserRoles } from '@/lib/auth/sessions';
import { adminPeopleDatabase, expectInvalid, expectRefused, peopleSnapshot } from '../support/admin-people';
import { fixtureLogins, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';

describe.each(testBackends())('administration of the roles of posts on $name', (backend) => {
  const { db, fixture, admin, postIdNamed } = adminPeopleDatabase(backend);

  it('granting the executor of a task to another post moves the task, keeping history', async () => {
    const oldPostId = await postIdNamed('Naczelnik Wydziału Gospodarki');
    const executor = await userByLogin(db(), fixtureLogins.executor);
    expect(
      executor.roles.some((grant) => grant.role === 'executor' && grant.taskId === fixture().taskId),
    ).toBe(true);

    const post = await createPost(db(), admin(), {
      name: 'Kierownik Inkubatora Przedsiębiorczości',
      function: 'Kierownik',
      departmentId: null,
    });
    const holder = await createUser(db(), admin(), {
      login: 'kierownik.inkubatora',
      displayName: 'Celina Trzecia',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-kierownika-1',
    });
    let { version } = await getPost(db(), admin(), post.id);
    ({ version } = await setPostHolder(db(), admin(), {
      postId: post.id,
      version,
      userId: holder.id,
      from: '2024-01-01',
    }));
    ({ version } = await grantPostRole(db(), admin(), {
      postId: post.id,
      version,
      role: 'executor',
      targetId: fixture().taskId,
    }));

    expect(
      (await loadUserRoles(db(), executor.id)).some(
        (g) => g.role === 'executor' && g.taskId === fixture().taskId,
      ),
    ).toBe(false);
    expect(await loadUserRoles(db(), holder.id)).toEqual([
      expect.objectContaining({ role: 'executor', taskId: fixture().taskId, postId: post.id }),
    ]);
    const oldPost = await getPost(db(), admin(), oldPostId);
    expect(oldPost.roles).toEqual([
      expect.objectContaining({
        target: expect.objectContaining({ kind: 'executor', id: fixture().taskId }),
        isCurrent: false,
      }),
    ]);
    expect(oldPost.roles[0]!.validTo).not.toBeNull();
    const listed = (await listPosts(db(), admin())).find((p) => p.id === post.id);
    expect(listed?.roles).toEqual([
      {
        id: expect.any(Number),
        target: expect.objectContaining({ kind: 'executor', taskNumber: 2, programNumber: 3, goalNumber: 1 }),
      },
    ]);
    const targets = await listRoleTargets(db(), admin());
    expect(targets.tasks.find((task) => task.id === fixture().taskId)?.holder).toBe(
      'Kierownik Inkubatora Przedsiębiorczości',
    );

    // Giving the same task again, or to a task that does not exist: refused, nothing written.
    let before = await peopleSnapshot(db());
    await expectInvalid(
      grantPostRole(db(), admin(), {
        postId: post.id,
        version,
        role: 'executor',
        targetId: fixture().taskId,
      }),
      'targetId',
      'alreadyHasRole',
    );
    // A goal, program or task that does not exist is not found, even with a stale version of the post.
    for (const role of ['goal_owner', 'coordinator', 'executor'] as const) {
      for (const postVersion of [version, version - 1]) {
        await expectRefused(
          grantPostRole(db(), admin(), { postId: post.id, version: postVersion, role, targetId: 999_999 }),
          'not_found',
        );
      }
    }
    await expectRefused(
      grantPostRole(db(), admin(), {
        postId: post.id,
        version: version - 1,
        role: 'admin',
        targetId: null,
      }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // Ending the role: the task has no executor until it is given again.
    const view = await getPost(db(), admin(), post.id);
    const current = view.roles.find((role) => role.isCurrent)!;
    ({ version } = await endPostRole(db(), admin(), {
      postId: post.id,
      version: view.version,
      roleId: current.id,
    }));
    expect(await loadUserRoles(db(), holder.id)).toEqual([]);
    before = await peopleSnapshot(db());
    await expectRefused(
      endPostRole(db(), admin(), { postId: post.id, version, roleId: current.id }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // Back to the Wydział Gospodarki, as the other tests expect.
    const old = await getPost(db(), admin(), oldPostId);
    await grantPostRole(db(), admin(), {
      postId: oldPostId,
      version: old.version,
      role: 'executor',
      targetId: fixture().taskId,
    });
    const history = await db().select().from(postRoles).where(eq(postRoles.taskId, fixture().taskId));
    expect(history).toHaveLength(3);
    expect(history.filter((row) => row.validTo === null).map((row) => row.postId)).toEqual([oldPostId]);
    const audit = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'task'), eq(auditLog.entityId, String(fixture().taskId))));
    expect(audit.map((entry) => entry.action)).toEqual([
      'assign_executor',
      'assign_executor',
      'assign_executor',
    ]);
  });

  it('grants and ends the admin role; an admin cannot take their own last admin post away', async () => {
    const post = await createPost(db(), admin(), {
      name: 'Specjalista ds. strategii',
      function: '',
      departmentId: null,
    });
    const person = await createUser(db(), admin(), {
      login: 'specjalista',
      displayName: 'Dorota Czwarta',
      email: 'd.czwarta@example.org',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-specjalisty',
    });
    let { version } = await getPost(db(), admin(), post.id);
    ({ version } = await setPostHolder(db(), admin(), {
      postId: post.id,
      version,
      userId: person.id,
      from: '2024-01-01',
    }));
    ({ version } = await grantPostRole(db(), admin(), {
      postId: post.id,
      version,
      role: 'admin',
      targetId: null,
    }));
    const newAdmin = await userByLogin(db(), 'specjalista');
    expect(newAdmin.roles.map((grant) => grant.role)).toEqual(['admin']);
    expect(await listUsers(db(), newAdmin)).not.toHaveLength(0);
    await expectInvalid(
      grantPostRole(db(), admin(), { postId: post.id, version, role: 'admin', targetId: null }),
      'role',
      'alreadyHasRole',
    );

    // The demo admin's only admin post: they cannot end its role, leave it or archive it.
    const adminPost = await getPost(db(), admin(), admin().roles[0]!.postId);
    const adminRole = adminPost.roles.find((role) => role.isCurrent)!;
    const before = await peopleSnapshot(db());
    await expectInvalid(
      endPostRole(db(), admin(), {
        postId: adminPost.id,
        version: adminPost.version,
        roleId: adminRole.id,
      }),
      'roleId',
      'ownAdmin',
    );
    await expectInvalid(
      setPostHolder(db(), admin(), {
        postId: adminPost.id,
        version: adminPost.version,
        userId: null,
        from: '2030-01-01',
      }),
      'userId',
      'ownAdmin',
    );
    await expectInvalid(
      archivePost(db(), admin(), { id: adminPost.id, version: adminPost.version }),
      '_form',
      'ownAdmin',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // The new admin's role ends: at once, they are refused.
    const view = await getPost(db(), admin(), post.id);
    await endPostRole(db(), admin(), {
      postId: post.id,
      version: view.version,
      roleId: view.roles.find((role) => role.isCurrent)!.id,
    });
    await expectRefused(listUsers(db(), newAdmin), 'forbidden');
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await peopleSnapshot(db());
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => grantPostRole(db(), admin(), { postId: 1, version: 1, role: 'executor', targetId: null }),
        'targetId',
        'required',
      ],
      [
        () => grantPostRole(db(), admin(), { postId: 1, version: 1, role: 'mayor', targetId: null }),
        'role',
        'required',
      ],
    ];
    for (const [call, field, key] of cases) await expectInvalid(call(), field, key);
    expect(await peopleSnapshot(db())).toEqual(before);
  });
});
