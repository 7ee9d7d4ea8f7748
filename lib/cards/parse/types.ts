/** What the card parser returns (lib/cards/parse.ts). */
import type { ImportMessage } from '@/lib/cards/messages';
import type { CardData } from '@/lib/cards/types';
import type { SectionKey } from './sections';

export interface CardWarning {
  /** Where in the card: `partners.4.name`, `indicators.2`, `stages.0.cells.2009`, `task.executor`. */
  path: string;
  message: ImportMessage;
}

export interface ParseError {
  message: ImportMessage;
  /** 1-based line of the text the error refers to. */
  line?: number;
}

export type ParsedCard = Omit<CardData, 'task'> & {
  task: CardData['task'] & {
    /** The executor exactly as written on the card (two lines are joined with a newline). */
    executorText: string;
  };
  warnings: CardWarning[];
  /** 1-based line where the card starts in the text (its strategy line or its goal header). */
  line: number;
};

export interface ParseResult {
  cards: ParsedCard[];
  errors: ParseError[];
  /**
   * Cards cut short (no budget section, so sections are missing): their error is in `errors` and
   * they are not in `cards` (nothing saves them as they are), but the preview shows what was read
   * and which sections are missing.
   */
  incomplete: IncompleteCard[];
}

export interface IncompleteCard {
  card: ParsedCard;
  error: ParseError;
  /** The sections the text does not have. */
  missing: SectionKey[];
}
