import 'server-only';
// Over 500 lines (the import screen's preview and confirm): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { goals, posts, programs, strategies, tasks, users } from '@/db/schema';
import { coordinatesProgram, isAdmin } from '@/lib/auth/permissions';
import { type CurrentUser, loadUserRoles } from '@/lib/auth/sessions';
import { forbidden, invalid, PublicError, unauthenticated } from '@/lib/errors';
import { toRoman } from '@/lib/numbers';
import { fieldErrorsOf, requiredId, versionField } from '@/lib/validation';
import { listPostOptions, type PostOption } from '@/lib/strategy/manage';
import { getTaskCard, type TaskCardView } from '@/lib/strategy/task-card';
import {
  CardImportError,
  type CommitSummary,
  commitCards,
  currentExecutorPost,
  executorPosts,
  type ImportableCard,
  keepReportedActuals,
  taskCode,
} from './import';
import {
  type ConfirmImportInput,
  confirmImportSchema,
  IMPORT_LIMITS,
  type ImportCardInput,
  previewImportSchema,
} from './import-schema';
import { type ImportMessage, importMessage } from './messages';
import { type ParseError, type ParsedCard, parseCards } from './parse';
import { FILLABLE_SECTIONS, incompleteProblems, LIVE_WARNING_KEYS } from './preview-rules';

/*
 * The import screen's data layer. previewImport reads the text and compares each card with what is
 * saved, writing nothing; confirmImport saves the (possibly edited) cards with commitCards in one
 * transaction. Both re-check who may: the strategy office imports anything, a coordinator only
 * cards of the programs they coordinate (an existing program, matched by strategy name, goal
 * number and program number). The confirm also gets back, per card, the task and version the
 * preview compared it with, and saves nothing when one of those tasks has changed since.
 */

export type CardRefusal = 'notYourProgram' | 'newProgram';

export interface PreviewWarning {
  /** The parser's path (`stages.1.cells.2010`). */
  path: string;
  /** The same place as a path of the form (`stages.1.cells.1`), or a section (`stages`). */
  field: string;
  message: ImportMessage;
}

export type ChangeKey =
  | 'title'
  | 'addressees'
  | 'justification'
  | 'description'
  | 'totalCost'
  | 'budgetNote'
  | 'stageAdded'
  | 'stageRemoved'
  | 'stageRenamed'
  | 'stageCell'
  | 'partnerAdded'
  | 'partnerRemoved'
  | 'indicatorAdded'
  | 'indicatorRemoved'
  | 'indicatorChanged'
  | 'indicatorValue'
  | 'funding';

export interface CardChange {
  key: ChangeKey;
  /** Where: stage or indicator number (1-based), year, name. */
  params: Record<string, string | number>;
  before: string;
  after: string;
}

/** The existing task a card was compared with in the preview, and its version then. */
export interface PreviewBase {
  taskId: number;
  version: number;
}

export interface PreviewCard {
  card: ImportCardInput;
  warnings: PreviewWarning[];
  /** 1-based line where the card starts in the text. */
  line: number;
  /** The saved task with the same strategy, goal, program and task number, if any. */
  existingTaskId: number | null;
  /** Sent back with the confirm, unchanged (`bases`, one per card). */
  base: PreviewBase | null;
  /** What saving would change in the existing task (empty for a new one or an identical one). */
  changes: CardChange[];
  /** Why this user may not save this card; null when they may. */
  refusal: CardRefusal | null;
  /**
   * A card cut short: the sections its text lacks (sent back with the confirm, `missing`). It is
   * not saved until those the user can fill in are filled (lib/cards/preview-rules.ts).
   */
  missing: string[];
  /** For a card cut short, the parser's sentence saying where it ends and what it lacks. */
  cutError: ParseError | null;
}

export interface ImportPreview {
  cards: PreviewCard[];
  errors: ParseError[];
  /** The posts the executor can be chosen from (active ones). */
  posts: PostOption[];
}

export type ImportSummary = CommitSummary;

/**
 * What the confirm takes: the cards as the form's schema has them, and per card the base its
 * preview showed. The bases are not the user's input, so the form does not check them.
 */
const confirmRequestSchema = confirmImportSchema
  .and(
    z.object({
      bases: z
        .array(z.object({ taskId: requiredId, version: versionField }).nullable(), 'invalid')
        .max(IMPORT_LIMITS.cards, 'tooMany'),
      /** Per card, the sections its text lacked (a card cut short); none when left out. */
      missing: z
        .array(
          z.array(z.enum(FILLABLE_SECTIONS, 'invalid')).max(FILLABLE_SECTIONS.length, 'invalid'),
          'invalid',
        )
        .max(IMPORT_LIMITS.cards, 'tooMany')
        .optional(),
    }),
  )
  .refine((request) => request.bases.length === request.cards.length, {
    path: ['bases'],
    message: 'invalid',
  });

