import { zodResolver } from '@hookform/resolvers/zod';
import { describe, expect, it } from 'vitest';
import { STALE_FORM, flattenFormErrors, placeFieldErrors, shownPaths } from '@/lib/actions/field-errors';
import { taskCardSchema, weightsSchema } from '@/lib/cards/card-schema';
import { reportFormSchema } from '@/lib/reports/schema';
import { fieldErrorsOf } from '@/lib/validation';

/** What the weights form shows errors at (components/manage/weights-form.tsx). */
const weightsShows = shownPaths(['weights.\\d+.weight']);

/** The field errors a server action returns for this input (the domain functions parse like this). */
function serverErrors(result: { success: boolean; error?: Parameters<typeof fieldErrorsOf>[0] }) {
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!);
}

describe('placeFieldErrors', () => {
  it('turns a refused hidden version into one "form out of date" message, not a silent field error', () => {
    const errors = serverErrors(
      weightsSchema.safeParse({ version: 0, weights: [{ taskId: 1, weight: '50' }] }),
    );
    expect(errors).toEqual({ version: ['invalid'] });
    expect(placeFieldErrors(errors, weightsShows)).toEqual({ atFields: [], formKeys: [STALE_FORM] });
  });

  it('keeps errors of shown fields at their fields and names hidden ids once', () => {
    const errors = serverErrors(
      weightsSchema.safeParse({
        version: 3,
        weights: [
          { taskId: 0, weight: '50' },
          { taskId: -1, weight: 'dużo' },
        ],
      }),
    );
    expect(placeFieldErrors(errors, weightsShows)).toEqual({
      atFields: [{ path: 'weights.1.weight', key: 'notANumber' }],
      formKeys: [STALE_FORM],
    });
  });

  it('shows a key that is a sentence of its own as it is (report form: year not open, plan changed)', () => {
    const shows = shownPaths(['stages.\\d+.actual', 'indicators.\\d+.actualText', 'narrative']);
    expect(
      placeFieldErrors(
        {
          year: ['yearNotOpen'],
          _form: ['planChanged'],
          'stages.0.stageId': ['invalid'],
          narrative: ['tooLong'],
        },
        shows,
      ),
    ).toEqual({
      atFields: [{ path: 'narrative', key: 'tooLong' }],
      formKeys: ['yearNotOpen', 'planChanged', STALE_FORM],
    });
  });

  it('treats an error without a message key as a refused value', () => {
    expect(placeFieldErrors({ strategyId: [] }, () => false).formKeys).toEqual([STALE_FORM]);
  });
});

describe('shownPaths', () => {
  it('matches whole paths only', () => {
    expect(weightsShows('weights.12.weight')).toBe(true);
    expect(weightsShows('weights.1.taskId')).toBe(false);
    expect(weightsShows('weights')).toBe(false);
    expect(weightsShows('xweights.1.weight')).toBe(false);
    expect(weightsShows('weights.1.weightx')).toBe(false);
    expect(weightsShows('weights.a.weight')).toBe(false);
  });
});

describe('flattenFormErrors (the browser-side validation of react-hook-form)', () => {
  const options = { fields: {}, shouldUseNativeValidation: false } as const;

  it('finds an error on a hidden field, so that the form can say something', async () => {
    const { errors } = await zodResolver(weightsSchema)(
      { version: Number.NaN, weights: [{ taskId: Number.NaN, weight: '50' }] },
      undefined,
      options,
    );
    const flat = flattenFormErrors(errors);
    expect(flat).toEqual({ version: ['invalid'], 'weights.0.taskId': ['invalid'] });
    expect(placeFieldErrors(flat, weightsShows).formKeys).toEqual([STALE_FORM]);
  });

  it('walks rows and their fields, including a field called "type" and an array’s own error', async () => {
    const card = {
      version: 1,
      number: '1',
      title: 'Zadanie',
      addressees: '',
      justification: '',
      description: '',
      plannedTotalCost: '',
      budgetNote: '',
      stages: [{ id: null, number: '1', name: 'Etap', archived: false, planned: ['40'] }],
      indicators: [
        { id: null, type: 'other', name: '', source: '', unit: '', archived: false, targets: [''] },
      ],
      partners: [],
      funding: [],
      revisionReason: '',
    };
    // The browser sends what the form holds, not what the schema allows.
    const resolve = (values: typeof card) =>
      zodResolver(taskCardSchema([2012]))(values as never, undefined, {
        ...options,
        names: ['stages.0.name', 'indicators.0.name'],
      });
    const rows = await resolve(card);
    expect(flattenFormErrors(rows.errors)).toEqual({
      'indicators.0.type': ['invalid'],
      'indicators.0.name': ['required'],
    });
    // The plan's total is checked once the rows are valid; it is the error of the stages' array.
    const total = await resolve({ ...card, indicators: [] });
    expect(total.errors.stages?.root?.message).toBe('planTotal');
    expect(flattenFormErrors(total.errors)).toEqual({ stages: ['planTotal'] });
  });

  it('gives an error of the whole form a path of its own', async () => {
    const schema = reportFormSchema({
      stages: [{ stageId: 5, planned: 10, plannedAllYears: 10, doneOtherYears: 0 }],
      indicatorIds: [],
    });
    const { errors } = await zodResolver(schema)(
      {
        intent: 'submit',
        version: 1,
        narrative: 'Opis',
        stages: [],
        indicators: [],
        confirmUnplanned: false,
      },
      undefined,
      options,
    );
    const flat = flattenFormErrors(errors);
    expect(Object.values(flat)).toEqual([['planChanged']]);
    expect(placeFieldErrors(flat, () => false).formKeys).toEqual(['planChanged']);
  });
});
