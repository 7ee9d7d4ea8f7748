import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goalFormSchema, programFormSchema, strategyFormSchema } from '@/lib/admin/structure-schema';
import { assignExecutorSchema, newTaskSchema, taskCardSchema, weightsSchema } from '@/lib/cards/card-schema';
import { checkFunding, isPlanComplete, planTotal } from '@/lib/cards/rules';
import { parseDecimal } from '@/lib/numbers';
import pl from '@/messages/pl.json';
import { RUNS, hostileString, hostileValue, issuesOf, twoPlaces, validText } from '../support/hostile-values';

/*
 * The task card's and the structure's form schemas against random and hostile input (at least
 * 1,000 runs each): invalid input is never accepted, a refusal names the field with a message the
 * user can be shown, and accepted text is kept exactly as typed. The report's schemas:
 * report-schemas.property.test.ts.
 */

const years = [2009, 2010, 2011, 2012, 2013];
const cardSchema = taskCardSchema(years);

const validCard = () => ({
  version: 1,
  number: '1',
  title: 'Współpraca w ramach „potrójnej spirali',
  addressees: '',
  justification: '',
  description: '',
  plannedTotalCost: '',
  budgetNote: '',
  stages: [
    { id: null, number: '1', name: 'Diagnoza', archived: false, planned: ['15', '', '', '', ''] },
    { id: 7, number: '', name: 'Ocena', archived: false, planned: ['', '35', '50', '', ''] },
  ],
  indicators: [
    {
      id: null,
      type: 'product',
      name: 'Lokalna Grupa Wsparcia',
      source: 'WPiR',
      unit: '',
      archived: false,
      targets: ['1', '', '', '', ''],
    },
  ],
  partners: [{ name: 'PWSZ', scope: '' }],
  funding: [
    { source: 'Program Urbact', value: '80%' },
    { source: 'Miasto Leszno', value: '20%' },
  ],
  revisionReason: '',
});

/** Where a hostile value goes in a valid card, and where else a refusal of it may point. */
const CARD_FIELDS: { path: (string | number)[]; alsoAt?: string[] }[] = [
  { path: ['version'] },
  { path: ['number'] },
  { path: ['title'] },
  { path: ['addressees'] },
  { path: ['justification'] },
  { path: ['description'] },
  { path: ['plannedTotalCost'] },
  { path: ['budgetNote'] },
  { path: ['revisionReason'] },
  { path: ['stages', 0, 'number'] },
  { path: ['stages', 0, 'name'] },
  // A plan cell or an archived stage changes the plan's total (checked on the whole list).
  { path: ['stages', 0, 'archived'], alsoAt: ['stages'] },
  { path: ['stages', 0, 'planned', 0], alsoAt: ['stages'] },
  { path: ['stages', 1, 'id'] },
  { path: ['indicators', 0, 'type'] },
  { path: ['indicators', 0, 'name'] },
  { path: ['indicators', 0, 'source'] },
  { path: ['indicators', 0, 'unit'] },
  { path: ['indicators', 0, 'archived'] },
  { path: ['indicators', 0, 'targets', 1] },
  { path: ['partners', 0, 'name'] },
  { path: ['partners', 0, 'scope'] },
  { path: ['funding', 0, 'source'] },
  // A funding value changes the shares' sum (checked on the whole list), with every hostile value,
  // thousands of blanks included (they once took checkFunding minutes: tests/unit/numbers.test.ts).
  { path: ['funding', 0, 'value'], alsoAt: ['funding'] },
];

function withValueAt(card: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let node = card as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return card;
}

/** The message keys of the form errors (messages/pl.json, `fieldErrors`): what the user is shown. */
const FIELD_ERROR_KEYS = new Set(Object.keys(pl.fieldErrors));

