// Over 500 lines (saving imported cards): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
/**
 * Saving imported task cards (lib/cards/parse.ts) into the strategy, in one transaction.
 *
 * - The strategy is found by name; a missing one is created with the span of the imported cards'
 *   years and a city name: `options.cityName`, else the last word of the strategy's name
 *   ("Strategia rozwoju Leszna" → "Leszna"; pass the nominative with `--city Leszno`).
 * - Goals (by number within the strategy) and programs (by number within the goal) are created when
 *   missing; existing ones are left as they are.
 * - The goal owner, coordinator and executor are matched to posts: owner and coordinator by the
 *   post's name, the executor by its department's name and function (or by the post's name). A role
 *   is given only where nobody holds it yet; what cannot be matched is reported as unassigned.
 * - A task (by number within the program) is inserted when missing; otherwise it is updated in
 *   place with only the differences, so importing the same card twice writes nothing, and any
 *   change raises the task's version (the card editor's conflict check). Stages and indicators that
 *   have values in yearly reports are archived, never deleted.
 * - The actuals of a year that has a yearly report (in any status) belong to the reporting
 *   workflow: the import keeps the saved ones and says so in a note. Plans are imported.
 * - One audit row per created or updated task (and per created strategy, goal and program).
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import {
  auditLog,
  departments,
  fundingSources,
  goals,
  indicatorYears,
  indicators,
  partners,
  postRoles,
  posts,
  programs,
  reportIndicatorValues,
  reportStageValues,
  reports,
  stageYears,
  stages,
  strategies,
  tasks,
  type IndicatorType,
} from '@/db/schema';
import { hasAtMostTwoDecimals, readAmount, readIndicatorNumber, readPercent, toRoman } from '@/lib/numbers';
import { stageTotals, stagesOverPlan } from '@/lib/progress';
import { assignScopedRole } from '@/lib/strategy/assignments';
import { type ImportMessage, type ImportMessageKey, importMessage, sameMessage } from './messages';
import { insertTaskCard } from './save-card';
import type { CardCell, CardData } from './types';

/** A card to import: the parser's cards carry the executor as written, which helps to match it. */
export type ImportableCard = CardData & {
  task: CardData['task'] & {
    executorText?: string;
    /** The executor's post as chosen in the preview (checked to exist by the confirm). */
    executorPostId?: number | null;
  };
};

export interface CommitOptions {
  /** Who imports (audit log); null for an operator at the command line. */
  actorUserId: number | null;
  /** Overrides the strategy name of every card. */
  strategyName?: string;
  /** City of a strategy that has to be created; default: the strategy name's last word. */
  cityName?: string;
  now?: Date;
  /**
   * Runs first inside the transaction, after the import lock: the place to re-check who may import
   * these cards against what the database says now. Throwing rolls everything back.
   */
  authorize?: (tx: Tx) => Promise<void>;
}

export interface CommitSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Roles that could not be given because no post matched (one per role). */
  unassigned: ImportMessage[];
  /** What else the import did or left alone (created strategy/goal/program, archived stages …). */
  notes: ImportMessage[];
  /** `task`: the task's code, "I.3.1" (shown as "Zadanie I.3.1": `commit.taskLabel`). */
  tasks: { taskId: number; task: string; status: 'created' | 'updated' | 'unchanged' }[];
}

/** Any fixed number, other than the migrations' lock (db/migrate.ts). */
const IMPORT_LOCK = 7_301_2010;

/** A card that cannot be saved as it is; the message is for the person importing. */
export class CardImportError extends Error {
  override name = 'CardImportError';
  constructor(readonly importMessage: ImportMessage) {
    super(importMessage.key);
  }
}

const refuse = (key: ImportMessageKey & `commit.${string}`, values: ImportMessage['values']) =>
  new CardImportError(importMessage(key, values));

// ---------------------------------------------------------------------------------------------
// The comparable state of a task

interface TaskFields {
  title: string;
  addressees: string;
  justification: string;
  description: string;
  plannedTotalCostText: string;
  plannedTotalCostAmount: number | null;
  budgetNote: string;
}

interface SnapshotCell {
  planned: number | null;
  actual: number | null;
}

/** A task as far as a card describes it: compared before writing, stored in the audit log. */
export interface TaskSnapshot {
  task: TaskFields;
  stages: { number: number | null; name: string; cells: Record<string, SnapshotCell> }[];
  partners: { name: string; scope: string }[];
  indicators: { type: IndicatorType; name: string; source: string; values: Record<string, string> }[];
  funding: { source: string; value: string; sharePercent: number | null; amount: number | null }[];
}

