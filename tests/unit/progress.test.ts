import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessSchedule,
  assessmentYear,
  combineStatuses,
  countedProgress,
  exceedsPlan,
  goalProgress,
  plannedTotal,
  stagesOverPlan,
  taskProgress,
  weightSum,
  weightedProgress,
  yearProgress,
  yearTotals,
  type StageCell,
} from '@/lib/progress';

/** The seed card's stage grid (karta zadania, Cel I, program 3, zadanie 1). */
const seedCells: StageCell[] = [
  { stageId: 1, year: 2009, planned: 15, actual: 15 },
  { stageId: 2, year: 2009, planned: 15, actual: 15 },
  { stageId: 3, year: 2009, planned: 15, actual: 15 },
  { stageId: 3, year: 2010, planned: 15, actual: 15 },
  { stageId: 3, year: 2011, planned: 10, actual: 10 },
  { stageId: 4, year: 2009, planned: 10, actual: 4 },
  { stageId: 4, year: 2010, planned: 10, actual: 2 },
  { stageId: 4, year: 2011, planned: 10, actual: 10 },
];
const seedYears = [2009, 2010, 2011, 2012, 2013];

describe('task progress', () => {
  it('is the sum of the actual points: 86% for the seed card', () => {
    expect(taskProgress(seedCells)).toBe(86);
    expect(plannedTotal(seedCells)).toBe(100);
  });

  it('adds decimals without floating-point noise (1.5/2.5%)', () => {
    const cells: StageCell[] = [
      { stageId: 1, year: 2010, planned: 2.5, actual: 1.5 },
      { stageId: 2, year: 2011, planned: 0.1, actual: 0.1 },
      { stageId: 3, year: 2011, planned: 0.2, actual: 0.2 },
    ];
    expect(taskProgress(cells)).toBe(1.8);
    expect(plannedTotal(cells)).toBe(2.8);
  });

  it('counts a stage at most at its plan, so an over-achieved stage never lifts the task past 100%', () => {
    const cells: StageCell[] = [
      { stageId: 1, year: 2010, planned: 50, actual: 70 },
      { stageId: 2, year: 2011, planned: 50, actual: 45 },
    ];
    expect(taskProgress(cells)).toBe(95);
    expect(stagesOverPlan(cells)).toEqual([1]);
    // The case: 99 + 99,5 + 99 points reported for one year of a 100-point task.
    const reported: StageCell[] = [
      { stageId: 1, year: 2012, planned: 40, actual: 99 },
      { stageId: 2, year: 2012, planned: 30, actual: 99.5 },
      { stageId: 3, year: 2012, planned: 30, actual: 99 },
    ];
    expect(taskProgress(reported)).toBe(100);
    expect(stagesOverPlan(reported)).toEqual([1, 2, 3]);
  });

  it('counts points done ahead of a later year of the same stage', () => {
    const cells: StageCell[] = [
      { stageId: 1, year: 2010, planned: null, actual: 20 },
      { stageId: 1, year: 2011, planned: 20, actual: null },
      { stageId: 2, year: 2011, planned: 80, actual: 10 },
    ];
    expect(taskProgress(cells)).toBe(30);
    expect(countedProgress(cells, 2010)).toBe(20);
    expect(stagesOverPlan(cells)).toEqual([]);
    expect(assessSchedule(cells, 2010)).toMatchObject({ status: 'ahead', difference: 20 });
  });

  it('asks for a confirmation only when a stage does more than its whole plan', () => {
    expect(exceedsPlan(30, 30)).toBe(false);
    expect(exceedsPlan(30, 30.01)).toBe(true);
    expect(exceedsPlan(null, 0.5)).toBe(true);
    expect(exceedsPlan(10, null)).toBe(false);
  });

  it('never shows a task, program or goal above 100% nor below 0%, whatever was reported', () => {
    const points = fc.option(
      fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100),
      { nil: null },
    );
    const cell = fc.record({
      stageId: fc.integer({ min: 1, max: 6 }),
      year: fc.integer({ min: 2009, max: 2014 }),
      planned: points,
      actual: points,
    });
    const task = fc.array(cell, { maxLength: 30 });
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), task), { maxLength: 5 }), {
          maxLength: 4,
        }),
        fc.integer({ min: 2008, max: 2015 }),
        (programs, year) => {
          const programProgress = programs.map((tasks) => {
            for (const [, cells] of tasks) {
              for (const value of [
                taskProgress(cells),
                countedProgress(cells, year),
                yearProgress(cells, year),
              ]) {
                expect(value).toBeGreaterThanOrEqual(0);
                expect(value).toBeLessThanOrEqual(100);
              }
              for (const total of yearTotals(cells, [2009, 2010, 2011, 2012, 2013, 2014]))
                expect(total.cumulativeActual).toBeLessThanOrEqual(100);
            }
            return weightedProgress(
              tasks.map(([weight, cells]) => ({ weight, progress: taskProgress(cells) })),
            );
          });
          for (const value of programProgress) if (value !== null) expect(value).toBeLessThanOrEqual(100);
          const goal = goalProgress(programProgress);
          if (goal !== null) expect(goal).toBeLessThanOrEqual(100);
        },
      ),
    );
  });

  it('counts 0/10% as nothing achieved and a cell without an actual as nothing either', () => {
    expect(
      taskProgress([
        { stageId: 1, year: 2010, planned: 10, actual: 0 },
        { stageId: 2, year: 2011, planned: 90, actual: null },
      ]),
    ).toBe(0);
    expect(taskProgress([])).toBe(0);
  });
});

