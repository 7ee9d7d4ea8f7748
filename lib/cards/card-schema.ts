import { z } from 'zod';
import { decimalText, integerText, optionalId, textField, versionField } from '@/lib/validation';
import { CARD_LIMITS } from './limits';
import { checkFunding, isPlanComplete, planTotal } from './rules';

/*
 * The task card editor's schema: one for the browser and the server action. Numbers are typed
 * text (Polish comma accepted), an empty field is "nothing", never 0. Messages are keys of
 * `fieldErrors` in the message files.
 */

/** The card's limits: the same table as the import's (./limits.ts). */
export const LIMITS = CARD_LIMITS;

export function taskCardSchema(years: readonly number[]) {
  const stage = z.object({
    id: optionalId,
    number: z
      .string('invalid')
      .max(4, 'notAnInteger')
      .refine((value) => value.trim() === '' || /^\s*\d{1,3}\s*$/.test(value), 'notAnInteger'),
    name: textField(LIMITS.name, { required: true }),
    archived: z.boolean('invalid'),
    planned: z.array(decimalText(0, 100)).length(years.length, 'invalid'),
  });
  const indicator = z.object({
    id: optionalId,
    type: z.enum(['product', 'result', 'impact'], 'invalid'),
    name: textField(LIMITS.name, { required: true }),
    source: textField(LIMITS.short),
    unit: textField(LIMITS.unit),
    archived: z.boolean('invalid'),
    targets: z.array(textField(LIMITS.value)).length(years.length, 'invalid'),
  });
  return z
    .object({
      version: versionField,
      number: integerText(1, 999),
      title: textField(LIMITS.title, { required: true }),
      addressees: textField(LIMITS.longText),
      justification: textField(LIMITS.longText),
      description: textField(LIMITS.longText),
      plannedTotalCost: textField(LIMITS.value),
      budgetNote: textField(LIMITS.name),
      stages: z.array(stage).max(LIMITS.rows, 'tooMany'),
      indicators: z.array(indicator).max(LIMITS.rows, 'tooMany'),
      partners: z
        .array(z.object({ name: textField(LIMITS.name, { required: true }), scope: textField(LIMITS.name) }))
        .max(LIMITS.rows, 'tooMany'),
      funding: z
        .array(
          z.object({
            source: textField(LIMITS.name, { required: true }),
            value: textField(LIMITS.value, { required: true }),
          }),
        )
        .max(LIMITS.rows, 'tooMany'),
      revisionReason: textField(2_000),
    })
    .superRefine((card, ctx) => {
      // A plan with stages must share out exactly 100 points of the task.
      if (card.stages.some((row) => !row.archived) && !isPlanComplete(planTotal(card.stages))) {
        ctx.addIssue({ code: 'custom', path: ['stages'], message: 'planTotal' });
      }
      const funding = checkFunding(card.funding.map((row) => row.value));
      if (funding.problem === 'unreadable' || funding.problem === 'tooManyDecimals') {
        ctx.addIssue({
          code: 'custom',
          path: ['funding', funding.index ?? 0, 'value'],
          message: funding.problem === 'unreadable' ? 'fundingUnreadable' : 'tooManyDecimals',
        });
      } else if (funding.problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['funding'],
          message: funding.problem === 'mixed' ? 'fundingMixed' : 'fundingShares',
        });
      }
    });
}

export type TaskCardInput = z.infer<ReturnType<typeof taskCardSchema>>;

/** A task's weight within its program, in % (any sum is allowed; one other than 100 is warned). */
const weightText = decimalText(0, 1000).refine((v) => v.trim() !== '', 'required');

/** A new task: its weight has no default (a default of 100 would tip the program's sum), it is set. */
export const newTaskSchema = z.object({
  number: integerText(1, 999),
  title: textField(LIMITS.title, { required: true }),
  weight: weightText,
});
export type NewTaskInput = z.infer<typeof newTaskSchema>;

/** The new executor's post (or none), and the one the form showed: another one now is a conflict. */
export const assignExecutorSchema = z.object({ postId: optionalId, currentPostId: optionalId });
export type AssignExecutorInput = z.infer<typeof assignExecutorSchema>;

export const weightsSchema = z.object({
  version: versionField,
  weights: z
    .array(
      z.object({
        taskId: z.number('invalid').int('invalid').positive('invalid'),
        weight: weightText,
      }),
    )
    .max(500, 'tooMany')
    // Each task once: a task sent twice would be saved twice (the last one winning) and audited twice.
    .superRefine((rows, ctx) => {
      const seen = new Set<number>();
      rows.forEach((row, index) => {
        if (seen.has(row.taskId))
          ctx.addIssue({ code: 'custom', path: [index, 'weight'], message: 'duplicateRow' });
        seen.add(row.taskId);
      });
    }),
});
export type WeightsInput = z.infer<typeof weightsSchema>;
