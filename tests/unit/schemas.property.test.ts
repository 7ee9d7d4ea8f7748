import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goalFormSchema, programFormSchema, strategyFormSchema } from '@/lib/admin/structure-schema';
import { assignExecutorSchema, newTaskSchema, taskCardSchema, weightsSchema } from '@/lib/cards/card-schema';
import { checkFunding, isPlanComplete, planTotal } from '@/lib/cards/rules';
import { parseDecimal } from '@/lib/numbers';
import { decisionSchema, openYearSchema, reportFormSchema } from '@/lib/reports/schema';

/*
 * Every form schema against random and hostile input (at least 1,000 runs each): nothing throws
 * past the schema, invalid input is never accepted, and accepted text is kept exactly as typed.
 */

const RUNS = { numRuns: 1000 };
const years = [2009, 2010, 2011, 2012, 2013];
const cardSchema = taskCardSchema(years);

/** Strings people and attackers type: empty, blank, huge, NUL, Polish, emoji, RTL, numbers with commas. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n ',
    '\u00a0',
    '12,5',
    '1e3',
    'NaN',
    'Infinity',
    '-Infinity',
    '2147483648',
    '-1',
    '0,0001',
    '15,000',
    '15,001',
    '33,333',
    '1 5',
    '١٢٣',
  ),
  fc.constantFrom(
    'Łódź – żółć',
    '🚀🏛️',
    'مرحبا بالعالم',
    'עברית',
    'a\u0000b',
    '\u0000',
    "'; drop table tasks; --",
    '<script>alert(1)</script>',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant('x'.repeat(10_001)),
  fc.constant(' '.repeat(5000)),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 2 ** 31, 1.5, null, undefined, true, {}, []),
  fc.integer(),
  fc.double(),
);

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

/** Points, shares and weights keep two decimal places: "15,001" is refused, "15,000" is 15. */
const twoPlaces = (value: string) => !/[.,]\d{2}\d*[1-9]/.test(value);

const validText = (value: string, max: number, required: boolean) =>
  value.length <= max && !value.includes('\u0000') && (!required || value.trim().length > 0);

describe('task card schema', () => {
  it('accepts the valid base card', () => {
    expect(cardSchema.safeParse(validCard()).success).toBe(true);
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(() => cardSchema.safeParse(input)).not.toThrow();
      }),
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

describe('reporting schemas', () => {
  const plan = {
    stages: [
      // Stage 1 plans 100 points over all years, stage 2 none in this year but 50 in another.
      { stageId: 1, planned: 10, plannedAllYears: 100, doneOtherYears: 0 },
      { stageId: 2, planned: null, plannedAllYears: 50, doneOtherYears: 0 },
    ],
    indicatorIds: [5],
  };
  const schema = reportFormSchema(plan);
  const base = {
    intent: 'save',
    version: 1,
    narrative: '',
    stages: [
      { stageId: 1, actual: '' },
      { stageId: 2, actual: '' },
    ],
    indicators: [{ indicatorId: 5, actualText: '' }],
    confirmUnplanned: false,
  };

  it('never throws and accepts a stage value only as points from 0 to 100', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        const input = { ...base, stages: [{ stageId: 1, actual: value }, base.stages[1]] };
        const result = schema.safeParse(input);
        const number = typeof value === 'string' && value.length <= 30 ? parseDecimal(value) : null;
        const blank = typeof value === 'string' && value.length <= 30 && value.trim() === '';
        expect(result.success).toBe(
          typeof value === 'string' &&
            (blank || (number !== null && twoPlaces(value) && number >= 0 && number <= 100)),
        );
      }),
      RUNS,
    );
  });

  it('refuses a third decimal place in points with its own message (the database keeps two)', () => {
    const result = schema.safeParse({ ...base, stages: [{ stageId: 1, actual: '3,333' }, base.stages[1]] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['stages.0.actual', 'tooManyDecimals'],
    ]);
  });

  it('refuses to submit a form opened before a stage or an indicator was added to the plan', () => {
    const complete = {
      ...base,
      intent: 'submit',
      narrative: 'Zrealizowano.',
      stages: [
        { stageId: 1, actual: '10' },
        { stageId: 2, actual: '' },
      ],
      indicators: [{ indicatorId: 5, actualText: '3' }],
    };
    expect(schema.safeParse(complete).success).toBe(true);
    const grown = reportFormSchema({
      stages: [...plan.stages, { stageId: 3, planned: 5, plannedAllYears: 5, doneOtherYears: 0 }],
      indicatorIds: [5, 6],
    });
    const stale = grown.safeParse(complete);
    expect(stale.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['', 'planChanged'],
    ]);
    // A draft may still be saved from it: nothing is lost, and the refreshed form shows the new rows.
    expect(grown.safeParse({ ...complete, intent: 'save' }).success).toBe(true);
    // A stage added without points in this year is not missing.
    const unplanned = reportFormSchema({
      stages: [...plan.stages, { stageId: 3, planned: null, plannedAllYears: 0, doneOtherYears: 0 }],
      indicatorIds: [5],
    });
    expect(unplanned.safeParse(complete).success).toBe(true);
  });

  it('keeps indicator text exactly, refusing only what is too long or has NUL bytes', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const result = schema.safeParse({ ...base, indicators: [{ indicatorId: 5, actualText: value }] });
        expect(result.success).toBe(validText(value, 500, false));
        if (result.success) expect(result.data.indicators[0]!.actualText).toBe(value);
      }),
      RUNS,
    );
  });

  it('decisions need a comment to return or withdraw; years and deadlines are checked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('accept', 'return', 'approve', 'withdraw', 'delete', ''),
        hostileString,
        hostileValue,
        (action, comment, year) => {
          const decision = decisionSchema.safeParse({ action, version: 1, comment });
          const needsComment = action === 'return' || action === 'withdraw';
          const known = ['accept', 'return', 'approve', 'withdraw'].includes(action);
          expect(decision.success).toBe(known && validText(comment, 2000, needsComment));
          const open = openYearSchema.safeParse({ strategyId: 1, year, deadline: '2027-01-31' });
          expect(open.success).toBe(
            typeof year === 'number' && Number.isInteger(year) && year >= 1990 && year <= 2200,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('report form: a stage done beyond its plan', () => {
  const hundredths = fc.integer({ min: 0, max: 10_000 }).map((value) => value / 100);

  it('accepts a value taking the stage past its whole plan only with the confirmation', () => {
    fc.assert(
      fc.property(
        hundredths,
        hundredths,
        hundredths,
        fc.boolean(),
        (plannedAll, doneOther, value, confirm) => {
          const schema = reportFormSchema({
            stages: [
              {
                stageId: 1,
                planned: plannedAll || null,
                plannedAllYears: plannedAll,
                doneOtherYears: doneOther,
              },
            ],
            indicatorIds: [],
          });
          const result = schema.safeParse({
            intent: 'save',
            version: 1,
            narrative: '',
            stages: [{ stageId: 1, actual: String(value).replace('.', ',') }],
            indicators: [],
            confirmUnplanned: true,
            confirmOverPlan: confirm,
          });
          const over = value > 0 && Math.round((doneOther + value) * 100) > Math.round(plannedAll * 100);
          expect(result.success).toBe(!over || confirm);
          if (!result.success)
            expect(result.error.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
              ['stages.0.actual', 'overPlan'],
            ]);
        },
      ),
      RUNS,
    );
  });
});
