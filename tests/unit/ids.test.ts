import { describe, expect, it } from 'vitest';
import { MAX_ID, parseId, parseYear } from '@/lib/ids';

/* Ids and years from the URL (lib/ids.ts): what every page and route takes from its address. */
describe('ids and years from the URL', () => {
  it('takes the digits of a positive 32-bit integer as an id, and nothing else', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId(String(MAX_ID))).toBe(MAX_ID);
    for (const raw of ['0', '01', '-1', '1.5', '1e3', ' 1', '', String(MAX_ID + 1), '99999999999'])
      expect(parseId(raw), raw).toBeNull();
  });

  it('takes four digits as a year, and nothing else', () => {
    expect(parseYear('2011')).toBe(2011);
    expect(parseYear('0999')).toBe(999);
    for (const raw of ['20x1', '201', '20111', '', ' 2011', '2011 ', '+2011', '2011.0'])
      expect(parseYear(raw), raw).toBeNull();
  });
});
