import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailOutbox, mailSettings, users } from '@/db/schema';
import { warsawMidnight, warsawToday } from '@/lib/admin/dates';
import { absoluteLink, mailLocale, renderMail } from './templates';

/** The hour of the day (Warsaw) now. */
function warsawHour(now: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', hour: '2-digit', hourCycle: 'h23' }).format(
      now,
    ),
  );
}

/**
 * The daily digest: once the office's hour (mail_settings.digest_hour, Warsaw) has come, each user
 * with held mails gets one mail listing them, and those mails become `digested` — in one transaction
 * per user, the held rows taken with FOR UPDATE SKIP LOCKED and the digest keyed by user and day, so
 * that instances running it at once send one digest a day per user.
 */
export async function sendDailyDigests(db: Db, now: Date = new Date()): Promise<number> {
  const [settings] = await db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  const hour = settings?.digestHour ?? 7;
  if (warsawHour(now) < hour) return 0;
  const today = warsawToday(now);
  // What was held before today's digest hour goes into today's digest.
  const cutOff = new Date(warsawMidnight(today).getTime() + hour * 3_600_000);
  const waiting = await db
    .selectDistinct({ userId: mailOutbox.recipientUserId })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'held'), lt(mailOutbox.createdAt, cutOff)));
  let digests = 0;
  for (const { userId } of waiting) {
    if (userId === null) continue;
    const made = await db.transaction(async (tx) => {
      const held = await tx
        .select({ id: mailOutbox.id, subject: mailOutbox.subject, text: mailOutbox.textBody })
        .from(mailOutbox)
        .where(
          and(
            eq(mailOutbox.status, 'held'),
            eq(mailOutbox.recipientUserId, userId),
            lt(mailOutbox.createdAt, cutOff),
          ),
        )
        .orderBy(asc(mailOutbox.id))
        .for('update', { skipLocked: true });
      if (held.length === 0) return false;
      const [user] = await tx
        .select({ email: users.email, displayName: users.displayName, locale: users.locale })
        .from(users)
        .where(eq(users.id, userId));
      if (!user?.email) return false;
      const locale = mailLocale(user.locale);
      const mail = renderMail('digest', locale, {
        name: user.displayName,
        params: { count: held.length },
        link: absoluteLink('/inbox'),
        // Each held mail by its subject and its link (the line "Otwórz: …" / "Open: …" of its text).
        lines: held.map((row) => {
          const link = /https?:\/\/\S+/.exec(
            row.text.split('\n').find((line) => /https?:\/\//.test(line)) ?? '',
          );
          return link ? `${row.subject}: ${link[0]}` : row.subject;
        }),
      });
      const inserted = await tx
        .insert(mailOutbox)
        .values({
          kind: 'digest',
          recipientUserId: userId,
          toAddress: user.email,
          locale,
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html,
          dedupeKey: `digest:${userId}:${today}`,
        })
        .onConflictDoNothing()
        .returning({ id: mailOutbox.id });
      if (inserted.length === 0) return false;
      await tx
        .update(mailOutbox)
        .set({ status: 'digested' })
        .where(
          inArray(
            mailOutbox.id,
            held.map((row) => row.id),
          ),
        );
      return true;
    });
    if (made) digests++;
  }
  return digests;
}
