import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { demoUsers } from '@/scripts/seed/demo';
import { AUDIT_PAGE_SIZE, auditChanges, listAuditEntries, parseAuditFilter } from '@/lib/admin/audit-log';
import { createDepartment } from '@/lib/admin/people/departments';
import { createUser, updateUser } from '@/lib/admin/people/users';
import { isPublicError } from '@/lib/errors';
import { openReportingYear } from '@/lib/reports/years';
import { fixtureLogins, userByLogin } from '../support/fixtures';
import { testBackends } from '../support/test-db';
import { workflowDatabaseForTests } from '../support/workflow-db';

/* The change log: its entries' changes, its filter, who may read it and how it pages. Its words are in audit-log-words.test.ts. */

describe('the changes of one audit entry', () => {
  it('lists each changed field by its path, with the value before and after', () => {
    expect(
      auditChanges(
        { name: 'Etap 1', stages: [{ planned: 15 }, { planned: 15 }], cost: null },
        { name: 'Etap 1', stages: [{ planned: 10 }, { planned: 15 }], cost: 'ok. 100 mln zł', extra: 1 },
      ),
    ).toEqual([
      { path: 'stages.0.planned', before: 15, after: 10 },
      { path: 'cost', before: null, after: 'ok. 100 mln zł' },
      { path: 'extra', before: undefined, after: 1 },
    ]);
  });

  it('lists what a creation set, and nothing for a record that did not change', () => {
    expect(auditChanges(null, { login: 'jan', isActive: true })).toEqual([
      { path: 'login', before: undefined, after: 'jan' },
      { path: 'isActive', before: undefined, after: true },
    ]);
    expect(auditChanges({ a: 1 }, { a: 1 })).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});

describe('the filter from the page address', () => {
  it('keeps what it can use and drops what was edited by hand into nonsense', () => {
    expect(
      parseAuditFilter({ entity: 'user', actor: '7', from: '2026-01-01', to: '2026-12-31', before: '120' }),
    ).toEqual({ entity: 'user', actor: 7, from: '2026-01-01', to: '2026-12-31', before: 120 });
    expect(
      parseAuditFilter({
        entity: 'passwords',
        actor: '7; drop table users',
        from: '2026-13-45',
        to: ['2026-01-01', '2026-01-02'],
        before: '-1',
      }),
    ).toEqual({});
    expect(parseAuditFilter({ entity: '', actor: '2147483648' })).toEqual({});
  });
});

describe.each(testBackends())('the change log on $name', (backend) => {
  const world = workflowDatabaseForTests(backend);
  const db = world.db;

  it('is the strategy office’s only: everyone else is refused', async () => {
    const coordinator = await userByLogin(db(), demoUsers.coordinator.login);
    const goalOwner = await userByLogin(db(), demoUsers.goalOwner.login);
    const executor = await userByLogin(db(), fixtureLogins.executor);
    for (const [user, code] of [
      [null, 'unauthenticated'],
      [coordinator, 'forbidden'],
      [goalOwner, 'forbidden'],
      [executor, 'forbidden'],
      // Roles in the caller object, but no world.admin post in the database any more.
      [{ ...executor, roles: world.admin.roles }, 'forbidden'],
    ] as const) {
      const error = await listAuditEntries(db(), user, {}).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isPublicError(error, code), `${user?.login ?? 'nobody'}: ${String(error)}`).toBe(true);
    }
  });

  it('shows each change, newest first: who, what about (named and linked), what, before and after', async () => {
    const created = await createUser(db(), world.admin, {
      login: 'z.nowak',
      displayName: 'Zofia Nowak',
      email: '',
      departmentId: null,
      signIn: 'password',
      password: 'haslo-poczatkowe-12',
    });
    const [row] = await db().select({ version: users.version }).from(users).where(eq(users.id, created.id));
    await updateUser(db(), world.admin, {
      id: created.id,
      version: row!.version,
      displayName: 'Zofia Nowak-Kowalska',
      email: 'z.nowak@example.org',
      departmentId: null,
    });
    await openReportingYear(db(), world.admin, {
      strategyId: world.fixture.strategyId,
      year: 2012,
      deadline: '2099-01-31',
      coordinatorReview: true,
    });

    const { entries, actors } = await listAuditEntries(db(), world.admin, {});
    expect(entries.slice(0, 3).map((entry) => [entry.entity, entry.action])).toEqual([
      ['reporting_year', 'open'],
      ['user', 'update'],
      ['user', 'create'],
    ]);
    const [opened, updated, create] = entries;
    expect(opened).toMatchObject({
      actor: 'Ewa Zielińska',
      subject: { label: expect.stringContaining('· 2012'), href: '/admin/reporting' },
    });
    expect(opened!.changes).toEqual(
      expect.arrayContaining([
        { path: 'deadline', before: undefined, after: '2099-01-31' },
        { path: 'coordinatorReview', before: undefined, after: true },
      ]),
    );
    expect(updated).toMatchObject({
      actor: 'Ewa Zielińska',
      subject: { label: 'Zofia Nowak-Kowalska', href: `/admin/users/${created.id}` },
    });
    // Only what changed (the department stayed empty), in the order the database keeps the fields.
    expect(updated!.changes).toHaveLength(2);
    expect(updated!.changes).toEqual(
      expect.arrayContaining([
        { path: 'displayName', before: 'Zofia Nowak', after: 'Zofia Nowak-Kowalska' },
        { path: 'email', before: null, after: 'z.nowak@example.org' },
      ]),
    );
    expect(create!.changes.map((change) => change.path)).toContain('login');
    // The password never reached the log, so it cannot show here.
    expect(JSON.stringify(entries)).not.toContain('haslo-poczatkowe');
    expect(actors).toContainEqual({ id: world.admin.id, name: 'Ewa Zielińska' });

    // One kind of record only (the fixture's task edits).
    const all = await listAuditEntries(db(), world.admin, { entity: 'task' });
    expect(all.entries.every((entry) => entry.entity === 'task')).toBe(true);
    // A task is named by its place in the strategy, as in the strategy's documents: "I.3.1. Title".
    expect(all.entries[0]!.subject).toEqual({
      label: expect.stringMatching(/^[IVX]+\.\d+\.\d+\. \S/),
      href: expect.stringMatching(/^\/tasks\/\d+$/),
    });
  });

  it('filters by what, who and which days (Warsaw days), and pages without gaps or repeats', async () => {
    const onlyUsers = await listAuditEntries(db(), world.admin, { entity: 'user' });
    expect(onlyUsers.entries.length).toBeGreaterThan(0);
    expect(onlyUsers.entries.every((entry) => entry.entity === 'user')).toBe(true);
    const byAdmin = await listAuditEntries(db(), world.admin, { actor: world.admin.id });
    expect(byAdmin.entries.length).toBeGreaterThan(0);
    expect(byAdmin.entries.every((entry) => entry.actor === 'Ewa Zielińska')).toBe(true);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
    const day = (offset: number) => {
      const [y, m, d] = today.split('-').map(Number);
      return new Date(Date.UTC(y!, m! - 1, d! + offset)).toISOString().slice(0, 10);
    };
    const everything = await listAuditEntries(db(), world.admin, { entity: 'user' });
    expect(
      (await listAuditEntries(db(), world.admin, { entity: 'user', from: today, to: today })).entries,
    ).toEqual(everything.entries);
    expect((await listAuditEntries(db(), world.admin, { from: day(1) })).entries).toEqual([]);
    expect((await listAuditEntries(db(), world.admin, { to: day(-1) })).entries).toEqual([]);

    // More than a page of changes: departments created one by one.
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      await createDepartment(db(), world.admin, { name: `Wydział testowy ${i}`, abbreviation: '' });
    }
    const first = await listAuditEntries(db(), world.admin, { entity: 'department' });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await listAuditEntries(db(), world.admin, { entity: 'department', before: first.next! });
    expect(second.next).toBeNull();
    const ids = [...first.entries, ...second.entries].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids.length).toBeGreaterThanOrEqual(AUDIT_PAGE_SIZE + 5);
    expect(first.entries[0]!.subject).toEqual({
      label: `Wydział testowy ${AUDIT_PAGE_SIZE + 4}`,
      href: '/admin/departments',
    });
  });
});