/** numeric(…, 2) columns keep two decimals: compare what the database will hold. */
function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function roundCell(cell: CardCell): CardCell {
  return cell ? { actual: round2(cell.actual), planned: round2(cell.planned) } : null;
}

function cardYears(card: CardData): number[] {
  const years = new Set(card.years);
  for (const indicator of card.indicators)
    for (const year of Object.keys(indicator.values)) years.add(Number(year));
  return [...years].sort((a, b) => a - b);
}

function desiredSnapshot(card: CardData): TaskSnapshot {
  return {
    task: {
      title: card.task.title,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      plannedTotalCostText: card.totalCost,
      plannedTotalCostAmount: round2(readAmount(card.totalCost)),
      budgetNote: card.budgetNote,
    },
    stages: card.stages.map((stage) => {
      const cells: Record<string, SnapshotCell> = {};
      for (const year of card.years) {
        const cell = roundCell(stage.cells[year] ?? null);
        if (cell && (cell.planned !== null || cell.actual !== null)) cells[year] = cell;
      }
      return { number: stage.number, name: stage.name, cells };
    }),
    partners: card.partners.map(({ name, scope }) => ({ name, scope })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(
        Object.entries(indicator.values).sort(([a], [b]) => Number(a) - Number(b)),
      ) as Record<string, string>,
    })),
    funding: card.funding.map((item) => ({
      source: item.source,
      value: item.value,
      sharePercent: round2(readPercent(item.value)),
      amount: round2(readAmount(item.value)),
    })),
  };
}

async function loadSnapshot(tx: Tx, taskId: number, years: number[]): Promise<TaskSnapshot> {
  const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId));
  if (!task) throw new Error(`task ${taskId} not found`);
  const stageRows = await tx
    .select()
    .from(stages)
    .where(and(eq(stages.taskId, taskId), isNull(stages.archivedAt)))
    .orderBy(asc(stages.position), asc(stages.id));
  const cellRows = stageRows.length
    ? await tx
        .select()
        .from(stageYears)
        .where(
          inArray(
            stageYears.stageId,
            stageRows.map((row) => row.id),
          ),
        )
    : [];
  const indicatorRows = await tx
    .select()
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), isNull(indicators.archivedAt)))
    .orderBy(asc(indicators.position), asc(indicators.id));
  const valueRows = indicatorRows.length
    ? await tx
        .select()
        .from(indicatorYears)
        .where(
          inArray(
            indicatorYears.indicatorId,
            indicatorRows.map((row) => row.id),
          ),
        )
    : [];
  const partnerRows = await tx
    .select()
    .from(partners)
    .where(eq(partners.taskId, taskId))
    .orderBy(asc(partners.position), asc(partners.id));
  const fundingRows = await tx
    .select()
    .from(fundingSources)
    .where(eq(fundingSources.taskId, taskId))
    .orderBy(asc(fundingSources.position), asc(fundingSources.id));
  const inYears = new Set(years);

  return {
    task: {
      title: task.title,
      addressees: task.addressees,
      justification: task.justification,
      description: task.description,
      plannedTotalCostText: task.plannedTotalCostText,
      plannedTotalCostAmount: task.plannedTotalCostAmount,
      budgetNote: task.budgetNote,
    },
    stages: stageRows.map((stage) => {
      const cells: Record<string, SnapshotCell> = {};
      for (const cell of cellRows
        .filter((row) => row.stageId === stage.id && inYears.has(row.year))
        .sort((a, b) => a.year - b.year)) {
        if (cell.plannedPoints !== null || cell.actualPoints !== null) {
          cells[cell.year] = { actual: cell.actualPoints, planned: cell.plannedPoints };
        }
      }
      return { number: stage.number, name: stage.name, cells };
    }),
    partners: partnerRows.map(({ name, scope }) => ({ name, scope })),
    indicators: indicatorRows.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(
        valueRows
          .filter(
            (row) => row.indicatorId === indicator.id && inYears.has(row.year) && row.actualText !== null,
          )
          .sort((a, b) => a.year - b.year)
          .map((row) => [String(row.year), row.actualText as string]),
      ),
    })),
    funding: fundingRows.map((row) => ({
      source: row.source,
      value: row.valueText,
      sharePercent: row.sharePercent,
      amount: row.amount,
    })),
  };
}

