import { describe, expect, it } from 'vitest';
import { listDepartmentChoices } from '@/lib/admin/people/departments';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { grantPostRole } from '@/lib/admin/people/post-roles';
import { archivePost, createPost, getPost, updatePost } from '@/lib/admin/people/posts';
import { createUser } from '@/lib/admin/people/users';
import { loadUserRoles } from '@/lib/auth/sessions';
import { adminPeopleDatabase, expectInvalid, expectRefused, peopleSnapshot } from '../support/admin-people';
import { fixtureLogins, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';

describe.each(testBackends())('administration of posts on $name', (backend) => {
  const { db, fixture, admin, postIdNamed } = adminPeopleDatabase(backend);

  it('edits and archives a post: its holding and roles end, history stays', async () => {
    const post = await createPost(db(), admin(), {
      name: 'Pełnomocnik ds. rewitalizacji',
      function: 'Pełnomocnik',
      departmentId: null,
    });
    const person = await createUser(db(), admin(), {
      login: 'pelnomocnik',
      displayName: 'Ewa Piąta',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-pelnomocnika',
    });
    let { version } = await getPost(db(), admin(), post.id);
    const [department] = await listDepartmentChoices(db(), admin());
    ({ version } = await updatePost(db(), admin(), {
      id: post.id,
      version,
      name: 'Pełnomocnik Prezydenta ds. rewitalizacji',
      function: 'Pełnomocnik',
      departmentId: department!.id,
    }));
    const before = await peopleSnapshot(db());
    await expectRefused(
      updatePost(db(), admin(), {
        id: post.id,
        version: version - 1,
        name: 'X',
        function: '',
        departmentId: null,
      }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    ({ version } = await setPostHolder(db(), admin(), {
      postId: post.id,
      version,
      userId: person.id,
      from: '2024-01-01',
    }));
    ({ version } = await grantPostRole(db(), admin(), {
      postId: post.id,
      version,
      role: 'coordinator',
      targetId: fixture().otherProgramId,
    }));
    const coordinatorBefore = await userByLogin(db(), fixtureLogins.otherCoordinator);
    expect(coordinatorBefore.roles).toEqual([]);

    await archivePost(db(), admin(), { id: post.id, version });
    const view = await getPost(db(), admin(), post.id);
    expect(view.archivedAt).not.toBeNull();
    expect(view.holders.every((holder) => holder.validTo !== null)).toBe(true);
    expect(view.roles.every((role) => role.validTo !== null)).toBe(true);
    expect(await loadUserRoles(db(), person.id)).toEqual([]);
    const archived = await getPost(db(), admin(), post.id);
    await expectInvalid(
      grantPostRole(db(), admin(), {
        postId: post.id,
        version: archived.version,
        role: 'admin',
        targetId: null,
      }),
      '_form',
      'postArchived',
    );

    // The program goes back to its coordinator's post.
    const wss = await getPost(db(), admin(), await postIdNamed('Naczelnik Wydziału Spraw Społecznych'));
    await grantPostRole(db(), admin(), {
      postId: wss.id,
      version: wss.version,
      role: 'coordinator',
      targetId: fixture().otherProgramId,
    });
    expect((await userByLogin(db(), fixtureLogins.otherCoordinator)).roles).toEqual([
      expect.objectContaining({ role: 'coordinator', programId: fixture().otherProgramId }),
    ]);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const long = 'x'.repeat(10_000);
    const before = await peopleSnapshot(db());
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => createPost(db(), admin(), { name: '\t ', function: '', departmentId: null }),
        'name',
        'required',
      ],
      [() => createPost(db(), admin(), { name: long, function: '', departmentId: null }), 'name', 'tooLong'],
      [
        () => createPost(db(), admin(), { name: 'Post', function: long, departmentId: null }),
        'function',
        'tooLong',
      ],
    ];
    for (const [call, field, key] of cases) await expectInvalid(call(), field, key);
    // Ids from a URL: anything but a positive integer is a record that does not exist.
    for (const bad of ['1', -1, 0, 1.5, 2 ** 40, null]) {
      await expectRefused(getPost(db(), admin(), bad), 'not_found');
    }
    expect(await peopleSnapshot(db())).toEqual(before);
  });
});
