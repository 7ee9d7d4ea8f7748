import { round2 } from '@/lib/numbers';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import { type ImportMessage, type ImportMessageKey, importMessage } from '@/lib/cards/messages';
import { checkFunding, isPlanComplete, planTotal } from '@/lib/cards/rules';

/*
 * What the import preview says about the fields the user can edit, computed from the card as it is
 * now (the edited form, or the card as read): the plan's sum, a cell over 100, the funding shares,
 * the executor's post, and the sections a card cut short still lacks. The parser's own warnings of
 * these kinds describe the text as read and go stale once the user edits the card, so the preview
 * shows these instead — the same functions on the screen, in previewImport and in confirmImport.
 */

/** The parser's warnings that these rules replace (they depend on editable fields). */
export const LIVE_WARNING_KEYS: ReadonlySet<ImportMessageKey> = new Set<ImportMessageKey>([
  'parse.plannedSum',
  'parse.cellOver100',
  'parse.fundingShares',
]);

export interface LiveWarning {
  /** The form's path the warning belongs to (`stages`, `stages.1.cells.2`, `funding`, `task.executor`). */
  field: string;
  message: ImportMessage;
}

/** Warnings of the card as it is now: plan sum, cells over 100, funding shares, executor's post. */
export function liveWarnings(card: ImportCardInput, options: { executorPost: boolean }): LiveWarning[] {
  const out: LiveWarning[] = [];
  const years = card.years;
  card.stages.forEach((stage, stageIndex) => {
    stage.cells.forEach((cell, yearIndex) => {
      if ((cell.planned ?? 0) > 100 || (cell.actual ?? 0) > 100) {
        out.push({
          field: `stages.${stageIndex}.cells.${yearIndex}`,
          message: importMessage('parse.cellOver100', {
            year: years[yearIndex] ?? '',
            stage: stageIndex + 1,
          }),
        });
      }
    });
  });
  if (card.stages.length > 0) {
    const sum = planTotal(
      card.stages.map((stage) => ({
        planned: stage.cells.map((cell) =>
          typeof cell.planned === 'number' && Number.isFinite(cell.planned) ? String(cell.planned) : '',
        ),
      })),
    );
    if (!isPlanComplete(sum)) {
      out.push({ field: 'stages', message: importMessage('parse.plannedSum', { sum: round2(sum) }) });
    }
  }
  const funding = checkFunding(card.funding.map((row) => row.value));
  if (card.funding.length > 0 && funding.problem === 'sharesNot100') {
    out.push({
      field: 'funding',
      message: importMessage('parse.fundingShares', { sum: funding.shareTotal }),
    });
  }
  if (options.executorPost && !card.task.executorPostId) {
    const written = card.task.executorText.replace(/\s+/g, ' ').trim();
    const named = [card.task.executor.department, card.task.executor.function].filter(Boolean).join(' – ');
    out.push({
      field: 'task.executorPostId',
      message: importMessage('preview.executorPostMissing', { name: named || written }),
    });
  }
  return out;
}

/** The sections a card cut short may lack until the user fills them in: without them it is not saved. */
export const FILLABLE_SECTIONS = [
  'addressees',
  'justification',
  'description',
  'stages',
  'executor',
  'budget',
] as const;
export type FillableSection = (typeof FILLABLE_SECTIONS)[number];

const SECTION_FIELDS: Record<FillableSection, string> = {
  addressees: 'task.addressees',
  justification: 'task.justification',
  description: 'task.description',
  stages: 'stages',
  executor: 'task.executor',
  budget: 'funding',
};

function filled(card: ImportCardInput, section: FillableSection): boolean {
  switch (section) {
    case 'addressees':
    case 'justification':
    case 'description':
      return card.task[section].trim() !== '';
    case 'stages':
      return card.stages.length > 0;
    case 'executor':
      return (
        card.task.executor.department.trim() !== '' ||
        card.task.executor.function.trim() !== '' ||
        Boolean(card.task.executorPostId)
      );
    case 'budget':
      return card.funding.length > 0 || card.budgetNote.trim() !== '';
  }
}

export interface CardProblem {
  field: string;
  message: ImportMessage;
}

/**
 * Why a card cut short cannot be saved yet: each section its text lacked that is still empty, and
 * no years. Empty for a complete card (`missing` empty).
 */
export function incompleteProblems(card: ImportCardInput, missing: readonly string[]): CardProblem[] {
  if (missing.length === 0) return [];
  const out: CardProblem[] = [];
  if (card.years.length === 0) out.push({ field: 'years', message: importMessage('preview.yearsUnknown') });
  for (const section of FILLABLE_SECTIONS) {
    if (missing.includes(section) && !filled(card, section)) {
      out.push({
        field: SECTION_FIELDS[section],
        message: importMessage('preview.sectionToFill', { section }),
      });
    }
  }
  return out;
}
