/** The documented JSON of a card, as the import command prints it with --json (scripts/import-cards.ts). */
import type { ImportMessage } from '@/lib/cards/messages';
import type { ParsedCard } from './types';

/** The JSON document the import command prints with --json (one per card). */
export interface CardImportJson {
  goal: { number: number; title: string; owner: string };
  program: { number: number; title: string; coordinator: string };
  task: {
    number: number;
    title: string;
    addressees: string;
    justification: string;
    description: string;
    executor: string;
  };
  years: number[];
  stages: {
    number: number | null;
    name: string;
    cells: Record<string, { actual: number | null; planned: number | null } | null>;
  }[];
  partners: { name: string; scope: string }[];
  indicators: {
    type: 'product' | 'result' | 'impact';
    name: string;
    source: string;
    values: Record<string, string>;
  }[];
  totalCost: string;
  funding: { source: string; value: string }[];
  warnings: { path: string; message: string }[];
}

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
    warnings: card.warnings.map((warning) => ({ path: warning.path, message: text(warning.message) })),
  };
}
