import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { fundingSources, partners, postRoles, reports, type tasks } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import {
  indicatorsWithReportValues,
  loadIndicators,
  loadStages,
  stagesWithReportValues,
} from '@/lib/cards/card-writer';
import { listPostOptions } from './post-options';
import { manageTask } from './program-scope';
import { spanYears } from './span';

/*
 * Opening a task's card in the editor: the card as the editor's form holds it, with what the form
 * needs to know (the rows that reports point at, the years with an approved report, the executor).
 */

function toText(value: number | null): string {
  return value === null ? '' : String(value).replace('.', ',');
}

/**
 * A task's card as the editor's form holds it, read from the database: what the editor opens with,
 * and what the audit row of a save records as "before" (the same shape as its "after").
 */
export async function loadCardForm(db: Tx, task: typeof tasks.$inferSelect, years: number[]) {
  const { rows: stageRows, cells } = await loadStages(db, task.id, { archived: true });
  const { rows: indicatorRows, values: targets } = await loadIndicators(db, task.id, { archived: true });
  const [partnerRows, fundingRows] = await Promise.all([
    db.select().from(partners).where(eq(partners.taskId, task.id)).orderBy(asc(partners.position)),
    db
      .select()
      .from(fundingSources)
      .where(eq(fundingSources.taskId, task.id))
      .orderBy(asc(fundingSources.position)),
  ]);
  const form: TaskCardInput = {
    version: task.version,
    number: String(task.number),
    title: task.title,
    addressees: task.addressees,
    justification: task.justification,
    description: task.description,
    plannedTotalCost: task.plannedTotalCostText,
    budgetNote: task.budgetNote,
    stages: stageRows.map((row) => ({
      id: row.id,
      number: row.number === null ? '' : String(row.number),
      name: row.name,
      archived: row.archivedAt !== null,
      planned: years.map((year) =>
        toText(cells.find((cell) => cell.stageId === row.id && cell.year === year)?.plannedPoints ?? null),
      ),
    })),
    indicators: indicatorRows.map((row) => ({
      id: row.id,
      type: row.type,
      name: row.name,
      source: row.source,
      unit: row.unit,
      archived: row.archivedAt !== null,
      targets: years.map(
        (year) =>
          targets.find((target) => target.indicatorId === row.id && target.year === year)?.targetText ?? '',
      ),
    })),
    partners: partnerRows.map((row) => ({ name: row.name, scope: row.scope })),
    funding: fundingRows.map((row) => ({ source: row.source, value: row.valueText })),
    revisionReason: '',
  };
  return { form, stageIds: stageRows.map((row) => row.id), indicatorIds: indicatorRows.map((row) => row.id) };
}

export async function getTaskEditor(db: Db, userOrNull: CurrentUser | null, taskId: number) {
  const { task, scope } = await manageTask(db, userOrNull, taskId);
  const years = spanYears(scope);
  const { form, stageIds, indicatorIds } = await loadCardForm(db, task, years);
  const [reportedStages, reportedIndicators, approved, options, executor] = await Promise.all([
    stagesWithReportValues(db, stageIds),
    indicatorsWithReportValues(db, indicatorIds),
    db
      .select({ year: reports.year })
      .from(reports)
      .where(and(eq(reports.taskId, taskId), eq(reports.status, 'approved'))),
    listPostOptions(db),
    db
      .select({ postId: postRoles.postId })
      .from(postRoles)
      .where(and(eq(postRoles.role, 'executor'), eq(postRoles.taskId, taskId), isNull(postRoles.validTo))),
  ]);
  return {
    taskId,
    programId: scope.programId,
    years,
    approvedYears: approved.map((row) => row.year).sort(),
    stagesWithReports: [...reportedStages],
    indicatorsWithReports: [...reportedIndicators],
    form,
    executorPostId: executor[0]?.postId ?? null,
    postOptions: options,
  };
}