/** Deep equality of plain JSON values (key order ignored). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

// ---------------------------------------------------------------------------------------------
// Matching the card with the saved task, and what belongs to the yearly reports

type StageRow = typeof stages.$inferSelect;
type StageYearRow = typeof stageYears.$inferSelect;
type IndicatorRow = typeof indicators.$inferSelect;
type IndicatorYearRow = typeof indicatorYears.$inferSelect;

async function loadStages(tx: Tx, taskId: number): Promise<{ rows: StageRow[]; cells: StageYearRow[] }> {
  const rows = await tx
    .select()
    .from(stages)
    .where(and(eq(stages.taskId, taskId), isNull(stages.archivedAt)))
    .orderBy(asc(stages.position), asc(stages.id));
  const cells = rows.length
    ? await tx
        .select()
        .from(stageYears)
        .where(
          inArray(
            stageYears.stageId,
            rows.map((stage) => stage.id),
          ),
        )
    : [];
  return { rows, cells };
}

async function loadIndicators(
  tx: Tx,
  taskId: number,
): Promise<{ rows: IndicatorRow[]; values: IndicatorYearRow[] }> {
  const rows = await tx
    .select()
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), isNull(indicators.archivedAt)))
    .orderBy(asc(indicators.position), asc(indicators.id));
  const values = rows.length
    ? await tx
        .select()
        .from(indicatorYears)
        .where(
          inArray(
            indicatorYears.indicatorId,
            rows.map((row) => row.id),
          ),
        )
    : [];
  return { rows, values };
}

/** The saved stage of each card stage (by index): by number and name, else by position. */
function matchStages(card: CardData, rows: StageRow[]): Map<number, StageRow> {
  const match = new Map<number, StageRow>();
  const used = new Set<number>();
  card.stages.forEach((stage, index) => {
    const exact = rows.find(
      (row) => !used.has(row.id) && row.number === stage.number && row.name === stage.name,
    );
    if (exact) {
      match.set(index, exact);
      used.add(exact.id);
    }
  });
  // A stage at the same place that kept its number or its name was renamed or renumbered; one
  // that kept neither is another stage (the old one goes, archived if it was reported on).
  card.stages.forEach((stage, index) => {
    if (match.has(index)) return;
    const atPosition = rows[index];
    if (
      atPosition &&
      !used.has(atPosition.id) &&
      (atPosition.number === stage.number || atPosition.name === stage.name)
    ) {
      match.set(index, atPosition);
      used.add(atPosition.id);
    }
  });
  return match;
}

/** The saved indicator of each card indicator (by index): by type and name. */
function matchIndicators(card: CardData, rows: IndicatorRow[]): Map<number, IndicatorRow> {
  const match = new Map<number, IndicatorRow>();
  const used = new Set<number>();
  card.indicators.forEach((indicator, index) => {
    const row = rows.find(
      (candidate) =>
        !used.has(candidate.id) && candidate.type === indicator.type && candidate.name === indicator.name,
    );
    if (row) {
      match.set(index, row);
      used.add(row.id);
    }
  });
  return match;
}

/** The code of a card's task in notes: "I.3.1" (shown as "Zadanie I.3.1"). */
export function taskCode(card: CardData): string {
  return `${toRoman(card.goal.number)}.${card.program.number}.${card.task.number}`;
}

/**
 * The card with the actuals (stage points done, indicator values) of every year that has a yearly
 * report, in any status, replaced by the saved ones: they are the reporting workflow's (submit,
 * accept, approve), an import must not change them. Plans stay as on the card. The notes name the
 * years where the card said otherwise; the preview shows them too.
 */
export async function keepReportedActuals<T extends CardData>(
  tx: Tx,
  taskId: number,
  card: T,
  task: string,
): Promise<{ card: T; notes: ImportMessage[]; reportedYears: Set<number> }> {
  const reportRows = await tx.select({ year: reports.year }).from(reports).where(eq(reports.taskId, taskId));
  const reportedYears = new Set(reportRows.map((row) => row.year));
  const years = cardYears(card).filter((year) => reportedYears.has(year));
  if (years.length === 0) return { card, notes: [], reportedYears };

  const saved = await loadStages(tx, taskId);
  const savedIndicators = await loadIndicators(tx, taskId);
  const stageMatch = matchStages(card, saved.rows);
  const indicatorMatch = matchIndicators(card, savedIndicators.rows);
  const differ = new Set<number>();
  const stagesKept = card.stages.map((stage, index) => {
    const row = stageMatch.get(index);
    const cells = { ...stage.cells };
    for (const year of years) {
      if (!card.years.includes(year)) continue;
      const cell = stage.cells[year] ?? null;
      const actual =
        saved.cells.find((have) => have.stageId === row?.id && have.year === year)?.actualPoints ?? null;
      if (round2(cell?.actual ?? null) !== actual) differ.add(year);
      const planned = cell?.planned ?? null;
      cells[year] = planned === null && actual === null ? null : { actual, planned };
    }
    return { ...stage, cells };
  });
  const indicatorsKept = card.indicators.map((indicator, index) => {
    const row = indicatorMatch.get(index);
    const values = { ...indicator.values };
    for (const year of years) {
      const text =
        savedIndicators.values.find((have) => have.indicatorId === row?.id && have.year === year)
          ?.actualText ?? null;
      if ((indicator.values[year] ?? null) !== text) differ.add(year);
      if (text === null) delete values[year];
      else values[year] = text;
    }
    return { ...indicator, values };
  });
  const notes = [...differ]
    .sort((a, b) => a - b)
    .map((year) => importMessage('commit.reportedYearKept', { task, year }));
  return { card: { ...card, stages: stagesKept, indicators: indicatorsKept }, notes, reportedYears };
}

