/*
 * The import preview's shapes, as the screen gets them (components/import): each card as the form
 * will send it back, with its warnings, the task it would update and what would change there.
 */
import type { PostOption } from '@/lib/strategy/post-options';
import type { CommitSummary } from '@/lib/cards/import';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import type { ImportMessage } from '@/lib/cards/messages';
import type { ParseError } from '@/lib/cards/parse';

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
   * not saved until those the user can fill in are filled (lib/cards/preview/rules.ts).
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
