import { toRoman } from '@/lib/numbers';
import { executorText } from '@/lib/strategy/labels';
import type { TaskCardView } from '@/lib/strategy/task-card';

const TYPE_HEADINGS = {
  product: 'Wskaźniki produktu:',
  result: 'Wskaźniki rezultatu:',
  impact: 'Wskaźniki oddziaływania:',
} as const;

function points(value: number | null): string {
  return value === null ? '' : String(value);
}

/**
 * The task card as plain text in the layout of the old monitoring pages (the seed card's format),
 * so that a card can be exported, compared or imported again.
 */
export function renderCardText(card: TaskCardView): string {
  const lines: string[] = [];
  const block = (...items: string[]) => lines.push(...items);
  const executor = card.executor ? executorText(card.executor) : '';

  block(card.strategy.name, '');
  block(
    `Cel ${toRoman(card.goal.number)} - ${card.goal.title} - szef celu ${card.goal.owner?.postName ?? ''}`,
    '',
  );
  block(
    `${card.program.number}. ${card.program.title} - koordynator ${card.program.coordinator?.postName ?? ''}`,
    '',
  );
  block(`${card.task.number}. ${card.task.title}`, '');
  block('Adresaci', '', card.task.addressees, '');
  block('Uzasadnienie', '', card.task.justification, '');
  block('Opis zadania', '', card.task.description, '');
  block('Etapy realizacji zadania', 'Etapy realizacji Rok', card.years.join(' '));
  for (const stage of card.stages) {
    const cells = card.years.map((year) => {
      const cell = stage.cells[year];
      return cell ? `${points(cell.actual)}/${points(cell.planned)}%` : '-';
    });
    block(`${stage.number !== null ? `${stage.number}. ` : ''}${stage.name} ${cells.join(' ')}`);
  }
  block('Realizator', '', executor, '');
  block('Podmioty współpracujące', 'Nazwa Zakres współpracy');
  for (const partner of card.partners)
    block(partner.scope ? `${partner.name} ${partner.scope}` : partner.name);
  block('Mierniki dla realizacji zadania', `Typ Wskaźnik Źródło ${card.years.join(' ')}`);
  for (const type of ['product', 'result', 'impact'] as const) {
    block(TYPE_HEADINGS[type]);
    const ofType = card.indicators.filter((indicator) => indicator.type === type);
    if (ofType.length === 0) block('\u00a0 Brak');
    for (const indicator of ofType) {
      const values = card.years.map((year) => indicator.years[year]?.actualText ?? '-');
      block(`\u00a0 ${indicator.name} ${indicator.source} ${values.join(' ')}`);
    }
  }
  block('Planowany całkowity koszt realizacji', '', card.task.plannedTotalCostText);
  block('Budżet zadania', 'Źródło finansowania Środki');
  if (card.task.budgetNote) block(card.task.budgetNote);
  for (const funding of card.funding) block('', `${funding.source} ${funding.valueText}`);
  return lines.join('\n');
}
