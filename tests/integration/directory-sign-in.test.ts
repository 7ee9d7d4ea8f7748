import net from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { auditLog, loginAttempts, userSessions, users } from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import { createUser, getUser, listUsers, resetPassword, setUserActive } from '@/lib/admin/people/users';
import { type DirectoryConfig, directoryConfig, verifyDirectoryPassword } from '@/lib/auth/directory';
import { type CurrentUser, loadSessionUser, signInWithPassword } from '@/lib/auth/sessions';
import { parseEnv } from '@/lib/env';
import { userByLogin } from '../support/fixtures';
import { DIRECTORY, type Slapd, startSlapd } from '../support/slapd';
import { createMigrated, testBackends } from '../support/test-db';

const limits = { idleMinutes: 60, maxHours: 10 };
const SECRET = 'x'.repeat(32);
const KOWALSKA = DIRECTORY.accounts['j.kowalska'];

/** A second person with the same uid elsewhere in the tree: a search finds two and must not pick one. */
const TWIN = `dn: ou=archive,${DIRECTORY.suffix}
objectClass: organizationalUnit
ou: archive

dn: uid=a.nowak,ou=archive,${DIRECTORY.suffix}
objectClass: inetOrgPerson
uid: a.nowak
cn: a.nowak
sn: a.nowak
userPassword: haslo-blizniaka-w-archiwum
`;

let slapd: Slapd;
/** The ways an office configures its directory, as `npm start` reads them from the environment. */
let search: DirectoryConfig;
let serviceSearch: DirectoryConfig;
let directBind: DirectoryConfig;

beforeAll(async () => {
  slapd = await startSlapd(TWIN);
  const config = (vars: Record<string, string>) =>
    directoryConfig(parseEnv({ NEXTAUTH_SECRET: SECRET, LDAP_URL: slapd.url, ...vars }))!;
  search = config({ LDAP_SEARCH_BASE: DIRECTORY.suffix });
  serviceSearch = config({
    LDAP_SEARCH_BASE: DIRECTORY.people,
    LDAP_SEARCH_FILTER: '(&(objectClass=inetOrgPerson)(uid={login}))',
    LDAP_BIND_DN: DIRECTORY.serviceDn,
    LDAP_BIND_PASSWORD: DIRECTORY.servicePassword,
  });
  directBind = config({ LDAP_USER_DN: `uid={login},${DIRECTORY.people}` });
});
afterAll(async () => {
  await slapd?.stop();
});

