import type { IndicatorType } from '@/db/schema/strategy';

/** One cell of the stage grid; null is `-` (nothing planned that year). */
export type CardCell = { actual: number | null; planned: number | null } | null;

/**
 * A task card as data: what the seed card (and every card in the old system) holds. The importer
 * produces it from text; the demo data is one of it.
 */
export interface CardData {
  strategy: { name: string };
  goal: { number: number; title: string; owner: string };
  program: { number: number; title: string; coordinator: string };
  task: {
    number: number;
    title: string;
    addressees: string;
    justification: string;
    description: string;
    /** As written on the card: "Wydział Promocji i Rozwoju – Naczelnik". */
    executor: { department: string; function: string };
  };
  years: number[];
  stages: { number: number | null; name: string; cells: Record<number, CardCell> }[];
  partners: { name: string; scope: string }[];
  indicators: { type: IndicatorType; name: string; source: string; values: Record<number, string> }[];
  totalCost: string;
  budgetNote: string;
  funding: { source: string; value: string }[];
}

/**
 * A card to import: CardData with what helps to match its executor — the executor as written on the
 * card (the parser's `ParsedCard` carries it) and the post chosen in the preview (checked to exist by
 * the confirm).
 */
export type ImportableCard = CardData & {
  task: CardData['task'] & { executorText?: string; executorPostId?: number | null };
};
