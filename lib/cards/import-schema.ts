import { z } from 'zod';
import { hasAtMostTwoDecimals } from '@/lib/numbers';
import { stagesOverPlan } from '@/lib/progress';
import { textField } from '@/lib/validation';
import { MAX_ID } from '@/lib/ids';
import { IMPORT_LIMITS } from './limits';

/*
 * The import screen's schema: one for the preview form (react-hook-form) and for confirmImport on
 * the server. A card is CardData with the year-keyed maps turned into arrays aligned with `years`
 * (form paths such as `stages.1.cells.2.planned` instead of a year as a key). Messages are keys of
 * `import.errors` in the message files.
 */

export { IMPORT_LIMITS } from './limits';

// numeric(7,2) in the database: a third decimal would be rounded away silently, so it is refused
// as the card editor's and the report's number fields refuse it.
const points = z
  .number('notANumber')
  .min(0, 'negative')
  .max(100, 'above100')
  .refine(hasAtMostTwoDecimals, 'tooManyDecimals')
  .nullable();

const year = z.number('invalid').int('invalid').min(1990, 'yearOutOfRange').max(2200, 'yearOutOfRange');
const cardNumber = z.number('notAnInteger').int('notAnInteger').min(1, 'outOfRange').max(999, 'outOfRange');

export const importCardSchema = z
  .object({
    strategyName: textField(IMPORT_LIMITS.short, { required: true }),
    goal: z.object({
      number: cardNumber,
      title: textField(IMPORT_LIMITS.name),
      owner: textField(IMPORT_LIMITS.short),
    }),
    program: z.object({
      number: cardNumber,
      title: textField(IMPORT_LIMITS.name),
      coordinator: textField(IMPORT_LIMITS.short),
    }),
    task: z.object({
      number: cardNumber,
      title: textField(IMPORT_LIMITS.title, { required: true }),
      addressees: textField(IMPORT_LIMITS.longText),
      justification: textField(IMPORT_LIMITS.longText),
      description: textField(IMPORT_LIMITS.longText),
      executor: z.object({
        department: textField(IMPORT_LIMITS.short),
        function: textField(IMPORT_LIMITS.short),
      }),
      executorText: textField(IMPORT_LIMITS.short * 2),
      /** The executor's post chosen in the preview; none: the role stays unassigned. */
      executorPostId: z
        .number('invalid')
        .int('invalid')
        .min(1, 'invalid')
        .max(MAX_ID, 'invalid')
        .nullable()
        .optional(),
    }),
    years: z.array(year).min(1, 'invalid').max(IMPORT_LIMITS.years, 'tooMany'),
    stages: z
      .array(
        z.object({
          number: z
            .number('notAnInteger')
            .int('notAnInteger')
            .min(0, 'outOfRange')
            .max(999, 'outOfRange')
            .nullable(),
          name: textField(IMPORT_LIMITS.name, { required: true }),
          cells: z.array(z.object({ actual: points, planned: points })).max(IMPORT_LIMITS.years, 'tooMany'),
        }),
      )
      .max(IMPORT_LIMITS.rows, 'tooMany'),
    partners: z
      .array(
        z.object({
          name: textField(IMPORT_LIMITS.name, { required: true }),
          scope: textField(IMPORT_LIMITS.name),
        }),
      )
      .max(IMPORT_LIMITS.rows, 'tooMany'),
    indicators: z
      .array(
        z.object({
          type: z.enum(['product', 'result', 'impact'], 'invalid'),
          name: textField(IMPORT_LIMITS.name, { required: true }),
          source: textField(IMPORT_LIMITS.short),
          values: z.array(textField(IMPORT_LIMITS.value)).max(IMPORT_LIMITS.years, 'tooMany'),
        }),
      )
      .max(IMPORT_LIMITS.rows, 'tooMany'),
    totalCost: textField(IMPORT_LIMITS.value),
    budgetNote: textField(IMPORT_LIMITS.name),
    funding: z
      .array(
        z.object({
          source: textField(IMPORT_LIMITS.name),
          value: textField(IMPORT_LIMITS.value),
        }),
      )
      .max(IMPORT_LIMITS.rows, 'tooMany'),
  })
  .superRefine((card, ctx) => {
    // Years strictly ascending; every row of the grid and of the indicators has one entry per year.
    card.years.forEach((value, index) => {
      const previous = card.years[index - 1];
      if (previous !== undefined && value <= previous)
        ctx.addIssue({ code: 'custom', path: ['years', index], message: 'yearsOrder' });
    });
    card.stages.forEach((stage, index) => {
      if (stage.cells.length !== card.years.length)
        ctx.addIssue({ code: 'custom', path: ['stages', index, 'cells'], message: 'invalid' });
    });
    // A stage's done points over all years may not pass its plan (lib/progress.ts, as the report
    // form and the card editor); a report can record a confirmed excess, a card's text cannot.
    const cells = card.stages.flatMap((stage, index) =>
      stage.cells.map((cell, yearIndex) => ({ stageId: index, year: yearIndex, ...cell })),
    );
    for (const index of stagesOverPlan(cells))
      ctx.addIssue({ code: 'custom', path: ['stages', index, 'name'], message: 'doneOverPlan' });
    card.indicators.forEach((indicator, index) => {
      if (indicator.values.length !== card.years.length)
        ctx.addIssue({ code: 'custom', path: ['indicators', index, 'values'], message: 'invalid' });
    });
  });

export type ImportCardInput = z.infer<typeof importCardSchema>;

export const confirmImportSchema = z
  .object({
    cards: z.array(importCardSchema).min(1, 'noCards').max(IMPORT_LIMITS.cards, 'tooMany'),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.cards.forEach((card, index) => {
      const key = JSON.stringify([
        card.strategyName.trim(),
        card.goal.number,
        card.program.number,
        card.task.number,
      ]);
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['cards', index, 'task', 'number'], message: 'duplicateCard' });
      seen.add(key);
    });
  });

export type ConfirmImportInput = z.infer<typeof confirmImportSchema>;

/** Previewing: the pasted text (the upload goes through the same check after extraction). */
export const previewImportSchema = z.object({
  text: textField(IMPORT_LIMITS.textBytes)
    .refine((text) => new TextEncoder().encode(text).length <= IMPORT_LIMITS.textBytes, 'tooLong')
    .refine((text) => text.trim().length > 0, 'emptyText'),
});

export type PreviewImportInput = z.infer<typeof previewImportSchema>;
