import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { auditLog, userSessions, users } from '@/db/schema';
import { demoUsers } from '@/scripts/seed/demo';
import {
  createUser,
  getUser,
  listUsers,
  resetPassword,
  setUserActive,
  updateUser,
} from '@/lib/admin/people/users';
import { loadSessionUser } from '@/lib/auth/sessions';
import {
  adminPeopleDatabase,
  expectInvalid,
  expectRefused,
  limits,
  peopleSnapshot,
} from '../support/admin-people';
import { fixtureLogins } from '../support/fixtures';
import { testBackends } from '../support/test-db';

const NEW_PASSWORD = 'nowe-haslo-Leszno-2024';

describe.each(testBackends())('administration of users on $name', (backend) => {
  const { db, admin, userId, signIn } = adminPeopleDatabase(backend);

  it('creates a user with a hashed password; logins are unique whatever the case', async () => {
    const [department] = await db().select().from(schema.departments);
    const created = await createUser(db(), admin(), {
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
        createUser(db(), admin(), {
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

    const list = await listUsers(db(), admin());
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
    const target = await getUser(db(), admin(), await userId(fixtureLogins.otherCoordinator));
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
      [() => createUser(db(), admin(), { ...validUser, displayName: '' }), 'displayName', 'required'],
      [() => createUser(db(), admin(), { ...validUser, displayName: '   ' }), 'displayName', 'required'],
      [() => createUser(db(), admin(), { ...validUser, displayName: long }), 'displayName', 'tooLong'],
      [() => createUser(db(), admin(), { ...validUser, login: '  ' }), 'login', 'required'],
      [() => createUser(db(), admin(), { ...validUser, login: 'jan kowalski' }), 'login', 'loginFormat'],
      [() => createUser(db(), admin(), { ...validUser, login: long }), 'login', 'tooLong'],
      [() => createUser(db(), admin(), { ...validUser, email: 'nie-adres' }), 'email', 'invalidEmail'],
      [() => createUser(db(), admin(), { ...validUser, email: `${long}@example.org` }), 'email', 'tooLong'],
      [
        () => createUser(db(), admin(), { ...validUser, password: 'krotkie' }),
        'password',
        'passwordTooShort',
      ],
      [
        () => createUser(db(), admin(), { ...validUser, password: ' '.repeat(14) }),
        'password',
        'passwordTooShort',
      ],
      [() => createUser(db(), admin(), { ...validUser, password: long }), 'password', 'tooLong'],
      [() => createUser(db(), admin(), { ...validUser, departmentId: 'WPiR' }), 'departmentId', 'required'],
      [
        () =>
          updateUser(db(), admin(), {
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
          updateUser(db(), admin(), {
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
          resetPassword(db(), admin(), {
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
          resetPassword(db(), admin(), {
            id: target.id,
            signIn: 'password',
            password: NEW_PASSWORD,
            confirmPassword: 'inne',
          }),
        'confirmPassword',
        'passwordMismatch',
      ],
    ];
    for (const [call, field, key] of cases) await expectInvalid(call(), field, key);
    // A department that never existed (only a forged form names one) is not found.
    await expectRefused(createUser(db(), admin(), { ...validUser, departmentId: 999_999 }), 'not_found');
    // Ids from a URL: anything but a positive integer is a record that does not exist.
    for (const bad of ['1', -1, 0, 1.5, 2 ** 40, null]) {
      await expectRefused(getUser(db(), admin(), bad), 'not_found');
    }
    await expectRefused(getUser(db(), admin(), 999_999), 'not_found');
    expect(await peopleSnapshot(db())).toEqual(before);
  });

  it('edits a user with its version; a stale version is a conflict', async () => {
    const user = await getUser(db(), admin(), await userId(fixtureLogins.otherCoordinator));
    const edit = {
      id: user.id,
      displayName: 'Agnieszka Wójcik-Nowak',
      email: 'wss@example.org',
      departmentId: null,
    };
    const updated = await updateUser(db(), admin(), { ...edit, version: user.version });
    expect(updated.version).toBe(user.version + 1);
    const after = await getUser(db(), admin(), user.id);
    expect(after).toMatchObject({
      displayName: 'Agnieszka Wójcik-Nowak',
      email: 'wss@example.org',
      departmentId: null,
    });

    const before = await peopleSnapshot(db());
    await expectRefused(
      updateUser(db(), admin(), { ...edit, displayName: 'Ktoś', version: user.version }),
      'conflict',
    );
    await expectRefused(updateUser(db(), admin(), { ...edit, id: 999_999, version: 1 }), 'not_found');
    expect(await peopleSnapshot(db())).toEqual(before);
  });

  it('deactivating revokes every open session at once; reactivating lets the user sign in again', async () => {
    const login = fixtureLogins.otherExecutor;
    const first = await signIn(login);
    const second = await signIn(login);
    expect(await loadSessionUser(db(), first!.sessionId, limits)).not.toBeNull();
    const target = await getUser(db(), admin(), first!.userId);
    expect(target.openSessions).toBeGreaterThanOrEqual(2);

    const result = await setUserActive(db(), admin(), {
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
      setUserActive(db(), admin(), { id: target.id, version: target.version, active: false }),
      'conflict',
    );
    expect(await peopleSnapshot(db())).toEqual(before);

    await setUserActive(db(), admin(), { id: target.id, version: result.version, active: true });
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
    const me = await getUser(db(), admin(), admin().id);
    const before = await peopleSnapshot(db());
    await expectInvalid(
      setUserActive(db(), admin(), { id: me.id, version: me.version, active: false }),
      'active',
      'cannotDeactivateSelf',
    );
    expect(await peopleSnapshot(db())).toEqual(before);
  });

  it('resets a password: the old one fails, the new one works, sessions end', async () => {
    const login = fixtureLogins.otherGoalOwner;
    const session = await signIn(login);
    expect(session).not.toBeNull();
    const result = await resetPassword(db(), admin(), {
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
});
