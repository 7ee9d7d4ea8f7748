import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { notificationPreferences, users } from '@/db/schema';
import { requireSignedIn } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { writeAudit } from '@/lib/audit';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { PREFERENCE_KINDS, type PreferencesInput, preferencesSchema } from './schema';

/*
 * A user's own notification choices: per kind at once, in the daily digest, or off (security mails,
 * the password links, are not listed: they always go). Only the signed-in user's own, re-read from
 * the database; nobody sets another person's.
 */

export async function getMyPreferences(db: Db, userOrNull: CurrentUser | null) {
  const user = requireSignedIn(userOrNull);
  const [account] = await db
    .select({ email: users.email, active: users.isActive })
    .from(users)
    .where(eq(users.id, user.id));
  if (!account?.active) throw notFound();
  const rows = await db
    .select({ kind: notificationPreferences.kind, mode: notificationPreferences.mode })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, user.id));
  const chosen = new Map(rows.map((row) => [row.kind, row.mode]));
  const modes = Object.fromEntries(
    PREFERENCE_KINDS.map((kind) => [kind, chosen.get(kind) ?? 'immediate']),
  ) as PreferencesInput;
  return { email: account.email, modes };
}

export async function saveMyPreferences(db: Db, userOrNull: CurrentUser | null, input: unknown) {
  const user = requireSignedIn(userOrNull);
  const modes = parseInput(preferencesSchema, input);
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ active: users.isActive }).from(users).where(eq(users.id, user.id));
    if (!account?.active) throw notFound();
    const before = await tx
      .select({ kind: notificationPreferences.kind, mode: notificationPreferences.mode })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, user.id));
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
    // "At once" is the default: only the other choices are kept.
    const kept = PREFERENCE_KINDS.filter((kind) => modes[kind] !== 'immediate').map((kind) => ({
      userId: user.id,
      kind,
      mode: modes[kind],
    }));
    if (kept.length) await tx.insert(notificationPreferences).values(kept);
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'user_notifications',
      entityId: user.id,
      action: 'update',
      before: Object.fromEntries(before.map((row) => [row.kind, row.mode])),
      after: Object.fromEntries(kept.map((row) => [row.kind, row.mode])),
    });
    return { modes };
  });
}

/** Keeps the language of the user's mails in step with the interface language they chose. */
export async function setMyMailLocale(db: Db, userId: number, locale: string): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}
