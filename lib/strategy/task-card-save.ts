import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { reports, tasks } from '@/db/schema';
import { writeAudit } from '@/lib/audit';
import type { CurrentUser } from '@/lib/auth/sessions';
import { type TaskCardInput, taskCardSchema } from '@/lib/cards/card-schema';
import {
  deleteIndicators,
  deleteStages,
  indicatorsWithReportValues,
  insertIndicator,
  insertStage,
  loadIndicators,
  loadStages,
  replaceFunding,
  replacePartners,
  stagesWithReportValues,
  taskTextColumns,
  updateIndicator,
  updateStage,
  writeIndicatorValue,
  writeStageCell,
} from '@/lib/cards/card-writer';
import { planTotal } from '@/lib/cards/rules';
import { conflict, invalid, notFound } from '@/lib/errors';
import { parseDecimal } from '@/lib/numbers';
import { exceedsPlan, stageTotals } from '@/lib/progress';
import { parseInput } from '@/lib/validation';
import { manageTask } from './program-scope';
import { spanYears } from './span';
import { loadCardForm } from './task-editor';

/*
 * Saving a card from the editor, through the card writer (lib/cards/card-writer.ts). Rows are
 * matched by their id (a stage id is what report_stage_values point at), only plans and targets
 * are written (actuals are the reports'), one transaction with a version check and an audit row.
 */