describe('task card schema', () => {
  it('accepts the valid base card', () => {
    expect(cardSchema.safeParse(validCard()).success).toBe(true);
  });

  it('refuses whatever is not a card (never throwing)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = cardSchema.safeParse(input);
        expect(result.success).toBe(false);
        expect(result.error?.issues.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('a hostile value in any field: accepted as typed, or refused at that field with a Polish message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CARD_FIELDS).chain((field) => fc.tuple(fc.constant(field), hostileValue)),
        ([{ path, alsoAt = [] }, value]) => {
          const card = withValueAt(validCard(), path, value);
          const result = cardSchema.safeParse(card);
          if (result.success) {
            // Nothing rewritten, nothing added: the typed card is the card sent.
            expect(result.data).toEqual(card);
          } else {
            const field = path.join('.');
            for (const [at, message] of issuesOf(result.error)) {
              expect(at === field || at.startsWith(`${field}.`) || alsoAt.includes(at), at).toBe(true);
              expect(FIELD_ERROR_KEYS.has(message), message).toBe(true);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('accepts a hostile title or stage name only when it is real text, and keeps it exactly', () => {
    fc.assert(
      fc.property(hostileString, fc.constantFrom('title', 'stageName', 'partnerName'), (value, field) => {
        const card = validCard();
        if (field === 'title') card.title = value;
        if (field === 'stageName') card.stages[0]!.name = value;
        if (field === 'partnerName') card.partners[0]!.name = value;
        const max = field === 'title' ? 500 : 1000;
        const result = cardSchema.safeParse(card);
        expect(result.success).toBe(validText(value, max, true));
        if (result.success) {
          const kept =
            field === 'title'
              ? result.data.title
              : field === 'stageName'
                ? result.data.stages[0]!.name
                : result.data.partners[0]!.name;
          expect(kept).toBe(value);
        }
      }),
      RUNS,
    );
  });

  it('accepts a planned cell only as a number from 0 to 100 that keeps the plan at 100', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        const card = validCard() as { stages: { planned: unknown[] }[] };
        card.stages[0]!.planned[0] = value;
        const result = cardSchema.safeParse(card);
        const number = typeof value === 'string' && value.length <= 30 ? parseDecimal(value) : null;
        const blank = typeof value === 'string' && value.trim() === '';
        const expected =
          typeof value === 'string' &&
          !blank &&
          number !== null &&
          twoPlaces(value) &&
          number >= 0 &&
          number <= 100 &&
          Math.abs(number + 85 - 100) < 0.005;
        expect(result.success).toBe(expected);
      }),
      RUNS,
    );
  });

  it('accepts only cards whose plan sums to 100 and whose shares sum to 100%', () => {
    const cell = fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 100 }).map(String),
      fc.constantFrom('12,5', '0,5', '87,5'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('50%', '25%', '100%', '10 000 zł', 'x'), { maxLength: 3 }),
        (plans, funding) => {
          const card = validCard();
          card.stages = plans.map((planned, index) => ({
            id: null,
            number: String(index + 1),
            name: `Etap ${index + 1}`,
            archived: false,
            planned,
          }));
          card.funding = funding.map((value, index) => ({ source: `Źródło ${index}`, value }));
          const result = cardSchema.safeParse(card);
          expect(result.success).toBe(
            isPlanComplete(planTotal(card.stages)) && checkFunding(funding).problem === null,
          );
        },
      ),
      RUNS,
    );
  });

  it('wants a new task’s weight given: empty is not 100 (issue 19), a number 0–1000 with the Polish comma', () => {
    expect(newTaskSchema.safeParse({ number: '1', title: 'T', weight: '' }).error?.issues).toMatchObject([
      { path: ['weight'], message: 'required' },
    ]);
    expect(newTaskSchema.safeParse({ number: '1', title: 'T' }).success).toBe(false);
    expect(newTaskSchema.safeParse({ number: '1', title: 'T', weight: '12,5' }).success).toBe(true);
    expect(newTaskSchema.safeParse({ number: '1', title: 'T', weight: '1001' }).success).toBe(false);
  });

  it('accepts a task number only as a whole number 1–999', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        const card = { ...validCard(), number: value };
        const expected =
          typeof value === 'string' &&
          /^\s*\d+\s*$/.test(value) &&
          value.length <= 12 &&
          Number(value) >= 1 &&
          Number(value) <= 999;
        expect(cardSchema.safeParse(card).success).toBe(expected);
        expect(newTaskSchema.safeParse({ number: value, title: 'T', weight: '10' }).success).toBe(expected);
      }),
      RUNS,
    );
  });

  it('ignores extra fields and refuses forged shapes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 10 }), fc.anything()), (extra) => {
        const result = cardSchema.safeParse({ ...extra, ...validCard() });
        expect(result.success).toBe(true);
        if (result.success) expect(Object.keys(result.data).sort()).toEqual(Object.keys(validCard()).sort());
      }),
      RUNS,
    );
  });
});

describe('other management schemas', () => {
  it('weights: a decimal from 0 to 1000 per task, never blank', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        const result = weightsSchema.safeParse({ version: 1, weights: [{ taskId: 1, weight: value }] });
        const number = typeof value === 'string' && value.length <= 30 ? parseDecimal(value) : null;
        expect(result.success).toBe(
          number !== null && twoPlaces(value as string) && number >= 0 && number <= 1000,
        );
      }),
      RUNS,
    );
  });

  it('executor: a post id or none', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        const expected =
          value === null ||
          (typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 2_147_483_647);
        expect(assignExecutorSchema.safeParse({ postId: value, currentPostId: null }).success).toBe(expected);
        expect(assignExecutorSchema.safeParse({ postId: null, currentPostId: value }).success).toBe(expected);
      }),
      RUNS,
    );
  });

  it('structure: names must be real text, years a sane span', () => {
    fc.assert(
      fc.property(hostileString, hostileValue, (name, year) => {
        const strategy = strategyFormSchema.safeParse({
          id: null,
          version: 1,
          name,
          cityName: 'Leszno',
          startYear: '2020',
          endYear: year,
        });
        const span =
          typeof year === 'string' &&
          /^\s*\d+\s*$/.test(year) &&
          year.length <= 12 &&
          Number(year) >= 2020 &&
          Number(year) <= 2050;
        expect(strategy.success).toBe(validText(name, 300, true) && span);
        const goal = goalFormSchema.safeParse({
          id: null,
          strategyId: 1,
          version: 1,
          number: '1',
          title: name,
          ownerPostId: null,
          archived: false,
        });
        expect(goal.success).toBe(validText(name, 1000, true));
        const program = programFormSchema.safeParse({
          id: 3,
          goalId: 1,
          version: 2,
          number: '3',
          title: name,
          coordinatorPostId: 5,
          archived: true,
        });
        expect(program.success).toBe(validText(name, 1000, true));
      }),
      RUNS,
    );
  });
});
