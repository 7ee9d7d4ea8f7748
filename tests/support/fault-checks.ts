import { and, eq } from 'drizzle-orm';
import { type Database, openDatabase } from '@/db/client';
import * as schema from '@/db/schema';
import type { AppServer } from './app-server';
import type { Prepared, Write } from './fault-writes';

/*
 * What the fault tests (tests/reliability/faults-*.test.ts) check in the database once the server
 * has stopped: the reports' counts before the run (baselineOf), the stopped server's database read
 * directly (readBack), and verifyWrites — every answered write there once, none that failed there,
 * the audit log matching the data.
 */

export interface Check {
  mismatches: string[];
}

/** Every answered write is there once, none that failed is there, the audit log matches the data. */
export async function verifyWrites(
  database: Database,
  prepared: Prepared,
  baseline: Baseline,
  writes: Write[],
): Promise<Check> {
  const db = database.db;
  const mismatches: string[] = [];
  const audit = await db.select().from(schema.auditLog);
  const events = await db.select().from(schema.reportEvents);
  const afterTexts = audit.map((row) => JSON.stringify(row.after));
  for (const write of writes) {
    const inAudit = afterTexts.filter((text) => text.includes(write.marker)).length;
    const inEvents = events.filter((event) => event.comment.includes(write.marker)).length;
    const decision = ['accept', 'approve', 'return', 'withdraw'].includes(write.kind);
    if (write.outcome === 'success' && inAudit !== 1)
      mismatches.push(`${write.kind} ${write.marker} answered success, ${inAudit} audit rows`);
    if (write.outcome === 'success' && decision && inEvents !== 1)
      mismatches.push(`${write.kind} ${write.marker} answered success, ${inEvents} timeline events`);
    if (write.outcome === 'failed' && (inAudit !== 0 || inEvents !== 0))
      mismatches.push(`${write.kind} ${write.marker} failed (${write.code}) but is there`);
    if (write.outcome === 'no answer' && (inAudit > 1 || (decision && inEvents !== inAudit)))
      mismatches.push(`${write.kind} ${write.marker} unanswered: ${inAudit} audit rows, ${inEvents} events`);
  }
  for (const start of prepared.reports) {
    const [report] = await db
      .select()
      .from(schema.reports)
      .where(and(eq(schema.reports.taskId, start.taskId), eq(schema.reports.year, start.year)));
    const reportEvents = events.filter((event) => event.reportId === report!.id);
    const reportAudit = audit.filter((row) => row.entity === 'report' && row.entityId === String(report!.id));
    const base = baseline.reports.get(report!.id)!;
    const transitions = report!.version - start.version;
    if (reportEvents.length - base.events !== transitions || reportAudit.length - base.audit !== transitions)
      mismatches.push(
        `report ${report!.id}: version moved by ${transitions}, ${reportEvents.length - base.events} events, ${reportAudit.length - base.audit} audit rows`,
      );
    // The latest event's state is the report's state; its latest narrative is the latest save's.
    const latest = reportEvents.sort((a, b) => a.id - b.id).at(-1);
    if (latest && latest.toStatus !== report!.status)
      mismatches.push(`report ${report!.id}: status ${report!.status}, latest event to ${latest.toStatus}`);
    const lastSave = reportAudit
      .filter((row) => row.action === 'save' || row.action === 'submit')
      .sort((a, b) => a.id - b.id)
      .at(-1);
    if (lastSave && (lastSave.after as { narrative: string }).narrative !== report!.narrative)
      mismatches.push(`report ${report!.id}: narrative is not the latest save's`);
    // An approved report's values are the card's official ones; otherwise none are set for the year.
    const stageValues = await db
      .select()
      .from(schema.reportStageValues)
      .where(eq(schema.reportStageValues.reportId, report!.id));
    const officialCells = await db
      .select({ stageId: schema.stageYears.stageId, actual: schema.stageYears.actualPoints })
      .from(schema.stageYears)
      .innerJoin(schema.stages, eq(schema.stages.id, schema.stageYears.stageId))
      .where(and(eq(schema.stages.taskId, start.taskId), eq(schema.stageYears.year, start.year)));
    for (const cell of officialCells) {
      const reported = stageValues.find((value) => value.stageId === cell.stageId)?.actualPoints ?? null;
      const expected = report!.status === 'approved' ? reported : null;
      const official = cell.actual === null ? null : Number(cell.actual);
      if (official !== (expected === null ? null : Number(expected)))
        mismatches.push(
          `report ${report!.id} (${report!.status}): stage ${cell.stageId} official ${cell.actual}, expected ${expected}`,
        );
    }
  }
  const [task] = await db.select().from(schema.tasks).where(eq(schema.tasks.id, prepared.card.taskId));
  const cardAudit = audit
    .filter(
      (row) =>
        row.entity === 'task' && row.entityId === String(prepared.card.taskId) && row.action === 'edit_card',
    )
    .map((row) => row.after as { version: number; description: string });
  const cardVersions = cardAudit.map((after) => after.version).sort((a, b) => a - b);
  const expectedVersions = Array.from(
    { length: task!.version - prepared.card.form.version },
    (_, index) => prepared.card.form.version + index,
  );
  if (JSON.stringify(cardVersions) !== JSON.stringify(expectedVersions))
    mismatches.push(`card: version ${task!.version}, saves audited from versions ${cardVersions.join(',')}`);
  const lastCard = cardAudit.find((after) => after.version === task!.version - 1);
  if (lastCard && lastCard.description !== task!.description)
    mismatches.push('card: the description is not the latest audited save');
  return { mismatches };
}

export interface Baseline {
  reports: Map<number, { events: number; audit: number }>;
}

export async function baselineOf(database: Database, prepared: Prepared): Promise<Baseline> {
  const db = database.db;
  const reports = new Map<number, { events: number; audit: number }>();
  for (const start of prepared.reports) {
    const [report] = await db
      .select()
      .from(schema.reports)
      .where(and(eq(schema.reports.taskId, start.taskId), eq(schema.reports.year, start.year)));
    const events = await db
      .select()
      .from(schema.reportEvents)
      .where(eq(schema.reportEvents.reportId, report!.id));
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.entity, 'report'), eq(schema.auditLog.entityId, String(report!.id))));
    reports.set(report!.id, { events: events.length, audit: audit.length });
  }
  return { reports };
}

/** Reads the stopped server's database directly, then removes it. */
export async function readBack<T>(server: AppServer, read: (database: Database) => Promise<T>): Promise<T> {
  try {
    const database = await openDatabase({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
    try {
      return await read(database);
    } finally {
      await database.close();
    }
  } finally {
    await server.cleanup();
  }
}