/** Only the strategy office and coordinators import at all. */
export function assertMayImport(user: CurrentUser | null): asserts user is CurrentUser {
  if (!user) throw unauthenticated();
  if (!isAdmin(user) && !user.roles.some((grant) => grant.role === 'coordinator')) throw forbidden();
}

// ---------------------------------------------------------------------------------------------
// Cards as form data and back

const SECTION_FIELDS: Record<string, string> = {
  addressees: 'task.addressees',
  justification: 'task.justification',
  description: 'task.description',
  executor: 'task.executor',
  budget: 'funding',
  'strategy.name': 'strategyName',
};

/** The parser's warning path as a path of the form: years become indexes of `years`. */
function formPath(path: string, years: number[]): string {
  const mapped = SECTION_FIELDS[path];
  if (mapped) return mapped;
  return path.replace(/\.(cells|values)\.(\d{4})(?=\.|$)/, (whole, kind: string, year: string) => {
    const index = years.indexOf(Number(year));
    return index < 0 ? `.${kind}` : `.${kind}.${index}`;
  });
}

export function toFormCard(card: ImportableCard, strategyName: string): ImportCardInput {
  const years = new Set(card.years);
  for (const indicator of card.indicators)
    for (const year of Object.keys(indicator.values)) years.add(Number(year));
  const sorted = [...years].sort((a, b) => a - b);
  return {
    strategyName,
    goal: { ...card.goal },
    program: { ...card.program },
    task: {
      number: card.task.number,
      title: card.task.title,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      executor: { ...card.task.executor },
      executorText: card.task.executorText ?? '',
      executorPostId: card.task.executorPostId ?? null,
    },
    years: sorted,
    stages: card.stages.map((stage) => ({
      number: stage.number,
      name: stage.name,
      cells: sorted.map((year) => {
        const cell = stage.cells[year];
        return { actual: cell?.actual ?? null, planned: cell?.planned ?? null };
      }),
    })),
    partners: card.partners.map(({ name, scope }) => ({ name, scope })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: sorted.map((year) => indicator.values[year] ?? ''),
    })),
    totalCost: card.totalCost,
    budgetNote: card.budgetNote,
    funding: card.funding.map(({ source, value }) => ({ source, value })),
  };
}

/** The form's card as commitCards takes it; an empty indicator value is "no value that year". */
export function toImportableCard(card: ImportCardInput): ImportableCard {
  return {
    strategy: { name: card.strategyName.trim() },
    goal: { ...card.goal },
    program: { ...card.program },
    task: {
      number: card.task.number,
      title: card.task.title,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      executor: { ...card.task.executor },
      executorText: card.task.executorText,
      executorPostId: card.task.executorPostId ?? null,
    },
    years: [...card.years],
    stages: card.stages.map((stage) => ({
      number: stage.number,
      name: stage.name,
      cells: Object.fromEntries(
        card.years.map((year, index) => {
          const cell = stage.cells[index];
          const empty = !cell || (cell.actual === null && cell.planned === null);
          return [year, empty ? null : { actual: cell.actual, planned: cell.planned }];
        }),
      ),
    })),
    partners: card.partners.map(({ name, scope }) => ({ name, scope })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(
        card.years.flatMap((year, index) => {
          const value = indicator.values[index] ?? '';
          return value === '' ? [] : [[year, value]];
        }),
      ),
    })),
    totalCost: card.totalCost,
    budgetNote: card.budgetNote,
    funding: card.funding.map(({ source, value }) => ({ source, value })),
  };
}

// ---------------------------------------------------------------------------------------------
// Where a card goes, and who may put it there

interface Located {
  strategyId: number | null;
  goalId: number | null;
  programId: number | null;
  taskId: number | null;
  taskVersion: number | null;
}

