/** The documented JSON of a card, as the import command prints it with --json (scripts/import-cards.ts). */
import type { ImportMessage } from '@/lib/cards/messages';
import type { CardCell, CardData } from '@/lib/cards/types';
import type { ParsedCard } from './types';

/**
 * The JSON document the import command prints with --json (one per card): the card's data
 * (CardData) without its strategy and budget note, the executor as written on the card, the years
 * of the stage cells and indicator values as the strings JSON keys are, and the parser's warnings.
 */
export type CardImportJson = Omit<CardData, 'strategy' | 'task' | 'stages' | 'indicators' | 'budgetNote'> & {
  task: Omit<CardData['task'], 'executor'> & { executor: string };
  stages: (Omit<CardData['stages'][number], 'cells'> & { cells: Record<string, CardCell> })[];
  indicators: (Omit<CardData['indicators'][number], 'values'> & { values: Record<string, string> })[];
  /** Each warning: the field (`path`), the code of the doubt (`code`, see README), and the sentence. */
  warnings: { path: string; code: string; message: string }[];
};

/**
 * The documented JSON shape of one card, as the import command prints it with --json: the
 * warnings' messages as sentences (`text`: importMessageText of ../message-text.ts).
 */
export function toImportJson(card: ParsedCard, text: (message: ImportMessage) => string): CardImportJson {
  return {
    goal: { number: card.goal.number, title: card.goal.title, owner: card.goal.owner },
    program: {
      number: card.program.number,
      title: card.program.title,
      coordinator: card.program.coordinator,
    },
    task: {
      number: card.task.number,
      title: card.task.title,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      executor: card.task.executorText,
    },
    years: [...card.years],
    stages: card.stages.map((stage) => ({
      number: stage.number,
      name: stage.name,
      cells: Object.fromEntries(
        card.years.map((year) => {
          const cell = stage.cells[year];
          return [String(year), cell ? { actual: cell.actual, planned: cell.planned } : null];
        }),
      ),
    })),
    partners: card.partners.map((partner) => ({ name: partner.name, scope: partner.scope })),
    indicators: card.indicators.map((indicator) => ({
      type: indicator.type,
      name: indicator.name,
      source: indicator.source,
      values: Object.fromEntries(Object.entries(indicator.values).map(([year, value]) => [year, value])),
    })),
    totalCost: card.totalCost,
    funding: card.funding.map((item) => ({ source: item.source, value: item.value })),
    warnings: card.warnings.map((warning) => ({
      path: warning.path,
      code: warning.message.key,
      message: text(warning.message),
    })),
  };
}
