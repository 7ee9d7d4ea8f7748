import type { Db } from '@/db/client';
import { sendDailyDigests } from './digest';
import { enqueueDueReminders } from './reminders';
import { sendDueMails } from './sender';
import { type MailTransport, createSmtpTransport } from './transport';

export interface MailWorkerOptions {
  db: () => Promise<Db>;
  transport: MailTransport | null;
  /** How often the sender looks for due mails. */
  pollMs?: number;
  /** How often reminders and digests are looked for. */
  scheduleMs?: number;
}

/**
 * The mail loop of one app process: the sender every pollMs, reminders and digests every
 * scheduleMs. Every process runs it; everything it shares lives in the database (claims with
 * FOR UPDATE SKIP LOCKED, reminders and digests keyed once), so processes never send one mail twice.
 * A round never overlaps the previous one in the same process. Returns the function that stops it.
 */
export function startMailWorker(options: MailWorkerOptions): () => void {
  const pollMs = options.pollMs ?? 2_000;
  const scheduleMs = options.scheduleMs ?? 60_000;
  let running = false;
  let lastSchedule = 0;
  let failing = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const db = await options.db();
      if (Date.now() - lastSchedule >= scheduleMs) {
        lastSchedule = Date.now();
        await enqueueDueReminders(db);
        await sendDailyDigests(db);
      }
      await sendDueMails(db, options.transport);
      if (failing) console.log('[mail] working again');
      failing = false;
    } catch (error) {
      if (!failing)
        console.error(`[mail] round failed: ${error instanceof Error ? error.message : String(error)}`);
      failing = true;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), pollMs);
  timer.unref();
  void round();
  return () => {
    clearInterval(timer);
    options.transport?.close();
  };
}

/** The transport the environment configures: SMTP with SMTP_URL, else none (mails are kept). */
export function transportFromEnv(env: { SMTP_URL?: string; MAIL_FROM: string }): MailTransport | null {
  return env.SMTP_URL ? createSmtpTransport(env.SMTP_URL, env.MAIL_FROM) : null;
}