/** `lock`: inside the confirm's transaction, the task's row stays locked until it ends. */
async function locateCard(db: Tx, card: ImportCardInput, lock = false): Promise<Located> {
  const out: Located = { strategyId: null, goalId: null, programId: null, taskId: null, taskVersion: null };
  const [strategy] = await db
    .select({ id: strategies.id })
    .from(strategies)
    .where(and(eq(strategies.name, card.strategyName.trim()), isNull(strategies.archivedAt)))
    .orderBy(asc(strategies.id))
    .limit(1);
  if (!strategy) return out;
  out.strategyId = strategy.id;
  const [goal] = await db
    .select({ id: goals.id })
    .from(goals)
    .where(and(eq(goals.strategyId, strategy.id), eq(goals.number, card.goal.number)));
  if (!goal) return out;
  out.goalId = goal.id;
  const [program] = await db
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.goalId, goal.id), eq(programs.number, card.program.number)));
  if (!program) return out;
  out.programId = program.id;
  const query = db
    .select({ id: tasks.id, version: tasks.version })
    .from(tasks)
    .where(and(eq(tasks.programId, program.id), eq(tasks.number, card.task.number)));
  const [task] = lock ? await query.for('update') : await query;
  out.taskId = task?.id ?? null;
  out.taskVersion = task?.version ?? null;
  return out;
}

function refusalOf(user: CurrentUser, located: Located): CardRefusal | null {
  if (isAdmin(user)) return null;
  // A coordinator adds or updates tasks of their own programs only; creating programs (and goals,
  // strategies) is the strategy office's job.
  if (located.programId === null) return 'newProgram';
  return coordinatesProgram(user, located.programId) ? null : 'notYourProgram';
}

// ---------------------------------------------------------------------------------------------
// What would change

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function cellText(cell: { actual: number | null; planned: number | null } | null | undefined): string {
  if (!cell || (cell.actual === null && cell.planned === null)) return '-';
  const show = (value: number | null) => (value === null ? '' : String(round2(value)).replace('.', ','));
  return `${show(cell.actual)}/${show(cell.planned)}%`;
}

function compareCard(current: TaskCardView, card: ImportCardInput): CardChange[] {
  const changes: CardChange[] = [];
  const push = (key: ChangeKey, before: string, after: string, params: CardChange['params'] = {}) =>
    changes.push({ key, params, before, after });

  const texts = [
    ['title', current.task.title, card.task.title],
    ['addressees', current.task.addressees, card.task.addressees],
    ['justification', current.task.justification, card.task.justification],
    ['description', current.task.description, card.task.description],
    ['totalCost', current.task.plannedTotalCostText, card.totalCost],
    ['budgetNote', current.task.budgetNote, card.budgetNote],
  ] as const;
  for (const [key, before, after] of texts) if (before !== after) push(key, before, after);

  // Stages, compared at the same position (the import matches renamed stages the same way).
  const stageCount = Math.max(current.stages.length, card.stages.length);
  for (let index = 0; index < stageCount; index++) {
    const have = current.stages[index];
    const want = card.stages[index];
    const params = { stage: index + 1 };
    if (!have && want) {
      push('stageAdded', '', want.name, params);
      continue;
    }
    if (have && !want) {
      push('stageRemoved', have.name, '', params);
      continue;
    }
    if (!have || !want) continue;
    if (have.name !== want.name || have.number !== want.number) {
      push(
        'stageRenamed',
        `${have.number ?? ''} ${have.name}`.trim(),
        `${want.number ?? ''} ${want.name}`.trim(),
        params,
      );
    }
    card.years.forEach((year, yearIndex) => {
      const before = cellText(have.cells[year] ?? null);
      const wantCell = want.cells[yearIndex];
      const after = cellText(
        wantCell ? { actual: round2(wantCell.actual), planned: round2(wantCell.planned) } : null,
      );
      if (before !== after) push('stageCell', before, after, { ...params, year });
    });
  }

  const partnerKey = (partner: { name: string; scope: string }) =>
    partner.scope ? `${partner.name} (${partner.scope})` : partner.name;
  const havePartners = current.partners.map(partnerKey);
  const wantPartners = card.partners.map(partnerKey);
  for (const partner of wantPartners) if (!havePartners.includes(partner)) push('partnerAdded', '', partner);
  for (const partner of havePartners)
    if (!wantPartners.includes(partner)) push('partnerRemoved', partner, '');

  const indicatorCount = Math.max(current.indicators.length, card.indicators.length);
  for (let index = 0; index < indicatorCount; index++) {
    const have = current.indicators[index];
    const want = card.indicators[index];
    const params = { indicator: index + 1, name: want?.name ?? have?.name ?? '' };
    if (!have && want) {
      push('indicatorAdded', '', `${want.name} (${want.source})`, params);
      continue;
    }
    if (have && !want) {
      push('indicatorRemoved', `${have.name} (${have.source})`, '', params);
      continue;
    }
    if (!have || !want) continue;
    if (have.name !== want.name || have.type !== want.type || have.source !== want.source) {
      push('indicatorChanged', `${have.name} (${have.source})`, `${want.name} (${want.source})`, params);
    }
    card.years.forEach((year, yearIndex) => {
      const before = have.years[year]?.actualText ?? '';
      const after = want.values[yearIndex] ?? '';
      if (before !== after) push('indicatorValue', before, after, { ...params, year });
    });
  }

  const fundingText = (items: { source: string; value: string }[]) =>
    items.map((item) => `${item.source} ${item.value}`.trim()).join('; ');
  const haveFunding = fundingText(
    current.funding.map((item) => ({ source: item.source, value: item.valueText })),
  );
  const wantFunding = fundingText(card.funding);
  if (haveFunding !== wantFunding) push('funding', haveFunding, wantFunding);
  return changes;
}

