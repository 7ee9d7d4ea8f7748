import { describe, expect, it } from 'vitest';
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
