import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reportStageValues, reports, tasks } from '@/db/schema';
import { readPublicRevision } from '@/lib/public/revision';
import { seedDemoData } from '@/scripts/seed/demo';
import { databaseForTests, testBackends } from '../support/test-db';

describe.each(testBackends())('the public revision on $name', (backend) => {
  const db = databaseForTests(backend, (database) => seedDemoData(database), { each: true });

  it('grows once per committed transaction that changes public data, at its commit', async () => {
    const start = await readPublicRevision(db());
    const [task] = await db().select({ id: tasks.id }).from(tasks).limit(1);
    let insideAfterWrite = 0;
    await db().transaction(async (tx) => {
      await tx
        .update(tasks)
        .set({ title: sql`${tasks.title} || ' (1)'` })
        .where(eq(tasks.id, task!.id));
      await tx
        .update(tasks)
        .set({ title: sql`${tasks.title} || ' (2)'` })
        .where(eq(tasks.id, task!.id));
      insideAfterWrite = await readPublicRevision(tx);
    });
    // Not before the commit (the triggers are deferred to it), and once for the two writes.
    expect(insideAfterWrite).toBe(start);
    expect(await readPublicRevision(db())).toBe(start + 1);
  });

  it('does not grow for a rolled-back change, nor for a report that is not approved', async () => {
    const start = await readPublicRevision(db());
    const [task] = await db().select({ id: tasks.id }).from(tasks).limit(1);
    await expect(
      db().transaction(async (tx) => {
        await tx.update(tasks).set({ title: 'zmiana wycofana' }).where(eq(tasks.id, task!.id));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await readPublicRevision(db())).toBe(start);

    // A draft and its values: nothing public changes.
    const [draft] = await db()
      .insert(reports)
      .values({ taskId: task!.id, year: 2031, status: 'draft', narrative: 'szkic' })
      .returning({ id: reports.id });
    await db().update(reports).set({ narrative: 'szkic 2' }).where(eq(reports.id, draft!.id));
    expect(
      await db().select().from(reportStageValues).where(eq(reportStageValues.reportId, draft!.id)),
    ).toEqual([]);
    expect(await readPublicRevision(db())).toBe(start);

    // Its approval and its withdrawal each change the public data.
    await db().update(reports).set({ status: 'approved' }).where(eq(reports.id, draft!.id));
    expect(await readPublicRevision(db())).toBe(start + 1);
    await db().update(reports).set({ status: 'submitted' }).where(eq(reports.id, draft!.id));
    expect(await readPublicRevision(db())).toBe(start + 2);
  });
});
