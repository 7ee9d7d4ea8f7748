import { describe, expect, it } from 'vitest';
import { type TaskCardInput, taskCardSchema } from '@/lib/cards/card-schema';
import { type ImportCardInput, importCardSchema } from '@/lib/cards/import-schema';
import { CARD_LIMITS, IMPORT_LIMITS } from '@/lib/cards/limits';
import { checkFunding, fundingKind, isPlanComplete, planTotal, weightsWarning } from '@/lib/cards/rules';

describe('plan rules', () => {
  it('sums the typed plan, Polish commas included, archived stages left out', () => {
    const rows = [
      { planned: ['15', '', '12,5', '', ''] },
      { planned: ['', '', '', '22,5', ''] },
      { planned: ['50', '', '', '', ''] },
      { archived: true, planned: ['30', '', '', '', ''] },
    ];
    expect(planTotal(rows)).toBe(100);
    expect(isPlanComplete(planTotal(rows))).toBe(true);
  });

  it('is incomplete below or above 100, and handles decimal noise', () => {
    expect(isPlanComplete(planTotal([{ planned: ['99,99'] }]))).toBe(false);
    expect(isPlanComplete(planTotal([{ planned: ['60', '40,01'] }]))).toBe(false);
    expect(isPlanComplete(planTotal([{ planned: ['0,1', '0,2', '99,7'] }]))).toBe(true);
    expect(planTotal([{ planned: ['abc', '-'] }])).toBe(0);
  });
});

describe('funding rules', () => {
  it('tells shares from amounts', () => {
    expect(fundingKind('80%')).toBe('share');
    expect(fundingKind('85 000 zł')).toBe('amount');
    expect(fundingKind('dużo')).toBe('unknown');
  });

  it('accepts shares summing to 100% or amounts, refuses the rest', () => {
    expect(checkFunding(['80%', '20%']).problem).toBeNull();
    expect(checkFunding(['85 000 zł', '15 000 zł']).problem).toBeNull();
    expect(checkFunding([]).problem).toBeNull();
    expect(checkFunding(['80%', '15%'])).toMatchObject({ problem: 'sharesNot100', shareTotal: 95 });
    expect(checkFunding(['80%', '15 000 zł']).problem).toBe('mixed');
    expect(checkFunding(['80%', 'reszta'])).toMatchObject({ problem: 'unreadable', index: 1 });
    expect(checkFunding(['33,3%', '33,3%', '33,4%']).problem).toBeNull();
  });

  it('refuses a share or an amount the database would round (a third decimal place)', () => {
    // 33,333 + 33,333 + 33,334 sums to 100, but numeric(7,2) would keep 33,33 three times: 99,99.
    expect(checkFunding(['33,333%', '33,333%', '33,334%'])).toMatchObject({
      problem: 'tooManyDecimals',
      index: 0,
    });
    expect(checkFunding(['85 000 zł', '1 000,505 zł'])).toMatchObject({
      problem: 'tooManyDecimals',
      index: 1,
    });
    expect(checkFunding(['12,50%', '87,5%']).problem).toBeNull();
    expect(checkFunding(['85 000,50 zł']).problem).toBeNull();
  });
});

describe('weights', () => {
  it('allow any sum but warn when it is not 100', () => {
    expect(weightsWarning(['35', '35', '35'])).toEqual({ total: 105, warn: true });
    expect(weightsWarning(['52,5', '47,5'])).toEqual({ total: 100, warn: false });
  });
});

describe('one limits table for the editor and the import', () => {
  const text = (length: number, letter = 'x') => letter.repeat(length);
  const rows = <T>(make: (index: number) => T) => Array.from({ length: CARD_LIMITS.rows }, (_, i) => make(i));

  /** A card with every field and every list at the import's limits (one year; 200 stages × 0,5 = 100 points). */
  function cardAtImportLimits(): ImportCardInput {
    return {
      strategyName: text(IMPORT_LIMITS.short),
      goal: { number: 1, title: text(IMPORT_LIMITS.name), owner: text(IMPORT_LIMITS.short) },
      program: { number: 3, title: text(IMPORT_LIMITS.name), coordinator: text(IMPORT_LIMITS.short) },
      task: {
        number: 1,
        title: text(IMPORT_LIMITS.title),
        addressees: text(IMPORT_LIMITS.longText),
        justification: text(IMPORT_LIMITS.longText),
        description: text(IMPORT_LIMITS.longText),
        executor: { department: text(IMPORT_LIMITS.short), function: text(IMPORT_LIMITS.short) },
        executorText: text(IMPORT_LIMITS.short * 2),
        executorPostId: null,
      },
      years: [2020],
      stages: rows((i) => ({
        number: i + 1,
        name: text(IMPORT_LIMITS.name),
        cells: [{ actual: null, planned: 0.5 }],
      })),
      partners: rows(() => ({ name: text(IMPORT_LIMITS.name), scope: text(IMPORT_LIMITS.name) })),
      indicators: rows(() => ({
        type: 'product' as const,
        name: text(IMPORT_LIMITS.name),
        source: text(IMPORT_LIMITS.short),
        values: [text(IMPORT_LIMITS.value, '1')],
      })),
      totalCost: '1 000 zł'.padEnd(IMPORT_LIMITS.value),
      budgetNote: text(IMPORT_LIMITS.name),
      funding: rows(() => ({ source: text(IMPORT_LIMITS.name), value: '0,5%'.padEnd(IMPORT_LIMITS.value) })),
    };
  }

  /** The imported card as the editor opens it (lib/strategy/task-editor.ts); its values typed as targets. */
  function asEditorForm(card: ImportCardInput): TaskCardInput {
    return {
      version: 1,
      number: String(card.task.number),
      title: card.task.title,
      addressees: card.task.addressees,
      justification: card.task.justification,
      description: card.task.description,
      plannedTotalCost: card.totalCost,
      budgetNote: card.budgetNote,
      stages: card.stages.map((stage) => ({
        id: null,
        number: stage.number === null ? '' : String(stage.number),
        name: stage.name,
        archived: false,
        planned: stage.cells.map((cell) =>
          cell.planned === null ? '' : String(cell.planned).replace('.', ','),
        ),
      })),
      indicators: card.indicators.map((indicator) => ({
        id: null,
        type: indicator.type,
        name: indicator.name,
        source: indicator.source,
        unit: '',
        archived: false,
        targets: indicator.values,
      })),
      partners: card.partners,
      funding: card.funding,
      revisionReason: '',
    };
  }

  it('a card at the import’s limits passes the import’s schema and the editor’s', () => {
    const card = cardAtImportLimits();
    expect(importCardSchema.safeParse(card).error?.issues).toBeUndefined();
    expect(taskCardSchema(card.years).safeParse(asEditorForm(card)).error?.issues).toBeUndefined();
  });

  it('one row or one character more is refused by both', () => {
    const card = cardAtImportLimits();
    const longer = { ...card, task: { ...card.task, title: `${card.task.title}x` } };
    expect(importCardSchema.safeParse(longer).success).toBe(false);
    expect(taskCardSchema(card.years).safeParse(asEditorForm(longer)).success).toBe(false);
    const more = { ...card, partners: [...card.partners, { name: 'p', scope: '' }] };
    expect(importCardSchema.safeParse(more).success).toBe(false);
    expect(taskCardSchema(card.years).safeParse(asEditorForm(more)).success).toBe(false);
  });
});