// ---------------------------------------------------------------------------------------------
// The two operations

/** Reads the text into cards for the preview. Writes nothing. */
export async function previewImport(
  db: Db,
  user: CurrentUser | null,
  input: unknown,
): Promise<ImportPreview> {
  assertMayImport(user);
  const parsed = previewImportSchema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const { cards, errors: parseErrors, incomplete } = parseCards(parsed.data.text);
  if (cards.length === 0 && parseErrors.length === 0) throw invalid({ text: ['noCardsFound'] });
  // A card cut short is shown with its error, rather than the error alone above the cards.
  const cutErrors = new Set(incomplete.map((item) => item.error));
  const errors = parseErrors.filter((error) => !cutErrors.has(error));

  // A card without a strategy line goes to the strategy in use, when there is just one.
  const active = await db
    .select({ name: strategies.name })
    .from(strategies)
    .where(isNull(strategies.archivedAt))
    .orderBy(asc(strategies.id));
  const fallback = active.length === 1 ? (active[0]?.name ?? '') : '';

  const read: { parsed: ParsedCard; missing: string[]; cutError: ParseError | null }[] = [
    ...cards.map((card) => ({ parsed: card, missing: [], cutError: null })),
    ...incomplete.map((item) => ({
      parsed: item.card,
      missing: item.missing.filter((section) => (FILLABLE_SECTIONS as readonly string[]).includes(section)),
      // The parser's sentence ends "the card was skipped" (true at the command line); here it is shown.
      cutError: {
        ...item.error,
        message: importMessage(
          item.error.message.key === 'parse.cardCutAfterTask'
            ? 'preview.cardCutAfterTask'
            : 'preview.cardCutInSection',
          item.error.message.values,
        ),
      },
    })),
  ].sort((a, b) => a.parsed.line - b.parsed.line);

  const out: PreviewCard[] = [];
  for (const { parsed: parsedCard, missing, cutError } of read) {
    const named = parsedCard.strategy.name.trim();
    let card = toFormCard(parsedCard, named || fallback);
    // The warnings that depend on what the user edits are computed from the form as it is
    // (lib/cards/preview-rules.ts), on the screen after every change.
    const warnings: PreviewWarning[] = parsedCard.warnings
      .filter((warning) => !LIVE_WARNING_KEYS.has(warning.message.key))
      .map((warning) => ({
        path: warning.path,
        field: formPath(warning.path, card.years),
        message: warning.message,
      }));
    if (!named && fallback) {
      warnings.push({
        path: 'strategy.name',
        field: 'strategyName',
        message: importMessage('preview.strategyAssumed', { name: fallback }),
      });
    }
    const located = await locateCard(db, card);
    // A card cut short before its stages has no years: those of its strategy, when it has one.
    if (card.years.length === 0 && located.strategyId !== null) {
      const [span] = await db
        .select({ start: strategies.startYear, end: strategies.endYear })
        .from(strategies)
        .where(eq(strategies.id, located.strategyId));
      if (span && span.end >= span.start && span.end - span.start < IMPORT_LIMITS.years) {
        const years = Array.from({ length: span.end - span.start + 1 }, (_, k) => span.start + k);
        card = toFormCard({ ...toImportableCard(card), years }, card.strategyName);
      }
    }
    const refusal = refusalOf(user, located);
    let changes: CardChange[] = [];
    let base: PreviewBase | null = null;
    if (located.taskId !== null && located.taskVersion !== null && refusal === null) {
      // As the confirm will save it: the actuals of years with a report stay as saved.
      const kept = await keepReportedActuals(
        db,
        located.taskId,
        toImportableCard(card),
        taskCode(parsedCard),
      );
      card = toFormCard(kept.card, card.strategyName);
      for (const message of kept.notes) warnings.push({ path: 'stages', field: 'stages', message });
      changes = compareCard(await getTaskCard(db, user, located.taskId), card);
      base = { taskId: located.taskId, version: located.taskVersion };
    }
    // The executor's post: the one the card names, else the one the task has; the user may choose.
    const candidates = await executorPosts(db, toImportableCard(card));
    const holder = located.taskId === null ? null : await currentExecutorPost(db, located.taskId);
    card.task.executorPostId = candidates.length === 1 ? (candidates[0] ?? null) : holder;
    out.push({
      card,
      warnings,
      line: parsedCard.line,
      existingTaskId: base?.taskId ?? null,
      base,
      changes,
      refusal,
      missing,
      cutError,
    });
  }
  return { cards: out, errors, posts: await listPostOptions(db) };
}