describe('the office directory answers for a password (a real OpenLDAP server)', () => {
  it('accepts the right password and refuses a wrong one, in each configuration', async () => {
    for (const config of [search, serviceSearch, directBind]) {
      expect(await verifyDirectoryPassword(config, 'j.kowalska', KOWALSKA)).toBe('valid');
      expect(await verifyDirectoryPassword(config, 'j.kowalska', 'zle-haslo')).toBe('invalid');
      expect(await verifyDirectoryPassword(config, 'nikt.taki', KOWALSKA)).toBe('invalid');
    }
  });

  it('never sends an empty password (an anonymous bind the server would accept)', async () => {
    for (const config of [search, serviceSearch, directBind]) {
      expect(await verifyDirectoryPassword(config, 'j.kowalska', '')).toBe('invalid');
    }
  });

  it('refuses a name that would change the filter or the DN instead of escaping it into one', async () => {
    for (const login of ['*', 'j.kowalska)(uid=*', 'uid=j.kowalska,ou=people', 'j.kowalska\u0000']) {
      for (const config of [search, serviceSearch, directBind]) {
        expect(await verifyDirectoryPassword(config, login, KOWALSKA), login).toBe('invalid');
      }
    }
  });

  it('refuses a name found twice in the tree rather than picking one', async () => {
    // Anonymous search from the top sees both a.nowak entries; the service search looks under people only.
    expect(await verifyDirectoryPassword(search, 'a.nowak', 'inne-haslo-z-domeny')).toBe('invalid');
    expect(await verifyDirectoryPassword(search, 'a.nowak', 'haslo-blizniaka-w-archiwum')).toBe('invalid');
    expect(await verifyDirectoryPassword(serviceSearch, 'a.nowak', 'inne-haslo-z-domeny')).toBe('valid');
  });

  it('sends no password when StartTLS is asked for and the server cannot do it', async () => {
    // This test server has no certificate: the upgrade fails, and the sign-in with it.
    for (const config of [search, directBind]) {
      expect(await verifyDirectoryPassword({ ...config, startTls: true }, 'j.kowalska', KOWALSKA)).toBe(
        'unavailable',
      );
    }
  });

  it('says "unavailable" when the directory is down, silent, or refuses the service account', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    expect(
      await verifyDirectoryPassword({ ...search, url: `ldap://127.0.0.1:${closed}` }, 'j.kowalska', KOWALSKA),
    ).toBe('unavailable');

    // A server that accepts the connection and never answers: the timeout ends the wait.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const started = Date.now();
    const verdict = await verifyDirectoryPassword(
      { ...search, url: `ldap://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, timeoutMs: 300 },
      'j.kowalska',
      KOWALSKA,
    );
    silent.close();
    expect(verdict).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);

    expect(
      await verifyDirectoryPassword(
        { ...serviceSearch, bindPassword: 'zle-haslo-uslugi' },
        'j.kowalska',
        KOWALSKA,
      ),
    ).toBe('unavailable');
  });
});

describe('the environment configures the directory', () => {
  const env = (vars: Record<string, string>) => parseEnv({ NEXTAUTH_SECRET: SECRET, ...vars });

  it('is off without LDAP_URL, and empty settings count as unset', () => {
    expect(directoryConfig(env({}))).toBeNull();
    expect(directoryConfig(env({ LDAP_URL: '' }))).toBeNull();
  });

  it('names the variable that is wrong', () => {
    expect(() => env({ LDAP_URL: 'http://dc.leszno.pl' })).toThrow(/LDAP_URL: must be an ldap/);
    expect(() => env({ LDAP_URL: 'ldap://dc.leszno.pl' })).toThrow(/LDAP_URL: needs LDAP_USER_DN/);
    expect(() => env({ LDAP_URL: 'ldap://dc', LDAP_USER_DN: 'uid=x' })).toThrow(
      /LDAP_USER_DN: must contain \{login\}/,
    );
    expect(() =>
      env({ LDAP_URL: 'ldap://dc', LDAP_SEARCH_BASE: 'dc=x', LDAP_SEARCH_FILTER: '(uid=x)' }),
    ).toThrow(/LDAP_SEARCH_FILTER: must contain \{login\}/);
    expect(() =>
      env({ LDAP_URL: 'ldap://dc', LDAP_SEARCH_BASE: 'dc=x', LDAP_BIND_DN: 'cn=monitor' }),
    ).toThrow(/LDAP_BIND_PASSWORD: LDAP_BIND_DN and LDAP_BIND_PASSWORD go together/);
  });

  it('defaults to an OpenLDAP search and a five-second timeout', () => {
    expect(
      directoryConfig(env({ LDAP_URL: 'ldaps://dc.leszno.pl', LDAP_SEARCH_BASE: 'dc=leszno,dc=pl' })),
    ).toEqual({
      url: 'ldaps://dc.leszno.pl',
      userDn: undefined,
      searchBase: 'dc=leszno,dc=pl',
      searchFilter: '(uid={login})',
      bindDn: undefined,
      bindPassword: undefined,
      startTls: false,
      timeoutMs: 5000,
    });
  });
});

describe.each(testBackends())('signing in through the directory on $name', (backend) => {
  let database: Database;
  let admin: CurrentUser;
  const db = () => database.db;
  const signIn = (login: string, password: string, directory: DirectoryConfig | null = serviceSearch) =>
    signInWithPassword(db(), { login, password }, limits, { directory, wait: async () => {} });
  const failures = async (login: string) =>
    (await db().select().from(loginAttempts).where(eq(loginAttempts.login, login)))[0]?.failures ?? 0;

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
    admin = await userByLogin(database.db, demoUsers.admin.login);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('a directory account keeps no password and signs in with the directory’s', async () => {
    const { id } = await createUser(db(), admin, {
      login: 'J.Kowalska',
      displayName: 'Joanna Kowalska',
      email: '',
      departmentId: null,
      signIn: 'directory',
      // Typed before the admin switched the choice: ignored, never stored.
      password: 'krotkie',
    });
    const [row] = await db().select().from(users).where(eq(users.id, id));
    expect(row!.passwordHash).toBeNull();
    expect((await getUser(db(), admin, id)).signIn).toBe('directory');
    expect((await listUsers(db(), admin)).find((user) => user.id === id)?.signIn).toBe('directory');
    const [created] = await db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, String(id)), eq(auditLog.action, 'create')),
      );
    expect(created!.after).toMatchObject({ signIn: 'directory' });

    // The name as typed matches the account case-insensitively; the directory is asked with the stored one.
    for (const typed of ['j.kowalska', 'J.KOWALSKA']) {
      const session = await signIn(typed, KOWALSKA);
      expect(session?.userId).toBe(id);
      expect(await loadSessionUser(db(), session!.sessionId, limits)).toMatchObject({
        id,
        login: 'J.Kowalska',
      });
    }
    expect(await signIn('j.kowalska', 'zle-haslo')).toBeNull();
    expect(await signIn('j.kowalska', 'krotkie')).toBeNull();
    // Without a configured directory, the account cannot sign in at all.
    expect(await signIn('j.kowalska', KOWALSKA, null)).toBeNull();
  });

  it('an account with its own password ignores the directory, whatever the directory says', async () => {
    await createUser(db(), admin, {
      login: 'a.nowak',
      displayName: 'Adam Nowak',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-w-aplikacji-123',
    });
    expect(await signIn('a.nowak', 'inne-haslo-z-domeny')).toBeNull();
    expect(await signIn('a.nowak', 'haslo-w-aplikacji-123')).not.toBeNull();
    expect(await signIn(demoUsers.admin.login, DEMO_PASSWORD)).not.toBeNull();
  });

  it('a deactivated directory account is refused even with the right password', async () => {
    const person = await userByLogin(db(), 'j.kowalska');
    const [row] = await db().select({ version: users.version }).from(users).where(eq(users.id, person.id));
    await setUserActive(db(), admin, { id: person.id, version: row!.version, active: false });
    expect(await signIn('j.kowalska', KOWALSKA)).toBeNull();
    const [again] = await db().select({ version: users.version }).from(users).where(eq(users.id, person.id));
    await setUserActive(db(), admin, { id: person.id, version: again!.version, active: true });
    expect(await signIn('j.kowalska', KOWALSKA)).not.toBeNull();
  });

  it('a directory that is down fails the sign-in like a wrong password, and the try counts', async () => {
    const down = { ...serviceSearch, url: 'ldap://127.0.0.1:1', timeoutMs: 500 };
    const before = await failures('j.kowalska');
    expect(await signIn('j.kowalska', KOWALSKA, down)).toBeNull();
    expect(await failures('j.kowalska')).toBe(before + 1);
    // The directory back: the right password works and clears the failures.
    expect(await signIn('j.kowalska', KOWALSKA)).not.toBeNull();
    expect(await failures('j.kowalska')).toBe(0);
  });

  it('the admin moves an account to the directory and back; each move ends its sessions', async () => {
    const person = await userByLogin(db(), 'a.nowak');
    const session = await signIn('a.nowak', 'haslo-w-aplikacji-123');
    expect(session).not.toBeNull();
    // This one and the one of the test before.
    const open = await db()
      .select()
      .from(userSessions)
      .where(and(eq(userSessions.userId, person.id), isNull(userSessions.revokedAt)));
    expect(open).toHaveLength(2);

    const moved = await resetPassword(db(), admin, {
      id: person.id,
      signIn: 'directory',
      password: '',
      confirmPassword: '',
    });
    expect(moved.revokedSessions).toBe(2);
    expect(await loadSessionUser(db(), session!.sessionId, limits)).toBeNull();
    const [row] = await db().select().from(users).where(eq(users.id, person.id));
    expect(row!.passwordHash).toBeNull();
    expect(await signIn('a.nowak', 'haslo-w-aplikacji-123')).toBeNull();
    const viaDirectory = await signIn('a.nowak', 'inne-haslo-z-domeny');
    expect(viaDirectory).not.toBeNull();

    const back = await resetPassword(db(), admin, {
      id: person.id,
      signIn: 'password',
      password: 'nowe-haslo-w-aplikacji',
      confirmPassword: 'nowe-haslo-w-aplikacji',
    });
    expect(back.revokedSessions).toBe(1);
    expect(await signIn('a.nowak', 'inne-haslo-z-domeny')).toBeNull();
    expect(await signIn('a.nowak', 'nowe-haslo-w-aplikacji')).not.toBeNull();

    const moves = await db()
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'user'), eq(auditLog.entityId, String(person.id))))
      .orderBy(auditLog.id);
    expect(moves.slice(-2)).toEqual([
      {
        action: 'use_directory',
        before: { signIn: 'password' },
        after: { signIn: 'directory', revokedSessions: 2 },
      },
      {
        action: 'reset_password',
        before: { signIn: 'directory' },
        after: { signIn: 'password', revokedSessions: 1 },
      },
    ]);
    expect(JSON.stringify(moves)).not.toContain('nowe-haslo');
  });

  it('nobody moves their own account to a directory that is not configured', async () => {
    const own = await db().select().from(users).where(eq(users.id, admin.id));
    await expect(
      resetPassword(db(), admin, {
        id: admin.id,
        signIn: 'directory',
        password: '',
        confirmPassword: '',
      }),
    ).rejects.toMatchObject({ code: 'invalid', fieldErrors: { signIn: ['selfWithoutDirectory'] } });
    expect(await db().select().from(users).where(eq(users.id, admin.id))).toEqual(own);
    // With the directory configured it is their choice.
    await resetPassword(
      db(),
      admin,
      { id: admin.id, signIn: 'directory', password: '', confirmPassword: '' },
      { directoryConfigured: true },
    );
    const [row] = await db().select().from(users).where(eq(users.id, admin.id));
    expect(row!.passwordHash).toBeNull();
    await resetPassword(db(), admin, {
      id: admin.id,
      signIn: 'password',
      password: DEMO_PASSWORD,
      confirmPassword: DEMO_PASSWORD,
    });
    expect(await signIn(demoUsers.admin.login, DEMO_PASSWORD)).not.toBeNull();
  });

  it('moving to a password still needs a good one, typed twice; nothing changes otherwise', async () => {
    const person = await userByLogin(db(), 'a.nowak');
    const before = await db().select().from(users).where(eq(users.id, person.id));
    const sessionsBefore = await db().select().from(userSessions).where(eq(userSessions.userId, person.id));
    for (const [input, field] of [
      [{ password: 'krotkie', confirmPassword: 'krotkie' }, 'password'],
      [{ password: 'dobre-dlugie-haslo', confirmPassword: 'inne-dlugie-haslo' }, 'confirmPassword'],
      [{ password: '', confirmPassword: '' }, 'password'],
    ] as const) {
      const error = await resetPassword(db(), admin, { id: person.id, signIn: 'password', ...input }).then(
        () => null,
        (caught: { code: string; fieldErrors?: Record<string, string[]> }) => caught,
      );
      expect(error?.code).toBe('invalid');
      expect(Object.keys(error?.fieldErrors ?? {})).toContain(field);
    }
    const refused = await resetPassword(db(), admin, {
      id: person.id,
      signIn: 'ldap',
      password: '',
      confirmPassword: '',
    }).then(
      () => null,
      (caught: { code: string; fieldErrors?: Record<string, string[]> }) => caught,
    );
    expect(refused?.fieldErrors?.signIn).toEqual(['required']);
    expect(await db().select().from(users).where(eq(users.id, person.id))).toEqual(before);
    expect(await db().select().from(userSessions).where(eq(userSessions.userId, person.id))).toEqual(
      sessionsBefore,
    );
  });
});
