import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, migrationsFolder } from '@/db/client';
import * as schema from '@/db/schema';
import { seedDemoData } from '@/scripts/seed/demo';

/*
 * Migration 0010 (the discussion on the task card too) on a database that already holds a report's
 * comments, read marks and files: each gets its report's task, and the thread rules hold after it.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-discussion-migration-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The migrations folder as it was before `tag`: the same files, the journal cut there. */
function migrationsBefore(tag: string): string {
  const folder = path.join(tmp, 'migrations');
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('migration 0010_discussion_on_tasks', () => {
  it('gives the comments, read marks and files already there their report’s task', async () => {
    const client = new PGlite();
    const db = drizzle({ client, schema, casing: 'snake_case' });
    await migrate(db, { migrationsFolder: migrationsBefore('0010_discussion_on_tasks') });
    expect(await seedDemoData(db as unknown as Db)).toBe(true);
    const [report] = (
      await client.query<{ id: number; task_id: number; user_id: number }>(
        `select r.id, r.task_id, (select min(id) from users) as user_id from reports r order by r.id limit 1`,
      )
    ).rows;
    expect(report).toBeDefined();
    const { id: reportId, task_id: taskId, user_id: userId } = report!;
    await client.exec(`
      insert into comments (report_id, author_user_id, body) values (${reportId}, ${userId}, 'Stary komentarz');
      insert into comment_reads (user_id, report_id, last_read_comment_id) values (${userId}, ${reportId}, 1);
      insert into attachments (report_id, uploaded_by, file_name, media_type, size_bytes, sha256)
        values (${reportId}, ${userId}, 'stary.pdf', 'application/pdf', 3, '${'a'.repeat(64)}');
    `);

    await migrate(db, { migrationsFolder });

    for (const table of ['comments', 'comment_reads', 'attachments']) {
      const { rows } = await client.query<{ task_id: number; report_id: number }>(
        `select task_id, report_id from ${table}`,
      );
      expect({ table, rows }).toEqual({ table, rows: [{ task_id: taskId, report_id: reportId }] });
    }
    // A task card's thread: report null; one read mark per user and thread, the null included.
    await client.exec(
      `insert into comment_reads (user_id, task_id, report_id, last_read_comment_id) values (${userId}, ${taskId}, null, 1)`,
    );
    await expect(
      client.exec(
        `insert into comment_reads (user_id, task_id, report_id, last_read_comment_id) values (${userId}, ${taskId}, null, 2)`,
      ),
    ).rejects.toThrow(/comment_reads_thread_unique/);
    // A report's row must name that report's own task.
    const [other] = (
      await client.query<{ id: number }>(
        `insert into tasks (program_id, number, title)
           select program_id, number + 100, 'Inne zadanie' from tasks where id = ${taskId} returning id`,
      )
    ).rows;
    await expect(
      client.exec(
        `insert into comments (task_id, report_id, author_user_id, body) values (${other!.id}, ${reportId}, ${userId}, 'x')`,
      ),
    ).rejects.toThrow(/comments_report_id_task_id_reports_id_task_id_fk/);
    await client.close();
  });
});