/**
 * Whether the task a card goes to is no longer the one its preview compared it with: edited (in
 * the card editor, by another import), created or removed since.
 */
function changedSincePreview(located: Located, base: PreviewBase | null): boolean {
  if (base === null) return located.taskId !== null;
  return located.taskId !== base.taskId || located.taskVersion !== base.version;
}

/**
 * Saves the confirmed cards: validated again (the browser's checks prove nothing), then
 * commitCards in one transaction — all or nothing. Inside it, under the import lock, the user's
 * account and roles are read again and every card is located again: a coordinator deactivated, whose
 * role ended, or whose program changed hands since the request began (or since the preview)
 * imports nothing; nor does anyone when a card's task changed since the preview (a conflict).
 */
export async function confirmImport(
  db: Db,
  user: CurrentUser | null,
  input: unknown,
): Promise<ImportSummary> {
  assertMayImport(user);
  const parsed = confirmRequestSchema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrorsOf(parsed.error));
  const data: ConfirmImportInput = parsed.data;
  const { bases } = parsed.data;
  const missing = parsed.data.missing ?? [];
  // A card cut short is saved only once the sections it lacked are filled in (as the screen says).
  const incomplete: Record<string, string[]> = {};
  data.cards.forEach((card, index) => {
    if (incompleteProblems(card, missing[index] ?? []).length > 0)
      incomplete[`cards.${index}`] = ['cardIncomplete'];
  });
  if (Object.keys(incomplete).length > 0) throw invalid(incomplete);

  const authorize = async (tx: Tx) => {
    // A deactivated account holds its posts still, but no longer acts through them.
    const [account] = await tx.select({ isActive: users.isActive }).from(users).where(eq(users.id, user.id));
    const current: CurrentUser = {
      ...user,
      roles: account?.isActive ? await loadUserRoles(tx, user.id) : [],
    };
    assertMayImport(current);
    const refused: Record<string, string[]> = {};
    const changed: Record<string, ImportMessage> = {};
    for (const [index, card] of data.cards.entries()) {
      const located = await locateCard(tx, card, true);
      const refusal = refusalOf(current, located);
      if (refusal) refused[`cards.${index}`] = [refusal];
      else if (changedSincePreview(located, bases[index] ?? null)) {
        changed[`cards.${index}`] = importMessage('preview.changedSincePreview', {
          task: `${toRoman(card.goal.number)}.${card.program.number}.${card.task.number}`,
        });
      }
    }
    if (Object.keys(refused).length > 0) throw invalid(refused);
    // The executor's post chosen in the preview must (still) exist.
    const chosen = [
      ...new Set(data.cards.flatMap((card) => (card.task.executorPostId ? [card.task.executorPostId] : []))),
    ];
    const existing = chosen.length
      ? new Set(
          (
            await tx
              .select({ id: posts.id })
              .from(posts)
              .where(and(inArray(posts.id, chosen), isNull(posts.archivedAt)))
          ).map((row) => row.id),
        )
      : new Set<number>();
    const gone: Record<string, string[]> = {};
    data.cards.forEach((card, index) => {
      const postId = card.task.executorPostId;
      if (postId && !existing.has(postId)) gone[`cards.${index}.task.executorPostId`] = ['postNotFound'];
    });
    if (Object.keys(gone).length > 0) throw invalid(gone);
    // The preview showed other changes than saving would make now: save nothing.
    if (Object.keys(changed).length > 0) {
      const keys = Object.fromEntries(Object.keys(changed).map((path) => [path, ['changedSincePreview']]));
      throw new PublicError('conflict', keys, changed);
    }
  };

  try {
    return await commitCards(db, data.cards.map(toImportableCard), { actorUserId: user.id, authorize });
  } catch (error) {
    // The importer's own refusals (years outside the strategy's span …) are written for people.
    if (error instanceof CardImportError) {
      throw new PublicError('invalid', { _form: ['cardRefused'] }, { _form: error.importMessage });
    }
    throw error;
  }
}
