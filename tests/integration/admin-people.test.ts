import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '@/db/client';
import * as schema from '@/db/schema';
import { auditLog, postHolders, postRoles, posts, userSessions, users } from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { warsawMidnight } from '@/lib/admin/dates';
import * as people from '@/lib/admin/people';
import { hashPassword } from '@/lib/auth/password';
import { requireAdmin } from '@/lib/auth/permissions';
import { type CurrentUser, loadSessionUser, loadUserRoles, signInWithPassword } from '@/lib/auth/sessions';
import { isPublicError } from '@/lib/errors';
import { type WorkflowFixture, addWorkflowFixture, fixtureLogins, userByLogin } from '../support/fixtures';
import { createMigrated, testBackends } from '../support/test-db';

const limits = { idleMinutes: 60, maxHours: 10 };
const NEW_PASSWORD = 'nowe-haslo-Leszno-2024';

async function expectRefused(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isPublicError(error), `expected a public "${code}" error, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  return error as { code: string; fieldErrors?: Record<string, string[]> };
}

/** `invalid`, naming exactly the field (and the message key when given). */
async function expectInvalid(promise: Promise<unknown>, field: string, key?: string) {
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
async function peopleSnapshot(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(peopleTables)) {
    const rows = await db.select().from(table);
    out[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

describe.each(testBackends())('administration of people on $name', (backend) => {
  let database: Database;
  let fixture: WorkflowFixture;
  const persons: Record<string, CurrentUser> = {};
  const db = () => database.db;
  const as = (name: string) => persons[name]!;
  /** A fresh admin view (roles re-read), as the next request would see it. */
  const admin = () => as('admin');

  const userId = async (login: string) => (await userByLogin(db(), login)).id;
  const postIdNamed = async (name: string) => {
    const [row] = await db().select({ id: posts.id }).from(posts).where(eq(posts.name, name));
    return row!.id;
  };
  const signIn = (login: string, password = DEMO_PASSWORD) =>
    signInWithPassword(db(), { login, password }, limits);

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
    // Every exported function of the module is in the table above.
    const exported = Object.entries(people)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(Object.keys(calls).sort());

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

  it('creates a user with a hashed password; logins are unique whatever the case', async () => {
    const [department] = await db().select().from(schema.departments);
    const created = await people.createUser(db(), admin(), {
      login: 'Nowa.Osoba',
      displayName: '  Zofia Nowakowska ',
      email: 'z.nowakowska@example.org',
      departmentId: department!.id,
      signIn: 'password',
      password: 'poczatkowe-haslo-1',
    });
    const [row] = await db().select().from(users).where(eq(users.id, created.id));
    expect(row).toMatchObject({
      login: 'Nowa.Osoba',
      displayName: 'Zofia Nowakowska',
      email: 'z.nowakowska@example.org',
      departmentId: department!.id,
      isActive: true,
    });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await signIn('nowa.osoba', 'poczatkowe-haslo-1')).not.toBeNull();

    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, String(created.id))));
    expect(entry).toMatchObject({ actorUserId: admin().id, action: 'create', before: null });
    expect(JSON.stringify(entry!.after)).not.toContain('argon2');
    expect(JSON.stringify(entry!.after)).not.toContain('poczatkowe');

    const before = await peopleSnapshot(db());
    for (const login of ['nowa.osoba', 'NOWA.OSOBA', 'ADMIN']) {
      await expectInvalid(
        people.createUser(db(), admin(), {
          login,
          displayName: 'Ktoś inny',
          email: '',
          departmentId: null,
          signIn: 'password',
          password: 'poczatkowe-haslo-2',
        }),
        'login',
        'loginTaken',
      );
    }
    expect(await peopleSnapshot(db())).toEqual(before);

    const list = await people.listUsers(db(), admin());
    expect(list.find((user) => user.id === created.id)).toMatchObject({
      department: department!.name,
      isActive: true,
      posts: [],
    });
    expect(list.find((user) => user.login === demoUsers.admin.login)?.posts.map((p) => p.name)).toEqual([
      'Kierownik Biura Strategii',
    ]);
    expect(JSON.stringify(list)).not.toContain('argon2');
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const target = await people.getUser(db(), admin(), await userId(fixtureLogins.otherCoordinator));
    const long = 'x'.repeat(10_000);
    const validUser = {
      login: 'poprawny.login',
      displayName: 'Poprawna Osoba',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'poprawne-haslo-12',
    };
    const before = await peopleSnapshot(db());
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => people.createUser(db(), admin(), { ...validUser, displayName: '' }), 'displayName', 'required'],
      [
        () => people.createUser(db(), admin(), { ...validUser, displayName: '   ' }),
        'displayName',
        'required',
      ],
      [() => people.createUser(db(), admin(), { ...validUser, displayName: long }), 'displayName', 'tooLong'],
      [() => people.createUser(db(), admin(), { ...validUser, login: '  ' }), 'login', 'required'],
      [
        () => people.createUser(db(), admin(), { ...validUser, login: 'jan kowalski' }),
        'login',
        'loginFormat',
      ],
      [() => people.createUser(db(), admin(), { ...validUser, login: long }), 'login', 'tooLong'],
      [() => people.createUser(db(), admin(), { ...validUser, email: 'nie-adres' }), 'email', 'invalidEmail'],
      [
        () => people.createUser(db(), admin(), { ...validUser, email: `${long}@example.org` }),
        'email',
        'tooLong',
      ],
      [
        () => people.createUser(db(), admin(), { ...validUser, password: 'krotkie' }),
        'password',
        'passwordTooShort',
      ],
      [
        () => people.createUser(db(), admin(), { ...validUser, password: ' '.repeat(14) }),
        'password',
        'passwordTooShort',
      ],
      [() => people.createUser(db(), admin(), { ...validUser, password: long }), 'password', 'tooLong'],
      [
        () => people.createUser(db(), admin(), { ...validUser, departmentId: 999_999 }),
        'departmentId',
        'unknownDepartment',
      ],
      [
        () => people.createUser(db(), admin(), { ...validUser, departmentId: 'WPiR' }),
        'departmentId',
        'required',
      ],
      [
        () =>
          people.updateUser(db(), admin(), {
            id: target.id,
            version: target.version,
            displayName: ' ',
            email: '',
            departmentId: null,
          }),
        'displayName',
        'required',
      ],
      [
        () =>
          people.updateUser(db(), admin(), {
            id: target.id,
            version: target.version,
            displayName: 'Agnieszka Wójcik',
            email: 'a@b',
            departmentId: null,
          }),
        'email',
        'invalidEmail',
      ],
      [
        () =>
          people.resetPassword(db(), admin(), {
            id: target.id,
            signIn: 'password',
            password: 'za-krotkie',
            confirmPassword: 'za-krotkie',
          }),
        'password',
        'passwordTooShort',
      ],
      [
        () =>
          people.resetPassword(db(), admin(), {
            id: target.id,
            signIn: 'password',
            password: NEW_PASSWORD,
            confirmPassword: 'inne',
          }),
        'confirmPassword',
        'passwordMismatch',
      ],
      [() => people.createDepartment(db(), admin(), { name: '', abbreviation: '' }), 'name', 'required'],
      [() => people.createDepartment(db(), admin(), { name: long, abbreviation: '' }), 'name', 'tooLong'],
      [
        () => people.createDepartment(db(), admin(), { name: 'Wydział', abbreviation: long }),
        'abbreviation',
        'tooLong',
      ],
      [
        () => people.createDepartment(db(), admin(), { name: ' wydział gospodarki ', abbreviation: '' }),
        'name',
        'nameTaken',
      ],
      [
        () => people.createPost(db(), admin(), { name: '\t ', function: '', departmentId: null }),
        'name',
        'required',
      ],
      [
        () => people.createPost(db(), admin(), { name: long, function: '', departmentId: null }),
        'name',
        'tooLong',
      ],
      [
        () => people.createPost(db(), admin(), { name: 'Post', function: long, departmentId: null }),
        'function',
        'tooLong',
      ],
      [
        () =>
          people.setPostHolder(db(), admin(), { postId: 1, version: 1, userId: null, from: '2024-02-30' }),
        'from',
        'invalidDate',
      ],
      [
        () =>
          people.grantPostRole(db(), admin(), { postId: 1, version: 1, role: 'executor', targetId: null }),
        'targetId',
        'required',
      ],
      [
        () => people.grantPostRole(db(), admin(), { postId: 1, version: 1, role: 'mayor', targetId: null }),
        'role',
        'required',
      ],
    ];
    for (const [call, field, key] of cases) await expectInvalid(call(), field, key);
    // Ids from a URL: anything but a positive integer is a record that does not exist.
    for (const bad of ['1', -1, 0, 1.5, 2 ** 40, null]) {
      await expectRefused(people.getUser(db(), admin(), bad), 'not_found');
      await expectRefused(people.getPost(db(), admin(), bad), 'not_found');
    }
    await expectRefused(people.getUser(db(), admin(), 999_999), 'not_found');
    expect(await peopleSnapshot(db())).toEqual(before);
  });

  it('edits a user with its version; a stale version is a conflict', async () => {
    const user = await people.getUser(db(), admin(), await userId(fixtureLogins.otherCoordinator));
    const edit = {
      id: user.id,
      displayName: 'Agnieszka Wójcik-Nowak',
      email: 'wss@example.org',
      departmentId: null,
    };
    const updated = await people.updateUser(db(), admin(), { ...edit, version: user.version });
    expect(updated.version).toBe(user.version + 1);
    const after = await people.getUser(db(), admin(), user.id);
    expect(after).toMatchObject({
      displayName: 'Agnieszka Wójcik-Nowak',
      email: 'wss@example.org',
      departmentId: null,
    });

    const before = await peopleSnapshot(db());
    await expectRefused(
      people.updateUser(db(), admin(), { ...edit, displayName: 'Ktoś', version: user.version }),
      'conflict',
    );
    await expectRefused(people.updateUser(db(), admin(), { ...edit, id: 999_999, version: 1 }), 'not_found');
    expect(await peopleSnapshot(db())).toEqual(before);
  });

  it('deactivating revokes every open session at once; reactivating lets the user sign in again', async () => {
    const login = fixtureLogins.otherExecutor;
    const first = await signIn(login);
    const second = await signIn(login);
    expect(await loadSessionUser(db(), first!.sessionId, limits)).not.toBeNull();
    const target = await people.getUser(db(), admin(), first!.userId);
    expect(target.openSessions).toBeGreaterThanOrEqual(2);

    const result = await people.setUserActive(db(), admin(), {
      id: target.id,
      version: target.version,
      active: false,
    });
    expect(result).toMatchObject({ isActive: false, revokedSessions: 2 });
    expect(await loadSessionUser(db(), first!.sessionId, limits)).toBeNull();
    expect(await loadSessionUser(db(), second!.sessionId, limits)).toBeNull();
    const open = await db()
      .select()
      .from(userSessions)
      .where(and(eq(userSessions.userId, target.id), isNull(userSessions.revokedAt)));
    expect(open).toEqual([]);
    expect(await signIn(login)).toBeNull();

    // A second click on the stale page changes nothing.
    const before = await peopleSnapshot(db());
    await expectRefused(
      people.setUserActive(db(), admin(), { id: target.id, version: target.version, active: false }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    await people.setUserActive(db(), admin(), { id: target.id, version: result.version, active: true });
    expect(await loadSessionUser(db(), first!.sessionId, limits)).toBeNull(); // revoked stays revoked
    expect(await signIn(login)).not.toBeNull();
    const actions = await db()
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, String(target.id))));
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'deactivate', before: { isActive: true }, after: { isActive: false, revokedSessions: 2 } },
        { action: 'reactivate', before: { isActive: false }, after: { isActive: true, revokedSessions: 0 } },
      ]),
    );
  });

  it('an admin cannot deactivate themselves', async () => {
    const me = await people.getUser(db(), admin(), admin().id);
    const before = await peopleSnapshot(db());
    await expectInvalid(
      people.setUserActive(db(), admin(), { id: me.id, version: me.version, active: false }),
      'active',
      'cannotDeactivateSelf',
    );
    expect(await peopleSnapshot(db())).toEqual(before);
  });

  it('resets a password: the old one fails, the new one works, sessions end', async () => {
    const login = fixtureLogins.otherGoalOwner;
    const session = await signIn(login);
    expect(session).not.toBeNull();
    const result = await people.resetPassword(db(), admin(), {
      id: session!.userId,
      signIn: 'password',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(result.revokedSessions).toBe(1);
    expect(await loadSessionUser(db(), session!.sessionId, limits)).toBeNull();
    expect(await signIn(login)).toBeNull();
    expect(await signIn(login, NEW_PASSWORD)).not.toBeNull();
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'reset_password'), eq(auditLog.entityId, String(session!.userId))));
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
  });

  it('creates, renames and archives departments; archived ones are no longer offered', async () => {
    const created = await people.createDepartment(db(), admin(), {
      name: 'Wydział Komunikacji',
      abbreviation: 'WK',
    });
    let list = await people.listDepartments(db(), admin());
    const department = list.find((entry) => entry.id === created.id)!;
    expect(department).toMatchObject({
      name: 'Wydział Komunikacji',
      abbreviation: 'WK',
      archivedAt: null,
      version: 1,
    });

    const renamed = await people.updateDepartment(db(), admin(), {
      id: created.id,
      version: 1,
      name: 'Wydział Komunikacji Społecznej',
      abbreviation: 'WKS',
    });
    expect(renamed.version).toBe(2);
    const before = await peopleSnapshot(db());
    await expectRefused(
      people.updateDepartment(db(), admin(), { id: created.id, version: 1, name: 'Stara', abbreviation: '' }),
      'conflict',
    );
    await expectRefused(people.archiveDepartment(db(), admin(), { id: created.id, version: 1 }), 'conflict');
    expect(await peopleSnapshot(db())).toEqual(before);

    await people.archiveDepartment(db(), admin(), { id: created.id, version: 2 });
    list = await people.listDepartments(db(), admin());
    expect(list.find((entry) => entry.id === created.id)?.archivedAt).not.toBeNull();
    expect((await people.listDepartmentChoices(db(), admin())).map((choice) => choice.id)).not.toContain(
      created.id,
    );
    await expectInvalid(
      people.createPost(db(), admin(), { name: 'Naczelnik WKS', function: '', departmentId: created.id }),
      'departmentId',
      'unknownDepartment',
    );
    const audit = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'department'), eq(auditLog.entityId, String(created.id))));
    expect(audit.map((entry) => entry.action).sort()).toEqual(['archive', 'create', 'update']);
  });

  it('sets the holder of a post from a day on, keeping the history', async () => {
    const post = await people.createPost(db(), admin(), {
      name: 'Naczelnik Wydziału Komunikacji',
      function: 'Naczelnik',
      departmentId: null,
    });
    const first = await people.createUser(db(), admin(), {
      login: 'pierwszy.naczelnik',
      displayName: 'Adam Pierwszy',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-pierwszego-1',
    });
    const second = await people.createUser(db(), admin(), {
      login: 'drugi.naczelnik',
      displayName: 'Beata Druga',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-drugiego-12',
    });
    let view = await people.getPost(db(), admin(), post.id);
    let result = await people.setPostHolder(db(), admin(), {
      postId: post.id,
      version: view.version,
      userId: first.id,
      from: '2020-01-01',
    });
    result = await people.setPostHolder(db(), admin(), {
      postId: post.id,
      version: result.version,
      userId: second.id,
      from: '2021-06-01',
    });
    view = await people.getPost(db(), admin(), post.id);
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
    expect((await people.listPosts(db(), admin())).find((p) => p.id === post.id)?.holder).toMatchObject({
      userId: second.id,
      displayName: 'Beata Druga',
    });

    const before = await peopleSnapshot(db());
    // Not before the current holder started; not the same person again; not with a stale version.
    await expectInvalid(
      people.setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: first.id,
        from: '2021-06-01',
      }),
      'from',
      'fromBeforeCurrent',
    );
    await expectInvalid(
      people.setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: second.id,
        from: '2022-01-01',
      }),
      'userId',
      'alreadyHolder',
    );
    await expectRefused(
      people.setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version - 1,
        userId: first.id,
        from: '2022-01-01',
      }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // Ending without a successor.
    result = await people.setPostHolder(db(), admin(), {
      postId: post.id,
      version: result.version,
      userId: null,
      from: '2022-03-01',
    });
    view = await people.getPost(db(), admin(), post.id);
    expect(view.holders.every((holder) => holder.validTo !== null)).toBe(true);
    expect(view.holders).toHaveLength(2);
    await expectInvalid(
      people.setPostHolder(db(), admin(), {
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
      people.setPostHolder(db(), admin(), {
        postId: post.id,
        version: result.version,
        userId: first.id,
        from: '2022-02-01',
      }),
      'from',
      'fromBeforeCurrent',
    );
    const user = await people.getUser(db(), admin(), second.id);
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

  it('granting the executor of a task to another post moves the task, keeping history', async () => {
    const oldPostId = await postIdNamed('Naczelnik Wydziału Gospodarki');
    const executor = await userByLogin(db(), fixtureLogins.executor);
    expect(executor.roles.some((grant) => grant.role === 'executor' && grant.taskId === fixture.taskId)).toBe(
      true,
    );

    const post = await people.createPost(db(), admin(), {
      name: 'Kierownik Inkubatora Przedsiębiorczości',
      function: 'Kierownik',
      departmentId: null,
    });
    const holder = await people.createUser(db(), admin(), {
      login: 'kierownik.inkubatora',
      displayName: 'Celina Trzecia',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-kierownika-1',
    });
    let { version } = await people.getPost(db(), admin(), post.id);
    ({ version } = await people.setPostHolder(db(), admin(), {
      postId: post.id,
      version,
      userId: holder.id,
      from: '2024-01-01',
    }));
    ({ version } = await people.grantPostRole(db(), admin(), {
      postId: post.id,
      version,
      role: 'executor',
      targetId: fixture.taskId,
    }));

    expect(
      (await loadUserRoles(db(), executor.id)).some(
        (g) => g.role === 'executor' && g.taskId === fixture.taskId,
      ),
    ).toBe(false);
    expect(await loadUserRoles(db(), holder.id)).toEqual([
      expect.objectContaining({ role: 'executor', taskId: fixture.taskId, postId: post.id }),
    ]);
    const oldPost = await people.getPost(db(), admin(), oldPostId);
    expect(oldPost.roles).toEqual([
      expect.objectContaining({
        target: expect.objectContaining({ kind: 'executor', id: fixture.taskId }),
        isCurrent: false,
      }),
    ]);
    expect(oldPost.roles[0]!.validTo).not.toBeNull();
    const listed = (await people.listPosts(db(), admin())).find((p) => p.id === post.id);
    expect(listed?.roles).toEqual([
      {
        id: expect.any(Number),
        target: expect.objectContaining({ kind: 'executor', taskNumber: 2, programNumber: 3, goalNumber: 1 }),
      },
    ]);
    const targets = await people.listRoleTargets(db(), admin());
    expect(targets.tasks.find((task) => task.id === fixture.taskId)?.holder).toBe(
      'Kierownik Inkubatora Przedsiębiorczości',
    );

    // Giving the same task again, or to a task that does not exist: refused, nothing written.
    let before = await peopleSnapshot(db());
    await expectInvalid(
      people.grantPostRole(db(), admin(), {
        postId: post.id,
        version,
        role: 'executor',
        targetId: fixture.taskId,
      }),
      'targetId',
      'alreadyHasRole',
    );
    await expectInvalid(
      people.grantPostRole(db(), admin(), {
        postId: post.id,
        version,
        role: 'coordinator',
        targetId: 999_999,
      }),
      'targetId',
      'unknownTarget',
    );
    await expectRefused(
      people.grantPostRole(db(), admin(), {
        postId: post.id,
        version: version - 1,
        role: 'admin',
        targetId: null,
      }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // Ending the role: the task has no executor until it is given again.
    const view = await people.getPost(db(), admin(), post.id);
    const current = view.roles.find((role) => role.isCurrent)!;
    ({ version } = await people.endPostRole(db(), admin(), {
      postId: post.id,
      version: view.version,
      roleId: current.id,
    }));
    expect(await loadUserRoles(db(), holder.id)).toEqual([]);
    before = await peopleSnapshot(db());
    await expectRefused(
      people.endPostRole(db(), admin(), { postId: post.id, version, roleId: current.id }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // Back to the Wydział Gospodarki, as the other tests expect.
    const old = await people.getPost(db(), admin(), oldPostId);
    await people.grantPostRole(db(), admin(), {
      postId: oldPostId,
      version: old.version,
      role: 'executor',
      targetId: fixture.taskId,
    });
    const history = await db().select().from(postRoles).where(eq(postRoles.taskId, fixture.taskId));
    expect(history).toHaveLength(3);
    expect(history.filter((row) => row.validTo === null).map((row) => row.postId)).toEqual([oldPostId]);
    const audit = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'task'), eq(auditLog.entityId, String(fixture.taskId))));
    expect(audit.map((entry) => entry.action)).toEqual([
      'assign_executor',
      'assign_executor',
      'assign_executor',
    ]);
  });

  it('grants and ends the admin role; an admin cannot take their own last admin post away', async () => {
    const post = await people.createPost(db(), admin(), {
      name: 'Specjalista ds. strategii',
      function: '',
      departmentId: null,
    });
    const person = await people.createUser(db(), admin(), {
      login: 'specjalista',
      displayName: 'Dorota Czwarta',
      email: 'd.czwarta@example.org',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-specjalisty',
    });
    let { version } = await people.getPost(db(), admin(), post.id);
    ({ version } = await people.setPostHolder(db(), admin(), {
      postId: post.id,
      version,
      userId: person.id,
      from: '2024-01-01',
    }));
    ({ version } = await people.grantPostRole(db(), admin(), {
      postId: post.id,
      version,
      role: 'admin',
      targetId: null,
    }));
    const newAdmin = await userByLogin(db(), 'specjalista');
    expect(newAdmin.roles.map((grant) => grant.role)).toEqual(['admin']);
    expect(await people.listUsers(db(), newAdmin)).not.toHaveLength(0);
    await expectInvalid(
      people.grantPostRole(db(), admin(), { postId: post.id, version, role: 'admin', targetId: null }),
      'role',
      'alreadyHasRole',
    );

    // The demo admin's only admin post: they cannot end its role, leave it or archive it.
    const adminPost = await people.getPost(db(), admin(), admin().roles[0]!.postId);
    const adminRole = adminPost.roles.find((role) => role.isCurrent)!;
    const before = await peopleSnapshot(db());
    await expectInvalid(
      people.endPostRole(db(), admin(), {
        postId: adminPost.id,
        version: adminPost.version,
        roleId: adminRole.id,
      }),
      'roleId',
      'ownAdmin',
    );
    await expectInvalid(
      people.setPostHolder(db(), admin(), {
        postId: adminPost.id,
        version: adminPost.version,
        userId: null,
        from: '2030-01-01',
      }),
      'userId',
      'ownAdmin',
    );
    await expectInvalid(
      people.archivePost(db(), admin(), { id: adminPost.id, version: adminPost.version }),
      '_form',
      'ownAdmin',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    // The new admin's role ends: at once, they are refused.
    const view = await people.getPost(db(), admin(), post.id);
    await people.endPostRole(db(), admin(), {
      postId: post.id,
      version: view.version,
      roleId: view.roles.find((role) => role.isCurrent)!.id,
    });
    await expectRefused(people.listUsers(db(), newAdmin), 'forbidden');
  });

  it('edits and archives a post: its holding and roles end, history stays', async () => {
    const post = await people.createPost(db(), admin(), {
      name: 'Pełnomocnik ds. rewitalizacji',
      function: 'Pełnomocnik',
      departmentId: null,
    });
    const person = await people.createUser(db(), admin(), {
      login: 'pelnomocnik',
      displayName: 'Ewa Piąta',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-pelnomocnika',
    });
    let { version } = await people.getPost(db(), admin(), post.id);
    const [department] = await people.listDepartmentChoices(db(), admin());
    ({ version } = await people.updatePost(db(), admin(), {
      id: post.id,
      version,
      name: 'Pełnomocnik Prezydenta ds. rewitalizacji',
      function: 'Pełnomocnik',
      departmentId: department!.id,
    }));
    const before = await peopleSnapshot(db());
    await expectRefused(
      people.updatePost(db(), admin(), {
        id: post.id,
        version: version - 1,
        name: 'X',
        function: '',
        departmentId: null,
      }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    ({ version } = await people.setPostHolder(db(), admin(), {
      postId: post.id,
      version,
      userId: person.id,
      from: '2024-01-01',
    }));
    ({ version } = await people.grantPostRole(db(), admin(), {
      postId: post.id,
      version,
      role: 'coordinator',
      targetId: fixture.otherProgramId,
    }));
    const coordinatorBefore = await userByLogin(db(), fixtureLogins.otherCoordinator);
    expect(coordinatorBefore.roles).toEqual([]);

    await people.archivePost(db(), admin(), { id: post.id, version });
    const view = await people.getPost(db(), admin(), post.id);
    expect(view.archivedAt).not.toBeNull();
    expect(view.holders.every((holder) => holder.validTo !== null)).toBe(true);
    expect(view.roles.every((role) => role.validTo !== null)).toBe(true);
    expect(await loadUserRoles(db(), person.id)).toEqual([]);
    const archived = await people.getPost(db(), admin(), post.id);
    await expectInvalid(
      people.grantPostRole(db(), admin(), {
        postId: post.id,
        version: archived.version,
        role: 'admin',
        targetId: null,
      }),
      '_form',
      'postArchived',
    );

    // The program goes back to its coordinator's post.
    const wss = await people.getPost(
      db(),
      admin(),
      await postIdNamed('Naczelnik Wydziału Spraw Społecznych'),
    );
    await people.grantPostRole(db(), admin(), {
      postId: wss.id,
      version: wss.version,
      role: 'coordinator',
      targetId: fixture.otherProgramId,
    });
    expect((await userByLogin(db(), fixtureLogins.otherCoordinator)).roles).toEqual([
      expect.objectContaining({ role: 'coordinator', programId: fixture.otherProgramId }),
    ]);
  });
});
