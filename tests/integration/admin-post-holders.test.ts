import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { warsawMidnight } from '@/lib/admin/dates';
import { setPostHolder } from '@/lib/admin/people/post-holders';
import { createPost, getPost, listPosts } from '@/lib/admin/people/posts';
import { createUser, getUser } from '@/lib/admin/people/users';
import { adminPeopleDatabase, expectInvalid, expectRefused, peopleSnapshot } from '../support/admin-people';
import { testBackends } from '../support/test-db';

describe.each(testBackends())('administration of the holders of posts on $name', (backend) => {
  const { db, admin } = adminPeopleDatabase(backend);

  it('sets the holder of a post from a day on, keeping the history', async () => {
    const post = await createPost(db(), admin(), {
      name: 'Naczelnik Wydziału Komunikacji',
      function: 'Naczelnik',
      departmentId: null,
    });
    const first = await createUser(db(), admin(), {
      login: 'pierwszy.naczelnik',
      displayName: 'Adam Pierwszy',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-pierwszego-1',
    });
    const second = await createUser(db(), admin(), {
      login: 'drugi.naczelnik',
      displayName: 'Beata Druga',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-drugiego-12',
    });
    let view = await getPost(db(), admin(), post.id);
    let result = await setPostHolder(db(), admin(), {
      postId: post.id,
      version: view.version,
      userId: first.id,
      from: '2020-01-01',
    });
    result = await setPostHolder(db(), admin(), {
      postId: post.id,
      version: result.version,
      userId: second.id,
      from: '2021-06-01',
    });
    view = await getPost(db(), admin(), post.id);
    expect(
      view.holders.map((h) => [
        h.userId,
        h.validFrom.toISOString(),
        h.validTo?.toISOString() ?? null,
        h.isCurrent,
      ]),
    ).toEqual([
      [second.id, warsawMidnight('2021-06-01').toISOString(), null, true],
      [
        first.id,
        warsawMidnight('2020-01-01').toISOString(),
        warsawMidnight('2021-06-01').toISOString(),
        false,
      ],
    ]);
    // Midnight in Warsaw (summer time: UTC+2).
    expect(warsawMidnight('2021-06-01').toISOString()).toBe('2021-05-31T22:00:00.000Z');
    expect((await listPosts(db(), admin())).find((p) => p.id === post.id)?.holder).toMatchObject({
      userId: second.id,
      displayName: 'Beata Druga',
    });

    const before = await peopleSnapshot(db());
    // Not before the current holder started; not the same person again; not with a stale version.
    await expectInvalid(
      setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: first.id,
        from: '2021-06-01',
      }),
      'from',
      'fromBeforeCurrent',
    );
    await expectInvalid(
      setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: second.id,
        from: '2022-01-01',
      }),
      'userId',
      'alreadyHolder',
    );
    await expectRefused(
      setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version - 1,
        userId: first.id,
        from: '2022-01-01',
      }),
      'conflict',
    );
    // A person who does not exist is not found, even with a stale version of the post.
    for (const version of [result.version, result.version - 1]) {
      await expectRefused(
        setPostHolder(db(), admin(), { postId: post.id, version, userId: 999_999, from: '2022-01-01' }),
        'not_found',
      );
    }
    expect(await peopleSnapshot(db())).toEqual(before);

    // Ending without a successor.
    result = await setPostHolder(db(), admin(), {
      postId: post.id,
      version: result.version,
      userId: null,
      from: '2022-03-01',
    });
    view = await getPost(db(), admin(), post.id);
    expect(view.holders.every((holder) => holder.validTo !== null)).toBe(true);
    expect(view.holders).toHaveLength(2);
    await expectInvalid(
      setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: null,
        from: '2023-01-01',
      }),
      'userId',
      'noHolder',
    );
    // After the last holding ended, not overlapping it.
    await expectInvalid(
      setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: first.id,
        from: '2022-02-01',
      }),
      'from',
      'fromBeforeCurrent',
    );
    const user = await getUser(db(), admin(), second.id);
    expect(user.holdings).toEqual([
      expect.objectContaining({ postId: post.id, isCurrent: false, validTo: warsawMidnight('2022-03-01') }),
    ]);
    const audit = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'post'), eq(auditLog.entityId, String(post.id))));
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'create',
      'end_holding',
      'set_holder',
      'set_holder',
    ]);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await peopleSnapshot(db());
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => setPostHolder(db(), admin(), { postId: 1, version: 1, userId: null, from: '2024-02-30' }),
        'from',
        'invalidDate',
      ],
    ];
    for (const [call, field, key] of cases) await expectInvalid(call(), field, key);
    expect(await peopleSnapshot(db())).toEqual(before);
  });
});
