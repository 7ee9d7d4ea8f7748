import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { programs, tasks } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import type { CurrentUser } from '@/lib/auth/sessions';
import { weightsSchema } from '@/lib/cards/card-schema';
import { conflict, invalid } from '@/lib/errors';
import { parseDecimal } from '@/lib/numbers';
import { parseInput } from '@/lib/validation';
import { manageProgram } from './program-scope';

/*
 * A program's task weights: read and saved together, with the program's version as the check that
 * nobody else changed them meanwhile.
 */

export async function getProgramWeights(db: Db, userOrNull: CurrentUser | null, programId: number) {
  await manageProgram(db, userOrNull, programId);
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  const rows = await db
    .select({ id: tasks.id, number: tasks.number, title: tasks.title, weight: tasks.weight })
    .from(tasks)
    .where(and(eq(tasks.programId, programId), isNull(tasks.archivedAt)))
    .orderBy(asc(tasks.number));
  return {
    programId,
    version: program!.version,
    title: program!.title,
    number: program!.number,
    tasks: rows,
  };
}

export async function saveWeights(
  db: Db,
  userOrNull: CurrentUser | null,
  programId: number,
  rawInput: unknown,
) {
  const { user } = await manageProgram(db, userOrNull, programId);
  const input = parseInput(weightsSchema, rawInput);
  return db.transaction(async (tx) => {
    const current = await tx
      .select({ id: tasks.id, weight: tasks.weight })
      .from(tasks)
      .where(and(eq(tasks.programId, programId), isNull(tasks.archivedAt)));
    input.weights.forEach((row, index) => {
      if (!current.some((task) => task.id === row.taskId))
        throw invalid({ [`weights.${index}.weight`]: ['unknownRow'] });
    });
    const [updated] = await tx
      .update(programs)
      .set({ version: sql`${programs.version} + 1` })
      .where(and(eq(programs.id, programId), eq(programs.version, input.version)))
      .returning({ version: programs.version });
    if (!updated) throw conflict();
    for (const row of input.weights) {
      await tx
        .update(tasks)
        .set({ weight: parseDecimal(row.weight)!, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
        .where(and(eq(tasks.id, row.taskId), eq(tasks.programId, programId)));
    }
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'program',
      entityId: programId,
      action: 'weights',
      before: current,
      after: input.weights.map((row) => ({ id: row.taskId, weight: parseDecimal(row.weight) })),
    });
    return { version: updated.version };
  });
}