describe('program progress (weighted)', () => {
  it('is Σ(weight × progress) / Σ weights when the weights sum to 100', () => {
    expect(
      weightedProgress([
        { weight: 60, progress: 50 },
        { weight: 40, progress: 100 },
      ]),
    ).toBe(70);
  });

  it('normalises weights that do not sum to 100 (a real program sums to 105)', () => {
    const tasks = [
      { weight: 35, progress: 100 },
      { weight: 35, progress: 40 },
      { weight: 35, progress: 0 },
    ];
    expect(weightSum(tasks)).toBe(105);
    // (35·100 + 35·40 + 35·0) / 105 = 46.67, not the unnormalised 49.
    expect(weightedProgress(tasks)).toBe(46.67);
  });

  it('has no value when there is nothing to weigh', () => {
    expect(weightedProgress([])).toBeNull();
    expect(weightedProgress([{ weight: 0, progress: 50 }])).toBeNull();
  });

  it('rolls goals up as the mean of their programs, skipping programs without progress', () => {
    expect(goalProgress([80, 40, null])).toBe(60);
    expect(goalProgress([null])).toBeNull();
  });
});

describe('schedule: cumulative plan against cumulative actual', () => {
  it('gives per-year and cumulative totals for the seed card', () => {
    const totals = yearTotals(seedCells, seedYears);
    expect(
      totals.map((t) => [t.year, t.actual, t.planned, t.cumulativeActual, t.cumulativePlanned, t.status]),
    ).toEqual([
      [2009, 49, 55, 49, 55, 'behind'],
      [2010, 17, 25, 66, 80, 'behind'],
      [2011, 20, 20, 86, 100, 'behind'],
      [2012, 0, 0, 86, 100, 'behind'],
      [2013, 0, 0, 86, 100, 'behind'],
    ]);
  });

  it('says behind, on or ahead as of a year', () => {
    const cells: StageCell[] = [
      { stageId: 1, year: 2010, planned: 20, actual: 20 },
      { stageId: 2, year: 2011, planned: 30, actual: 10 },
      { stageId: 3, year: 2011, planned: null, actual: 30 },
      { stageId: 3, year: 2012, planned: 50, actual: 30 },
    ];
    expect(assessSchedule(cells, 2010)).toMatchObject({
      status: 'on',
      cumulativePlanned: 20,
      cumulativeActual: 20,
    });
    expect(assessSchedule(cells, 2011)).toMatchObject({ status: 'ahead', difference: 10 });
    // Stage 3 did 60 of its 50 points: it counts 50, so the task is behind by stage 2's 20.
    expect(assessSchedule(cells, 2012)).toMatchObject({ status: 'behind', difference: -20 });
  });

  it('treats decimal sums that are equal as on plan', () => {
    const cells: StageCell[] = [
      { stageId: 1, year: 2010, planned: 0.1, actual: 0.3 },
      { stageId: 1, year: 2010, planned: 0.2, actual: 0 },
    ];
    expect(assessSchedule(cells, 2010).status).toBe('on');
  });

  it('is not started before the first year of the strategy has ended', () => {
    expect(assessSchedule(seedCells, null).status).toBe('not_started');
    expect(assessmentYear({ startYear: 2027, endYear: 2030 }, new Date('2027-06-01'))).toBeNull();
    expect(assessmentYear({ startYear: 2027, endYear: 2030 }, new Date('2028-03-01'))).toBe(2027);
    expect(assessmentYear({ startYear: 2009, endYear: 2013 }, new Date('2026-11-26'))).toBe(2013);
  });

  it('combines statuses: any task behind makes its program behind', () => {
    expect(combineStatuses(['on', 'behind', 'ahead'])).toBe('behind');
    expect(combineStatuses(['ahead', 'ahead'])).toBe('ahead');
    expect(combineStatuses(['ahead', 'on', 'not_started'])).toBe('on');
    expect(combineStatuses([])).toBe('not_started');
  });
});