// ---------------------------------------------------------------------------------------------
// Writing the differences

/** Writes what differs; `card` already carries the saved actuals of reported years. */
async function updateTaskInPlace(
  tx: Tx,
  taskId: number,
  card: CardData,
  desired: TaskSnapshot,
  current: TaskSnapshot,
  reportedYears: Set<number>,
  now: Date,
  note: (message: ImportMessage) => void,
  task: string,
) {
  // Any change is a new version of the task, not only one of its texts: a card editor opened
  // before the import must not save the old stages, partners or funding back over it.
  await tx
    .update(tasks)
    .set({
      ...(same(desired.task, current.task) ? {} : desired.task),
      updatedAt: now,
      version: sql`${tasks.version} + 1`,
    })
    .where(eq(tasks.id, taskId));

  const { rows: existingStages, cells: existingCells } = await loadStages(tx, taskId);
  const stageMatch = matchStages(card, existingStages);
  const usedStages = new Set([...stageMatch.values()].map((row) => row.id));
  for (const [index, stage] of card.stages.entries()) {
    const row = stageMatch.get(index);
    const cells = desired.stages[index]?.cells ?? {};
    if (!row) {
      const [inserted] = await tx
        .insert(stages)
        .values({ taskId, position: index + 1, number: stage.number, name: stage.name })
        .returning({ id: stages.id });
      if (!inserted) throw new Error('insert stage returned nothing');
      const values = Object.entries(cells).map(([year, cell]) => ({
        stageId: inserted.id,
        year: Number(year),
        plannedPoints: cell.planned,
        actualPoints: cell.actual,
      }));
      if (values.length > 0) await tx.insert(stageYears).values(values);
      continue;
    }
    if (row.number !== stage.number || row.name !== stage.name || row.position !== index + 1) {
      await tx
        .update(stages)
        .set({ number: stage.number, name: stage.name, position: index + 1 })
        .where(eq(stages.id, row.id));
    }
    for (const year of card.years) {
      const want = cells[year] ?? null;
      const have = existingCells.find((cell) => cell.stageId === row.id && cell.year === year);
      const where = and(eq(stageYears.stageId, row.id), eq(stageYears.year, year));
      if (!want) {
        if (have && (have.plannedPoints !== null || have.actualPoints !== null)) {
          await tx.delete(stageYears).where(where);
        }
      } else if (!have) {
        await tx
          .insert(stageYears)
          .values({ stageId: row.id, year, plannedPoints: want.planned, actualPoints: want.actual });
      } else if (have.plannedPoints !== want.planned || have.actualPoints !== want.actual) {
        await tx
          .update(stageYears)
          .set({ plannedPoints: want.planned, actualPoints: want.actual })
          .where(where);
      }
    }
  }
  const leftStages = existingStages.filter((row) => !usedStages.has(row.id));
  if (leftStages.length > 0) {
    const reported = new Set(
      (
        await tx
          .selectDistinct({ id: reportStageValues.stageId })
          .from(reportStageValues)
          .where(
            inArray(
              reportStageValues.stageId,
              leftStages.map((row) => row.id),
            ),
          )
      ).map((row) => row.id),
    );
    // A stage that reported values point at, or that holds an actual of a year with a report (a
    // draft too), keeps its history: it is only hidden.
    const holding = new Set(
      existingCells
        .filter((cell) => cell.actualPoints !== null && reportedYears.has(cell.year))
        .map((cell) => cell.stageId),
    );
    for (const row of leftStages) {
      const reason = reported.has(row.id) ? 'reported' : holding.has(row.id) ? 'reportedYear' : null;
      if (reason) {
        await tx.update(stages).set({ archivedAt: now }).where(eq(stages.id, row.id));
        note(importMessage('commit.stageArchived', { task, name: row.name, reason }));
      } else {
        await tx.delete(stageYears).where(eq(stageYears.stageId, row.id));
        await tx.delete(stages).where(eq(stages.id, row.id));
      }
    }
  }

  if (!same(desired.partners, current.partners)) {
    await tx.delete(partners).where(eq(partners.taskId, taskId));
    if (card.partners.length > 0) {
      await tx
        .insert(partners)
        .values(card.partners.map((partner, index) => ({ taskId, position: index + 1, ...partner })));
    }
  }

  // Indicators: matched by type and name.
  const { rows: existingIndicators, values: existingValues } = await loadIndicators(tx, taskId);
  const indicatorMatch = matchIndicators(card, existingIndicators);
  const usedIndicators = new Set([...indicatorMatch.values()].map((row) => row.id));
  const years = cardYears(card);
  for (const [index, indicator] of card.indicators.entries()) {
    const row = indicatorMatch.get(index);
    if (!row) {
      const [inserted] = await tx
        .insert(indicators)
        .values({
          taskId,
          type: indicator.type,
          position: index + 1,
          name: indicator.name,
          source: indicator.source,
        })
        .returning({ id: indicators.id });
      if (!inserted) throw new Error('insert indicator returned nothing');
      const values = Object.entries(indicator.values).map(([year, text]) => ({
        indicatorId: inserted.id,
        year: Number(year),
        actualText: text,
        actualNumber: readIndicatorNumber(text),
      }));
      if (values.length > 0) await tx.insert(indicatorYears).values(values);
      continue;
    }
    if (row.source !== indicator.source || row.position !== index + 1) {
      await tx
        .update(indicators)
        .set({ source: indicator.source, position: index + 1 })
        .where(eq(indicators.id, row.id));
    }
    for (const year of years) {
      const want = indicator.values[year] ?? null;
      const have = existingValues.find((value) => value.indicatorId === row.id && value.year === year);
      const where = and(eq(indicatorYears.indicatorId, row.id), eq(indicatorYears.year, year));
      if (!have) {
        if (want !== null) {
          await tx
            .insert(indicatorYears)
            .values({ indicatorId: row.id, year, actualText: want, actualNumber: readIndicatorNumber(want) });
        }
      } else if (have.actualText !== want) {
        // A target set in the application stays; only the actual comes from the card.
        if (want === null && have.targetText === null) await tx.delete(indicatorYears).where(where);
        else
          await tx
            .update(indicatorYears)
            .set({ actualText: want, actualNumber: want === null ? null : readIndicatorNumber(want) })
            .where(where);
      }
    }
  }
  const leftIndicators = existingIndicators.filter((row) => !usedIndicators.has(row.id));
  if (leftIndicators.length > 0) {
    const reported = new Set(
      (
        await tx
          .selectDistinct({ id: reportIndicatorValues.indicatorId })
          .from(reportIndicatorValues)
          .where(
            inArray(
              reportIndicatorValues.indicatorId,
              leftIndicators.map((row) => row.id),
            ),
          )
      ).map((row) => row.id),
    );
    const holding = new Set(
      existingValues
        .filter((value) => value.actualText !== null && reportedYears.has(value.year))
        .map((value) => value.indicatorId),
    );
    for (const row of leftIndicators) {
      const reason = reported.has(row.id) ? 'reported' : holding.has(row.id) ? 'reportedYear' : null;
      if (reason) {
        await tx.update(indicators).set({ archivedAt: now }).where(eq(indicators.id, row.id));
        note(importMessage('commit.indicatorArchived', { task, name: row.name, reason }));
      } else {
        await tx.delete(indicatorYears).where(eq(indicatorYears.indicatorId, row.id));
        await tx.delete(indicators).where(eq(indicators.id, row.id));
      }
    }
  }

  if (!same(desired.funding, current.funding)) {
    await tx.delete(fundingSources).where(eq(fundingSources.taskId, taskId));
    if (desired.funding.length > 0) {
      await tx.insert(fundingSources).values(
        desired.funding.map((item, index) => ({
          taskId,
          position: index + 1,
          source: item.source,
          valueText: item.value,
          sharePercent: item.sharePercent,
          amount: item.amount,
        })),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Posts and roles

async function postsNamed(tx: Tx, name: string): Promise<number[]> {
  if (!name.trim()) return [];
  const rows = await tx
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.name, name.trim()), isNull(posts.archivedAt)));
  return rows.map((row) => row.id);
}

/** The posts the card's executor may be: the one chosen in the preview, else those matching its text. */
export async function executorPosts(tx: Tx, card: ImportableCard): Promise<number[]> {
  if (card.task.executorPostId) {
    const rows = await tx
      .select({ id: posts.id })
      .from(posts)
      .where(and(eq(posts.id, card.task.executorPostId), isNull(posts.archivedAt)));
    return rows.map((row) => row.id);
  }
  const { department, function: role } = card.task.executor;
  if (department && role) {
    const rows = await tx
      .select({ id: posts.id })
      .from(posts)
      .innerJoin(departments, eq(departments.id, posts.departmentId))
      .where(
        and(
          eq(departments.name, department),
          eq(posts.function, role),
          isNull(posts.archivedAt),
          isNull(departments.archivedAt),
        ),
      );
    if (rows.length > 0) return rows.map((row) => row.id);
  }
  const written = card.task.executorText?.replace(/\s+/g, ' ').trim() ?? '';
  return postsNamed(tx, written || [department, role].filter(Boolean).join(' – '));
}

/** The post that is the task's executor now, if any. */
export async function currentExecutorPost(tx: Tx, taskId: number): Promise<number | null> {
  return (await currentHolder(tx, { role: 'executor', taskId }))?.postId ?? null;
}

async function currentHolder(
  tx: Tx,
  scope:
    | { role: 'goal_owner'; goalId: number }
    | { role: 'coordinator'; programId: number }
    | { role: 'executor'; taskId: number },
): Promise<{ postId: number; name: string } | null> {
  const target =
    scope.role === 'goal_owner'
      ? eq(postRoles.goalId, scope.goalId)
      : scope.role === 'coordinator'
        ? eq(postRoles.programId, scope.programId)
        : eq(postRoles.taskId, scope.taskId);
  const [row] = await tx
    .select({ postId: postRoles.postId, name: posts.name })
    .from(postRoles)
    .innerJoin(posts, eq(posts.id, postRoles.postId))
    .where(and(eq(postRoles.role, scope.role), target, isNull(postRoles.validTo)));
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// The import

function lastWord(name: string): string {
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? name;
}

function validate(card: ImportableCard, label: CardLabel) {
  for (const [index, stage] of card.stages.entries()) {
    for (const year of card.years) {
      const cell = stage.cells[year];
      if (!cell) continue;
      const at = { ...label, stage: index + 1, year };
      if (cell.planned !== null && (cell.planned < 0 || cell.planned > 100)) {
        throw refuse('commit.plannedOutOfRange', { ...at, points: cell.planned });
      }
      if (cell.actual !== null && cell.actual < 0) {
        throw refuse('commit.actualNegative', at);
      }
      // Stage points are numeric(7,2): the database would round a third decimal away silently.
      for (const [kind, value] of [
        ['planned', cell.planned],
        ['actual', cell.actual],
      ] as const) {
        if (value !== null && !hasAtMostTwoDecimals(value)) {
          throw refuse('commit.pointsDecimals', { ...at, kind, points: value });
        }
      }
    }
  }
  // A stage's done points over all years may not pass its plan (lib/progress.ts: the rule of the
  // report form and the card editor; only a report can record a confirmed excess).
  const cells = card.stages.flatMap((stage, index) =>
    card.years.flatMap((year) => {
      const cell = stage.cells[year];
      return cell ? [{ stageId: index, year, planned: cell.planned, actual: cell.actual }] : [];
    }),
  );
  const totals = stageTotals(cells);
  for (const index of stagesOverPlan(cells)) {
    const { planned, done } = totals.get(index)!;
    throw refuse('commit.stageOverPlan', { ...label, stage: index + 1, done, planned });
  }
  // Shares and amounts are numeric(…, 2) too, like the card editor refuses (lib/cards/rules.ts).
  for (const [index, row] of card.funding.entries()) {
    const value = readPercent(row.value) ?? readAmount(row.value);
    if (value !== null && !hasAtMostTwoDecimals(value)) {
      throw refuse('commit.fundingDecimals', { ...label, row: index + 1, value: row.value });
    }
  }
  if (card.goal.number <= 0 || card.program.number <= 0 || card.task.number <= 0) {
    throw refuse('commit.numbersNotPositive', label);
  }
}

/** "Cel I, program 3, zadanie 1" in the importer's refusals. */
type CardLabel = { goal: string; program: number; task: number };

/**
 * Saves the cards in one transaction (all or nothing) and says what it did. Importing the same
 * cards again writes nothing and counts them as unchanged.
 */
export async function commitCards(
  db: Db,
  cards: ImportableCard[],
  options: CommitOptions,
): Promise<CommitSummary> {
  const now = options.now ?? new Date();
  const summary: CommitSummary = {
    created: 0,
    updated: 0,
    unchanged: 0,
    unassigned: [],
    notes: [],
    tasks: [],
  };
  const unassigned: ImportMessage[] = [];
  const notes: ImportMessage[] = [];
  const note = (message: ImportMessage) => {
    if (!notes.some((have) => sameMessage(have, message))) notes.push(message);
  };
  const strategyOf = (card: ImportableCard) => (options.strategyName ?? card.strategy.name).trim();

  // The years each strategy has to span.
  const spans = new Map<string, { start: number; end: number }>();
  const seen = new Set<string>();
  for (const card of cards) {
    const name = strategyOf(card);
    const label: CardLabel = {
      goal: toRoman(card.goal.number),
      program: card.program.number,
      task: card.task.number,
    };
    const key = JSON.stringify([name, card.goal.number, card.program.number, card.task.number]);
    if (seen.has(key)) throw refuse('commit.duplicateCard', label);
    seen.add(key);
    if (!name) throw refuse('commit.strategyMissing', label);
    validate(card, label);
    const years = cardYears(card);
    if (years.length === 0) throw refuse('commit.yearsMissing', label);
    const span = spans.get(name);
    const start = Math.min(span?.start ?? Infinity, years[0] ?? Infinity);
    const end = Math.max(span?.end ?? -Infinity, years[years.length - 1] ?? -Infinity);
    spans.set(name, { start, end });
  }

  await db.transaction(async (tx) => {
    // Two imports at once (PostgreSQL, several instances) would both create a missing strategy,
    // goal or program: they take turns. Released when the transaction ends.
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    await options.authorize?.(tx);
    const strategyIds = new Map<string, number>();
    for (const [name, span] of spans) {
      const [existing] = await tx
        .select()
        .from(strategies)
        .where(and(eq(strategies.name, name), isNull(strategies.archivedAt)))
        .orderBy(asc(strategies.id))
        .limit(1);
      if (existing) {
        if (span.start < existing.startYear || span.end > existing.endYear) {
          throw refuse('commit.outsideStrategy', {
            name,
            start: span.start,
            end: span.end,
            strategyStart: existing.startYear,
            strategyEnd: existing.endYear,
          });
        }
        strategyIds.set(name, existing.id);
        continue;
      }
      const cityName = options.cityName?.trim() || lastWord(name);
      const [created] = await tx
        .insert(strategies)
        .values({ name, cityName, startYear: span.start, endYear: span.end })
        .returning({ id: strategies.id });
      if (!created) throw new Error('insert strategy returned nothing');
      strategyIds.set(name, created.id);
      await tx.insert(auditLog).values({
        actorUserId: options.actorUserId,
        entity: 'strategy',
        entityId: String(created.id),
        action: 'import',
        before: null,
        after: { name, cityName, startYear: span.start, endYear: span.end },
      });
      note(
        importMessage('commit.strategyCreated', { name, city: cityName, start: span.start, end: span.end }),
      );
    }

    for (const card of cards) {
      const strategyId = strategyIds.get(strategyOf(card)) as number;
      const goalCode = toRoman(card.goal.number);
      const programCode = `${goalCode}.${card.program.number}`;
      const task = taskCode(card);

      // The goal and its owner.
      let [goal] = await tx
        .select()
        .from(goals)
        .where(and(eq(goals.strategyId, strategyId), eq(goals.number, card.goal.number)));
      if (!goal) {
        [goal] = await tx
          .insert(goals)
          .values({ strategyId, number: card.goal.number, title: card.goal.title })
          .returning();
        if (!goal) throw new Error('insert goal returned nothing');
        await tx.insert(auditLog).values({
          actorUserId: options.actorUserId,
          entity: 'goal',
          entityId: String(goal.id),
          action: 'import',
          before: null,
          after: { strategyId, number: goal.number, title: goal.title },
        });
        note(importMessage('commit.goalCreated', { goal: goalCode, title: goal.title }));
      } else if (goal.title !== card.goal.title) {
        note(importMessage('commit.goalTitleKept', { goal: goalCode }));
      }
      await giveRole(tx, { role: 'goal_owner', goalId: goal.id }, await postsNamed(tx, card.goal.owner), {
        who: { role: 'goal_owner', code: goalCode, name: card.goal.owner },
        actorUserId: options.actorUserId,
        now,
        unassigned,
        note,
      });

      // The program and its coordinator.
      let [program] = await tx
        .select()
        .from(programs)
        .where(and(eq(programs.goalId, goal.id), eq(programs.number, card.program.number)));
      if (!program) {
        [program] = await tx
          .insert(programs)
          .values({ goalId: goal.id, number: card.program.number, title: card.program.title })
          .returning();
        if (!program) throw new Error('insert program returned nothing');
        await tx.insert(auditLog).values({
          actorUserId: options.actorUserId,
          entity: 'program',
          entityId: String(program.id),
          action: 'import',
          before: null,
          after: { goalId: goal.id, number: program.number, title: program.title },
        });
        note(importMessage('commit.programCreated', { program: programCode, title: program.title }));
      } else if (program.title !== card.program.title) {
        note(importMessage('commit.programTitleKept', { program: programCode }));
      }
      await giveRole(
        tx,
        { role: 'coordinator', programId: program.id },
        await postsNamed(tx, card.program.coordinator),
        {
          who: { role: 'coordinator', code: programCode, name: card.program.coordinator },
          actorUserId: options.actorUserId,
          now,
          unassigned,
          note,
        },
      );

      // The task.
      const rounded: CardData = {
        ...card,
        stages: card.stages.map((stage) => ({
          ...stage,
          cells: Object.fromEntries(card.years.map((year) => [year, roundCell(stage.cells[year] ?? null)])),
        })),
      };
      const years = cardYears(card);
      const [existing] = await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.programId, program.id), eq(tasks.number, card.task.number)));
      let taskId: number;
      if (!existing) {
        taskId = await insertTaskCard(tx, program.id, rounded);
        await tx.insert(auditLog).values({
          actorUserId: options.actorUserId,
          entity: 'task',
          entityId: String(taskId),
          action: 'import',
          before: null,
          after: await loadSnapshot(tx, taskId, years),
        });
        summary.created++;
        summary.tasks.push({ taskId, task, status: 'created' });
      } else {
        taskId = existing.id;
        const kept = await keepReportedActuals(tx, taskId, rounded, task);
        kept.notes.forEach(note);
        const desired = desiredSnapshot(kept.card);
        const before = await loadSnapshot(tx, taskId, years);
        if (same(desired, before)) {
          summary.unchanged++;
          summary.tasks.push({ taskId, task, status: 'unchanged' });
        } else {
          await updateTaskInPlace(
            tx,
            taskId,
            kept.card,
            desired,
            before,
            kept.reportedYears,
            now,
            note,
            task,
          );
          await tx.insert(auditLog).values({
            actorUserId: options.actorUserId,
            entity: 'task',
            entityId: String(taskId),
            action: 'import',
            before,
            after: await loadSnapshot(tx, taskId, years),
          });
          summary.updated++;
          summary.tasks.push({ taskId, task, status: 'updated' });
        }
      }
      const { department, function: role } = card.task.executor;
      const executorText =
        department && role
          ? `${department} – ${role}`
          : (card.task.executorText?.replace(/\s+/g, ' ').trim() ?? '');
      await giveRole(tx, { role: 'executor', taskId }, await executorPosts(tx, card), {
        who: { role: 'executor', code: task, name: executorText },
        actorUserId: options.actorUserId,
        now,
        unassigned,
        note,
      });
    }
  });
  summary.unassigned = unassigned;
  summary.notes = notes;
  return summary;
}

