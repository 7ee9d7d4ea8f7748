import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { strategies } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import { requireAdmin } from '@/lib/auth/permissions';
import type { CurrentUser } from '@/lib/auth/sessions';
import { conflict, notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { publicationFormSchema } from './structure-schema';

/*
 * Publishing a strategy (issue #21): the strategy office decides whether its approved data is
 * public and from which day, and whether the approved yearly narratives are public too. Admin
 * only, re-read from the database; one guarded write (the version) with its audit row. What is
 * public, and how fast the public pages follow, is lib/public's and the public revision's business.
 */

export interface PublicationState {
  id: number;
  version: number;
  publishedFrom: string | null;
  publishNarratives: boolean;
}

export async function savePublication(
  db: Db,
  userOrNull: CurrentUser | null,
  rawInput: unknown,
): Promise<{ id: number; version: number }> {
  const user = await requireAdmin(db, userOrNull);
  const input = parseInput(publicationFormSchema, rawInput);
  const after = {
    publishedFrom: input.published ? input.publishedFrom : null,
    publishNarratives: input.publishNarratives,
  };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ publishedFrom: strategies.publishedFrom, publishNarratives: strategies.publishNarratives })
      .from(strategies)
      .where(eq(strategies.id, input.id));
    if (!before) throw notFound();
    const [updated] = await tx
      .update(strategies)
      .set({ ...after, version: sql`${strategies.version} + 1` })
      .where(and(eq(strategies.id, input.id), eq(strategies.version, input.version)))
      .returning({ id: strategies.id, version: strategies.version });
    if (!updated) throw conflict();
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'strategy',
      entityId: input.id,
      action: after.publishedFrom === null ? 'unpublish' : 'publish',
      before,
      after,
    });
    return updated;
  });
}
