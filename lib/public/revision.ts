import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { publicRevision } from '@/db/schema';

/**
 * The public revision: a number the database raises when a transaction that changes anything the
 * public pages show commits (migration 0007's triggers, once per transaction, at its commit). Equal
 * numbers mean equal public data, whichever process or instance reads them.
 */
export async function readPublicRevision(db: Tx): Promise<number> {
  const [row] = await db
    .select({ revision: publicRevision.revision })
    .from(publicRevision)
    .where(eq(publicRevision.id, 1));
  return row?.revision ?? 0;
}
