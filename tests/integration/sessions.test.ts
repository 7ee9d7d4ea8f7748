import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { postHolders, userSessions, users } from '@/db/schema';
import { DEMO_PASSWORD, demoUsers, seedDemoData } from '@/scripts/seed/demo';
import {
  ENDED_SESSION_RETENTION_DAYS,
  loadSessionUser,
  revokeSession,
  signInWithPassword,
} from '@/lib/auth/sessions';
import { createMigrated, testBackends } from '../support/test-db';

const limits = { idleMinutes: 60, maxHours: 10 };

describe.each(testBackends())('sessions on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await createMigrated(backend);
    await seedDemoData(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  const signIn = (login: string, password = DEMO_PASSWORD) =>
    signInWithPassword(database.db, { login, password }, limits);

  it('signs in with the right password only, the login in any case', async () => {
    expect(await signIn(demoUsers.goalOwner.login)).toMatchObject({
      displayName: demoUsers.goalOwner.displayName,
    });
    expect(await signIn(demoUsers.goalOwner.login.toUpperCase())).not.toBeNull();
    expect(await signIn(demoUsers.goalOwner.login, 'wrong')).toBeNull();
    expect(await signIn('nobody-here')).toBeNull();
  });

  it('reads the posts and their roles from the database', async () => {
    const session = await signIn(demoUsers.coordinator.login);
    const user = await loadSessionUser(database.db, session!.sessionId, limits);
    // As in the seed: one post coordinates the program and executes its task.
    expect(user?.roles.map((r) => r.role).sort()).toEqual(['coordinator', 'executor']);
    expect(new Set(user?.roles.map((r) => r.postName))).toEqual(
      new Set(['Naczelnik Wydziału Promocji i Rozwoju']),
    );
  });

  it('refuses a session after logout', async () => {
    const session = await signIn(demoUsers.admin.login);
    expect(await loadSessionUser(database.db, session!.sessionId, limits)).not.toBeNull();
    await revokeSession(database.db, session!.sessionId);
    expect(await loadSessionUser(database.db, session!.sessionId, limits)).toBeNull();
  });

  it('refuses sessions past the idle and the absolute limit', async () => {
    const session = await signIn(demoUsers.admin.login);
    const id = session!.sessionId;
    const now = Date.now();
    expect(await loadSessionUser(database.db, id, limits, new Date(now + 59 * 60_000))).not.toBeNull();
    // That request moved the idle clock; an hour and a minute after it, the session is gone.
    expect(await loadSessionUser(database.db, id, limits, new Date(now + (59 + 61) * 60_000))).toBeNull();
    const fresh = await signIn(demoUsers.admin.login);
    await database.db
      .update(userSessions)
      .set({ lastSeenAt: new Date(now + 10 * 3_600_000) })
      .where(eq(userSessions.id, fresh!.sessionId));
    expect(
      await loadSessionUser(database.db, fresh!.sessionId, limits, new Date(now + 10 * 3_600_000 + 60_000)),
    ).toBeNull();
  });

  it('forgets ended sessions a month after their end, at the next sign-in; keeps the rest', async () => {
    const { goalOwner, admin } = demoUsers;
    const start = new Date('2031-03-02T08:00:00Z');
    const at = (days: number) => new Date(start.getTime() + days * 86_400_000);
    const signInAt = (login: string, now: Date) =>
      signInWithPassword(database.db, { login, password: DEMO_PASSWORD }, limits, { now });
    const old = await signInAt(goalOwner.login, start);
    const revoked = await signInAt(admin.login, at(1));
    await revokeSession(database.db, revoked!.sessionId);
    const exists = async (id: string) =>
      (await database.db.select().from(userSessions).where(eq(userSessions.id, id))).length === 1;

    // The retention (30 days) after the first one's end (10 hours after its start): still kept.
    await signInAt(admin.login, new Date(at(ENDED_SESSION_RETENTION_DAYS).getTime() + 9 * 3_600_000));
    expect(await exists(old!.sessionId)).toBe(true);
    // A minute past its retention, the next sign-in of anyone deletes it; the later one stays.
    const next = await signInAt(
      admin.login,
      new Date(at(ENDED_SESSION_RETENTION_DAYS).getTime() + 10 * 3_600_000 + 60_000),
    );
    expect(await exists(old!.sessionId)).toBe(false);
    expect(await exists(revoked!.sessionId)).toBe(true);
    expect(await exists(next!.sessionId)).toBe(true);
  });

  it('drops the roles of a post the user no longer holds, at the next request', async () => {
    const session = await signIn(demoUsers.goalOwner.login);
    const before = await loadSessionUser(database.db, session!.sessionId, limits);
    expect(before?.roles.map((r) => r.role)).toEqual(['goal_owner']);
    await database.db
      .update(postHolders)
      .set({ validTo: new Date(Date.now() - 1000) })
      .where(eq(postHolders.userId, before!.id));
    const after = await loadSessionUser(database.db, session!.sessionId, limits);
    expect(after?.roles).toEqual([]);
  });

  it('refuses every session of a deactivated user, and their sign-in', async () => {
    const session = await signIn(demoUsers.admin.login);
    await database.db.update(users).set({ isActive: false }).where(eq(users.login, demoUsers.admin.login));
    expect(await loadSessionUser(database.db, session!.sessionId, limits)).toBeNull();
    expect(await signIn(demoUsers.admin.login)).toBeNull();
  });

  it('ignores session ids that are not ids', async () => {
    expect(await loadSessionUser(database.db, "' or 1=1 --", limits)).toBeNull();
    expect(await loadSessionUser(database.db, '00000000-0000-0000-0000-000000000000', limits)).toBeNull();
  });
});
