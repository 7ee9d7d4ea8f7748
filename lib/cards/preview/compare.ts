import { round2 } from '@/lib/numbers';
import type { TaskCardView } from '@/lib/strategy/task-card';
import type { ImportCardInput } from '@/lib/cards/import-schema';
import type { CardChange, ChangeKey } from './types';

/*
 * What saving a card would change in the task it updates, field by field, as the preview lists it.
 */

function cellText(cell: { actual: number | null; planned: number | null } | null | undefined): string {
  if (!cell || (cell.actual === null && cell.planned === null)) return '-';
  const show = (value: number | null) => (value === null ? '' : String(round2(value)).replace('.', ','));
  return `${show(cell.actual)}/${show(cell.planned)}%`;
}

export function compareCard(current: TaskCardView, card: ImportCardInput): CardChange[] {
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
