import { describe, expect, it } from 'vitest';
import {
  decimalPlaces,
  parseDecimal,
  programCode,
  readAmount,
  readIndicatorNumber,
  readPercent,
  taskCode,
  toRoman,
} from '@/lib/numbers';

describe('parseDecimal (form input)', () => {
  it.each([
    ['12,5', 12.5],
    ['12.5', 12.5],
    [' 4 ', 4],
    ['1 250,75', 1250.75],
    ['1 000 000', 1_000_000],
    ['99\u00a0832', 99832],
    ['-3', -3],
    [',5', 0.5],
  ])('reads %j as %d', (input, expected) => {
    expect(parseDecimal(input)).toBe(expected);
  });

  it.each(['', '   ', 'abc', '12,5,1', '1e3', 'NaN', 'Infinity', '12 %', '1 5', '10 0', '1 00', '12 345 6'])(
    'reads nothing from %j (an empty field is not 0)',
    (input) => {
      expect(parseDecimal(input)).toBeNull();
    },
  );
});

describe('decimalPlaces (what the database keeps: two places)', () => {
  it.each([
    ['12', 0],
    ['12,5', 1],
    ['12,50', 1],
    ['33,33', 2],
    ['33,333', 3],
    ['15,000', 0],
    ['0,0001', 4],
    [' 1 250,75 ', 2],
  ])('%j needs %d', (input, expected) => {
    expect(decimalPlaces(input)).toBe(expected);
  });
});

describe('readIndicatorNumber (values as written on real cards)', () => {
  it.each([
    ['1', 1],
    ['0', 0],
    ['99 832', 99832],
    ['99\u00a0832', 99832],
    ['64 %', 64],
    ['ok. 244 tys.', 244000],
    ['ok. 40', 40],
    ['623 (w tym 39 dla niepełnosprawnych)', 623],
    ['1,5', 1.5],
    ['2,5 mln zł', 2_500_000],
  ])('reads %j as %d', (input, expected) => {
    expect(readIndicatorNumber(input)).toBe(expected);
  });

  it.each(['bd.', 'Brak danych', 'brak', 'X', '-', '', '808/49', '10-12', 'w trakcie', '12 5'])(
    'reads no number from %j',
    (input) => {
      expect(readIndicatorNumber(input)).toBeNull();
    },
  );
});

describe('funding values', () => {
  it('reads shares and amounts', () => {
    expect(readPercent('80%')).toBe(80);
    expect(readPercent('12,5 %')).toBe(12.5);
    expect(readPercent('85 000 zł')).toBeNull();
    expect(readAmount('85 000 zł')).toBe(85000);
    expect(readAmount('ok. 100 mln zł')).toBeNull();
    expect(readAmount('')).toBeNull();
    expect(readAmount('1 250,50 PLN.')).toBe(1250.5);
    expect(readAmount(' 12 zł ')).toBe(12);
    expect(readPercent('\u00a012,5\u00a0%\u00a0')).toBe(12.5);
    expect(readPercent('%')).toBeNull();
    expect(readAmount('zł')).toBeNull();
    expect(readPercent('12 5 %')).toBeNull();
  });

  // A value of thousands of spaces once took minutes (the patterns backtracked over every way to
  // split the spaces), so that one form post held the server. Read in linear time now: these
  // finish within the test's time limit, and say "no number".
  it('reads long hostile values as no number, without hanging', () => {
    const spaces = ' '.repeat(50_000);
    for (const value of [spaces, `1${spaces}x`, `${spaces}1 %x`, `1${spaces}zł x`, '1 '.repeat(25_000)]) {
      expect(readPercent(value)).toBeNull();
      expect(readAmount(value)).toBeNull();
      expect(readIndicatorNumber(value)).toBeNull();
    }
    expect(readIndicatorNumber(`5 (${'('.repeat(50_000)})`)).toBe(5);
  });
});

describe('toRoman', () => {
  it('numbers goals as the strategy does', () => {
    expect([1, 2, 3, 4, 9, 14].map(toRoman)).toEqual(['I', 'II', 'III', 'IV', 'IX', 'XIV']);
  });
  it('writes a program and a task code in one notation: the goal in Roman numerals', () => {
    expect(programCode(1, 3)).toBe('I.3');
    expect(taskCode(2, 10, 4)).toBe('II.10.4');
  });
});