/** Gives the role to the one matching post when nobody holds it; otherwise reports why not. */
async function giveRole(
  tx: Tx,
  scope:
    | { role: 'goal_owner'; goalId: number }
    | { role: 'coordinator'; programId: number }
    | { role: 'executor'; taskId: number },
  candidates: number[],
  context: {
    /** The role as the card names it: "Cel I: szef celu „…”" (the `role` select of the messages). */
    who: { role: 'goal_owner' | 'coordinator' | 'executor'; code: string; name: string };
    actorUserId: number | null;
    now: Date;
    unassigned: ImportMessage[];
    note: (message: ImportMessage) => void;
  },
) {
  const holder = await currentHolder(tx, scope);
  if (holder) {
    if (!candidates.includes(holder.postId)) {
      context.note(importMessage('commit.roleHeld', { ...context.who, holder: holder.name }));
    }
    return;
  }
  if (candidates.length === 1) {
    await assignScopedRole(tx, scope, candidates[0] as number, context.actorUserId, context.now);
    return;
  }
  const message =
    candidates.length === 0
      ? importMessage('commit.roleNoPost', context.who)
      : importMessage('commit.roleManyPosts', { ...context.who, count: candidates.length });
  if (!context.unassigned.some((have) => sameMessage(have, message))) context.unassigned.push(message);
}
