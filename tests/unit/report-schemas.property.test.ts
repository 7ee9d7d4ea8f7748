import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ID } from '@/lib/ids';
import { parseDecimal } from '@/lib/numbers';
import { decisionSchema, openYearSchema, reportFormSchema } from '@/lib/reports/schema';
import pl from '@/messages/pl.json';
import { RUNS, hostileString, hostileValue, issuesOf, twoPlaces, validText } from '../support/hostile-values';

/*
 * The yearly report's form schemas (the report form, a decision, opening a year) against random
 * and hostile input (at least 1,000 runs each): invalid input is never accepted, a refusal names
 * the field with a message the user can be shown, and what is accepted is kept exactly as sent.
 */

/** The message keys of the report form's errors (messages/pl.json, `reportForm.errors`). */
const REPORT_ERROR_KEYS = new Set(Object.keys(pl.reportForm.errors));

const DAY = 24 * 60 * 60 * 1000;
const FUTURE_DEADLINE = '2199-01-31';

/** A day between two instants as the deadline field sends it: YYYY-MM-DD. */
const dayText = (from: number, to: number) =>
  fc
    .integer({ min: Math.floor(from / DAY), max: Math.floor(to / DAY) })
    .map((day) => new Date(day * DAY).toISOString().slice(0, 10));

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

  it('accepts a stage value only as points from 0 to 100, kept as typed, else refused at its field', () => {
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
        if (result.success) expect(result.data.stages[0]!.actual).toBe(value);
        else
          for (const [at, message] of issuesOf(result.error)) {
            expect(at).toBe('stages.0.actual');
            expect(REPORT_ERROR_KEYS.has(message), message).toBe(true);
          }
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

  it('decisions need a comment to return or withdraw; years are checked', () => {
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
          if (decision.success) expect(decision.data).toEqual({ action, version: 1, comment });
          const open = openYearSchema.safeParse({
            strategyId: 1,
            year,
            deadline: FUTURE_DEADLINE,
            coordinatorReview: true,
          });
          expect(open.success).toBe(
            typeof year === 'number' && Number.isInteger(year) && year >= 1990 && year <= 2200,
          );
          if (!open.success) expect(issuesOf(open.error).every(([at]) => at === 'year')).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('opens any year of 1990–2200 with a deadline not yet past, exactly as asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_ID }),
        fc.integer({ min: 1990, max: 2200 }),
        dayText(Date.now() + 2 * DAY, Date.UTC(2200, 11, 31)),
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
        (strategyId, year, deadline, coordinatorReview, confirmPastDeadline, reminderDays) => {
          const input = {
            strategyId,
            year,
            deadline,
            coordinatorReview,
            ...(confirmPastDeadline === undefined ? {} : { confirmPastDeadline }),
            ...(reminderDays === undefined ? {} : { reminderDays }),
          };
          const result = openYearSchema.safeParse(input);
          expect(result.success).toBe(true);
          // Days of the early reminder: 7 unless the office says otherwise.
          expect(result.data).toEqual({ reminderDays: 7, ...input });
        },
      ),
      RUNS,
    );
  });

  it('refuses reminder days outside 0–60 or not whole, at the field', () => {
    for (const reminderDays of [-1, 61, 2.5, Number.NaN]) {
      const result = openYearSchema.safeParse({
        strategyId: 1,
        year: 2024,
        deadline: '2199-01-31',
        coordinatorReview: true,
        reminderDays,
      });
      expect(result.success).toBe(false);
      expect(issuesOf(result.error!)).toEqual([['reminderDays', 'reminderDaysRange']]);
    }
  });

  it('takes a deadline already past only when the office confirms it, else refuses it at the deadline', () => {
    fc.assert(
      fc.property(
        dayText(Date.UTC(1990, 0, 1), Date.now() - 2 * DAY),
        fc.option(fc.boolean(), { nil: undefined }),
        (deadline, confirmPastDeadline) => {
          const input = {
            strategyId: 1,
            year: 2024,
            deadline,
            coordinatorReview: false,
            confirmPastDeadline,
          };
          const result = openYearSchema.safeParse(input);
          expect(result.success).toBe(confirmPastDeadline === true);
          if (result.success) expect(result.data).toEqual({ ...input, reminderDays: 7 });
          else expect(issuesOf(result.error)).toEqual([['deadline', 'deadlinePast']]);
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
