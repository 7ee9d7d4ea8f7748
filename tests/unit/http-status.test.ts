import { describe, expect, it } from 'vitest';
import { httpStatusOf } from '@/lib/errors';
import { parseArgs, parseForm, requiredId, yearArg } from '@/lib/validation';
import { z } from 'zod';

describe('the HTTP status of a refusal (every route handler uses this map)', () => {
  it('gives each public error code its status', () => {
    expect(
      (['unauthenticated', 'forbidden', 'not_found', 'invalid', 'conflict', 'failed'] as const).map((code) =>
        httpStatusOf(code),
      ),
    ).toEqual([401, 403, 404, 400, 409, 500]);
  });

  it('answers 413 to what was too big, 400 to any other invalid request', () => {
    expect(httpStatusOf('invalid', { file: ['tooLarge'] })).toBe(413);
    expect(httpStatusOf('invalid', { file: ['badType'] })).toBe(400);
  });
});

describe('the checks of an action’s arguments', () => {
  const form = z.object({ locale: z.enum(['pl', 'en'], 'invalid') });

  it('takes form data only', () => {
    const data = new FormData();
    data.set('locale', 'en');
    expect(parseForm(form, data)).toEqual({ locale: 'en' });
    for (const forged of ['locale=en', { locale: 'en' }, null, undefined, [['locale', 'en']]]) {
      expect(() => parseForm(form, forged)).toThrow(expect.objectContaining({ code: 'invalid' }));
    }
  });

  it('takes a record’s id and a year of the right type only', () => {
    expect(parseArgs([requiredId, yearArg], [7, 2012])).toEqual([7, 2012]);
    for (const forged of [
      ['7', 2012],
      [7, '2012'],
      [0, 2012],
      [7, 1.5],
      [null, 2012],
      [{}, []],
    ]) {
      expect(() => parseArgs([requiredId, yearArg], forged as [unknown, unknown])).toThrow(
        expect.objectContaining({ code: 'invalid', fieldErrors: { _args: ['invalid'] } }),
      );
    }
  });
});
