import { auditLog } from '@/db/schema';
import type { Tx } from '@/db/client';

export interface AuditEntry {
  /** Who did it; null for an operator at the command line or the demo data. */
  actorUserId: number | null;
  entity: string;
  entityId: string | number;
  action: string;
  before: unknown;
  after: unknown;
}

/** Writes one audit row; call it inside the transaction of the change it records. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, entityId: String(entry.entityId) });
}
