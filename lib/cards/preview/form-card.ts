/*
 * A card as the preview's form holds it (ImportCardInput: a value per year in arrays, in the order
 * of `years`) and back as commitCards takes it (ImportableCard: values keyed by year).
 */
import type { ImportableCard } from '@/lib/cards/import';
import type { ImportCardInput } from '@/lib/cards/import-schema';

const SECTION_FIELDS: Record<string, string> = {
  addressees: 'task.addressees',
  justification: 'task.justification',
  description: 'task.description',
  executor: 'task.executor',
  budget: 'funding',
  'strategy.name': 'strategyName',
};

/** The parser's warning path as a path of the form: years become indexes of `years`. */
export function formPath(path: string, years: number[]): string {
  const mapped = SECTION_FIELDS[path];
  if (mapped) return mapped;
  return path.replace(/\.(cells|values)\.(\d{4})(?=\.|$)/, (whole, kind: string, year: string) => {
    const index = years.indexOf(Number(year));
    return index < 0 ? `.${kind}` : `.${kind}.${index}`;
  });
}

/** The task's own fields, the same in both shapes. */
function copyTask(task: ImportableCard['task'] | ImportCardInput['task']) {
  return {
    number: task.number,
    title: task.title,
    addressees: task.addressees,
    justification: task.justification,
    description: task.description,
    executor: { ...task.executor },
    executorText: task.executorText ?? '',
    executorPostId: task.executorPostId ?? null,
  };
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
    task: copyTask(card.task),
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
    task: copyTask(card.task),
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
