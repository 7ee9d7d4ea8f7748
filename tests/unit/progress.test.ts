import { describe, expect, it } from 'vitest';
import {
  assessSchedule,
  assessmentYear,
  combineStatuses,
  goalProgress,
  plannedTotal,
  taskProgress,
  weightSum,
  weightedProgress,
  yearTotals,
  type StageCell,
} from '@/lib/progress';

/** The seed card's stage grid (karta zadania, Cel I, program 3, zadanie 1). */
const seedCells: StageCell[] = [
  { year: 2009, planned: 15, actual: 15 },
  { year: 2009, planned: 15, actual: 15 },
  { year: 2009, planned: 15, actual: 15 },
  { year: 2010, planned: 15, actual: 15 },
  { year: 2011, planned: 10, actual: 10 },
  { year: 2009, planned: 10, actual: 4 },
  { year: 2010, planned: 10, actual: 2 },
  { year: 2011, planned: 10, actual: 10 },
];
const seedYears = [2009, 2010, 2011, 2012, 2013];

describe('task progress', () => {
  it('is the sum of the actual points: 86% for the seed card', () => {
    expect(taskProgress(seedCells)).toBe(86);
    expect(plannedTotal(seedCells)).toBe(100);
  });

  it('adds decimals without floating-point noise (1.5/2.5%)', () => {
    const cells: StageCell[] = [
      { year: 2010, planned: 2.5, actual: 1.5 },
      { year: 2011, planned: 0.1, actual: 0.1 },
      { year: 2011, planned: 0.2, actual: 0.2 },
    ];
    expect(taskProgress(cells)).toBe(1.8);
    expect(plannedTotal(cells)).toBe(2.8);
  });

  it('may exceed 100% when stages are over-achieved', () => {
    const cells: StageCell[] = [
      { year: 2010, planned: 50, actual: 70 },
      { year: 2011, planned: 50, actual: 45 },
    ];
    expect(taskProgress(cells)).toBe(115);
  });

  it('counts 0/10% as nothing achieved and a cell without an actual as nothing either', () => {
    expect(
      taskProgress([
        { year: 2010, planned: 10, actual: 0 },
        { year: 2011, planned: 90, actual: null },
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
      { year: 2010, planned: 20, actual: 20 },
      { year: 2011, planned: 30, actual: 10 },
      { year: 2012, planned: 50, actual: 80 },
    ];
    expect(assessSchedule(cells, 2010)).toMatchObject({
      status: 'on',
      cumulativePlanned: 20,
      cumulativeActual: 20,
    });
    expect(assessSchedule(cells, 2011)).toMatchObject({ status: 'behind', difference: -20 });
    expect(assessSchedule(cells, 2012)).toMatchObject({ status: 'ahead', difference: 10 });
  });

  it('treats decimal sums that are equal as on plan', () => {
    const cells: StageCell[] = [
      { year: 2010, planned: 0.1, actual: 0.3 },
      { year: 2010, planned: 0.2, actual: 0 },
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
