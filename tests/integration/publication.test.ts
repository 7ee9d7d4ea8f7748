import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { savePublication } from '@/lib/admin/publication';
import { isPublicError } from '@/lib/errors';
import { readPublicRevision } from '@/lib/public/revision';
import { seedDemoData } from '@/scripts/seed/demo';
import { userByLogin } from '../support/fixtures';
import { databaseForTests, testBackends } from '../support/test-db';

/* The strategy office publishes a strategy: one guarded write with its audit row. */
describe.each(testBackends())('publishing a strategy on $name', (backend) => {
  const db = databaseForTests(backend, (database) => seedDemoData(database), { each: true });

  async function strategy() {
    const [row] = await db().select().from(schema.strategies).limit(1);
    return row!;
  }
  const admin = () => userByLogin(db(), 'admin');

  it('is not published by default; the admin publishes it from a day, audited, and unpublishes it', async () => {
    const before = await strategy();
    expect(before.publishedFrom).toBeNull();
    expect(before.publishNarratives).toBe(false);
    const revision = await readPublicRevision(db());

    const saved = await savePublication(db(), await admin(), {
      id: before.id,
      version: before.version,
      published: true,
      publishedFrom: '2026-03-01',
      publishNarratives: true,
    });
    expect(saved.version).toBe(before.version + 1);
    const published = await strategy();
    expect(published.publishedFrom).toBe('2026-03-01');
    expect(published.publishNarratives).toBe(true);
    expect(await readPublicRevision(db())).toBeGreaterThan(revision);

    const [audit] = await db()
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entity, 'strategy'), eq(schema.auditLog.entityId, String(before.id))))
      .orderBy(desc(schema.auditLog.id))
      .limit(1);
    expect(audit?.action).toBe('publish');
    expect(audit?.before).toEqual({ publishedFrom: null, publishNarratives: false });
    expect(audit?.after).toEqual({ publishedFrom: '2026-03-01', publishNarratives: true });

    // Unpublished: the day is dropped whatever the field held.
    await savePublication(db(), await admin(), {
      id: before.id,
      version: saved.version,
      published: false,
      publishedFrom: '2026-03-01',
      publishNarratives: true,
    });
    expect((await strategy()).publishedFrom).toBeNull();
  });

  it('refuses a missing or impossible day at its field, and a stale version as a conflict, writing nothing', async () => {
    const before = await strategy();
    for (const [publishedFrom, key] of [
      ['', 'required'],
      ['2026-02-30', 'invalidDate'],
      ['15.01.2026', 'invalidDate'],
    ] as const) {
      const error = await savePublication(db(), await admin(), {
        id: before.id,
        version: before.version,
        published: true,
        publishedFrom,
        publishNarratives: false,
      }).catch((caught: unknown) => caught);
      expect(isPublicError(error) && error.code).toBe('invalid');
      expect(isPublicError(error) && error.fieldErrors).toEqual({ publishedFrom: [key] });
    }
    const stale = await savePublication(db(), await admin(), {
      id: before.id,
      version: before.version - 1 || 99,
      published: true,
      publishedFrom: '2026-03-01',
      publishNarratives: false,
    }).catch((caught: unknown) => caught);
    expect(isPublicError(stale) && stale.code).toBe('conflict');
    expect(await strategy()).toEqual(before);
  });

  it('is refused to someone who is not in the strategy office, and nothing changes', async () => {
    const before = await strategy();
    const coordinator = await userByLogin(db(), 'sekretarz');
    const refused = await savePublication(db(), coordinator, {
      id: before.id,
      version: before.version,
      published: true,
      publishedFrom: '2026-03-01',
      publishNarratives: false,
    }).catch((caught: unknown) => caught);
    expect(isPublicError(refused) && refused.code).toBe('forbidden');
    expect(await strategy()).toEqual(before);
  });
});
