import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { tasks } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import type { CurrentUser } from '@/lib/auth/sessions';
import { newTaskSchema } from '@/lib/cards/card-schema';
import { invalid } from '@/lib/errors';
import { parseDecimal } from '@/lib/numbers';
import { addOpenYearReports } from '@/lib/reports/task-reports';
import { parseInput } from '@/lib/validation';
import { manageProgram } from './program-scope';

/** A new task of a program: its number, title and weight (the card is filled in the editor). */
export async function createTask(
  db: Db,
  userOrNull: CurrentUser | null,
  programId: number,
  rawInput: unknown,
) {
  const { user } = await manageProgram(db, userOrNull, programId);
  const input = parseInput(newTaskSchema, rawInput);
  const number = Number(input.number);
  const weight = parseDecimal(input.weight)!;
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.programId, programId), eq(tasks.number, number)));
    if (clash) throw invalid({ number: ['numberTaken'] });
    const [task] = await tx
      .insert(tasks)
      .values({ programId, number, title: input.title, weight })
      .returning({ id: tasks.id });
    // The task reports for every year already open, like every other task.
    await addOpenYearReports(tx, [task!.id]);
    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'task',
      entityId: task!.id,
      action: 'create',
      before: null,
      after: { programId, number, title: input.title, weight },
    });
    return { taskId: task!.id };
  });
}