export async function saveTaskCard(
  db: Db,
  userOrNull: CurrentUser | null,
  taskId: number,
  rawInput: unknown,
) {
  const { user, scope } = await manageTask(db, userOrNull, taskId);
  const years = spanYears(scope);
  const input = parseInput(taskCardSchema(years), rawInput);
  const number = Number(input.number);

  return db.transaction(async (tx) => {
    // Locked: no other save or import changes the card between reading it for the audit and writing.
    const [before] = await tx.select().from(tasks).where(eq(tasks.id, taskId)).for('update');
    if (!before) throw notFound();
    // Stale: someone saved this card after the user opened it. Show a conflict, overwrite nothing.
    if (before.version !== input.version) throw conflict();
    const { form: beforeCard } = await loadCardForm(tx, before, years);
    const [clash] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(
        and(eq(tasks.programId, scope.programId), eq(tasks.number, number), sql`${tasks.id} <> ${taskId}`),
      );
    if (clash) throw invalid({ number: ['numberTaken'] });

    const [updated] = await tx
      .update(tasks)
      .set({
        number,
        ...taskTextColumns({ ...input, totalCost: input.plannedTotalCost }),
        version: sql`${tasks.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(tasks.id, taskId), eq(tasks.version, input.version)))
      .returning({ version: tasks.version });
    // Someone saved this card after the user opened it: show a conflict, overwrite nothing.
    if (!updated) throw conflict();

    const revisedYears = await saveStages(tx, taskId, years, input);
    await saveIndicators(tx, taskId, years, input);
    await replacePartners(tx, taskId, input.partners);
    await replaceFunding(tx, taskId, input.funding);

    await writeAudit(tx, {
      actorUserId: user.id,
      entity: 'task',
      entityId: taskId,
      action: 'edit_card',
      before: { ...beforeCard, revisionReason: undefined },
      after: { ...input, revisionReason: undefined },
    });
    if (revisedYears.length) {
      await writeAudit(tx, {
        actorUserId: user.id,
        entity: 'task',
        entityId: taskId,
        action: 'plan_revision',
        before: { years: revisedYears },
        after: { reason: input.revisionReason },
      });
    }
    // The card as saved, with the new rows' ids: the editor stays on the page and holds this, so that
    // its next save keeps the stages and indicators it just added instead of creating them again.
    const [saved] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
    const { form } = await loadCardForm(tx, saved!, years);
    return { version: updated.version, form };
  });
}

/** Stages and the plan grid. Returns the years with an approved report whose plan changed. */
async function saveStages(tx: Tx, taskId: number, years: number[], input: TaskCardInput): Promise<number[]> {
  const { rows: existing, cells } = await loadStages(tx, taskId, { archived: true });
  const existingIds = new Set(existing.map((row) => row.id));
  input.stages.forEach((row, index) => {
    // A stage id from another task is forged: refuse, do not ignore.
    if (row.id !== null && !existingIds.has(row.id))
      throw invalid({ [`stages.${index}.name`]: ['unknownRow'] });
  });
  const kept = new Set(input.stages.flatMap((row) => (row.id === null ? [] : [row.id])));
  const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length) {
    const reported = await stagesWithReportValues(tx, removed);
    // Done points on the card without a report (history brought in from the old cards) count too.
    const official = cells.some((cell) => removed.includes(cell.stageId) && cell.actualPoints !== null);
    // Reported history is never deleted: such a stage can only be archived.
    if (reported.size > 0 || official) throw invalid({ stages: ['stageHasReports'] });
    await deleteStages(tx, removed);
  }

  const approved = new Set(
    (
      await tx
        .select({ year: reports.year })
        .from(reports)
        .where(and(eq(reports.taskId, taskId), eq(reports.status, 'approved')))
    ).map((row) => row.year),
  );
  const totals = stageTotals(
    cells.map((cell) => ({
      stageId: cell.stageId,
      year: cell.year,
      planned: cell.plannedPoints,
      actual: cell.actualPoints,
    })),
  );
  const revised = new Set<number>();
  for (const [index, row] of input.stages.entries()) {
    const values = {
      position: index + 1,
      number: row.number.trim() === '' ? null : Number(row.number),
      name: row.name,
      archivedAt: row.archived
        ? (existing.find((stage) => stage.id === row.id)?.archivedAt ?? new Date())
        : null,
    };
    let stageId = row.id;
    if (stageId === null) stageId = await insertStage(tx, taskId, values);
    else await updateStage(tx, taskId, stageId, values);
    // A stage's plan may not be cut below the points it has done over all years (lib/progress.ts,
    // the rule of the report form and the import); a plan left as it was stays as confirmed.
    const before = totals.get(stageId) ?? { planned: 0, done: 0 };
    const newPlanned = planTotal([{ planned: row.planned }]);
    if (!row.archived && newPlanned !== before.planned && exceedsPlan(newPlanned, before.done))
      throw invalid({ [`stages.${index}.name`]: ['doneOverPlan'] });
    for (const [yearIndex, year] of years.entries()) {
      const planned = parseDecimal(row.planned[yearIndex] ?? '');
      const have = cells.find((candidate) => candidate.stageId === stageId && candidate.year === year);
      // The editor writes the plan only; the done points stay as the reports made them.
      const changed = await writeStageCell(tx, stageId, year, have, {
        planned,
        actual: have?.actualPoints ?? null,
      });
      if (changed && approved.has(year)) revised.add(year);
    }
  }
  // Re-planning a year whose report is approved changes what was reported against: say why.
  if (revised.size && input.revisionReason.trim() === '') {
    throw invalid({ revisionReason: ['revisionReasonRequired'] });
  }
  return [...revised].sort();
}

/** Indicators and their targets (the actuals are the reports'). */
async function saveIndicators(tx: Tx, taskId: number, years: number[], input: TaskCardInput) {
  const { rows: existing, values: targets } = await loadIndicators(tx, taskId, { archived: true });
  const existingIds = new Set(existing.map((row) => row.id));
  input.indicators.forEach((row, index) => {
    if (row.id !== null && !existingIds.has(row.id))
      throw invalid({ [`indicators.${index}.name`]: ['unknownRow'] });
  });
  const kept = new Set(input.indicators.flatMap((row) => (row.id === null ? [] : [row.id])));
  const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length) {
    const reported = await indicatorsWithReportValues(tx, removed);
    const official = targets.some(
      (value) => removed.includes(value.indicatorId) && value.actualText !== null,
    );
    if (reported.size > 0 || official) throw invalid({ indicators: ['indicatorHasReports'] });
    await deleteIndicators(tx, removed);
  }
  for (const [index, row] of input.indicators.entries()) {
    const values = {
      type: row.type,
      position: index + 1,
      name: row.name,
      source: row.source,
      unit: row.unit,
      archivedAt: row.archived
        ? (existing.find((indicator) => indicator.id === row.id)?.archivedAt ?? new Date())
        : null,
    };
    let indicatorId = row.id;
    if (indicatorId === null) indicatorId = await insertIndicator(tx, taskId, values);
    else await updateIndicator(tx, taskId, indicatorId, values);
    for (const [yearIndex, year] of years.entries()) {
      const text = row.targets[yearIndex] ?? '';
      const have = targets.find((target) => target.indicatorId === indicatorId && target.year === year);
      await writeIndicatorValue(tx, indicatorId, year, have, 'target', text.trim() === '' ? null : text);
    }
  }
}
