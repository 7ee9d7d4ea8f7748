import { z } from 'zod';
import { integerText, optionalId, requiredId, textField, versionField } from '@/lib/validation';

/** The strategy office's forms for the strategy's structure; messages are keys of `fieldErrors`. */
export const strategyFormSchema = z
  .object({
    id: optionalId,
    version: versionField,
    name: textField(300, { required: true }),
    cityName: textField(200, { required: true }),
    startYear: integerText(1990, 2200),
    endYear: integerText(1990, 2200),
  })
  .superRefine((value, ctx) => {
    if (Number(value.endYear) < Number(value.startYear))
      ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'spanOrder' });
    if (Number(value.endYear) - Number(value.startYear) > 30)
      ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'spanTooLong' });
  });

export const goalFormSchema = z.object({
  id: optionalId,
  strategyId: requiredId,
  version: versionField,
  number: integerText(1, 99),
  title: textField(1000, { required: true }),
  ownerPostId: optionalId,
  archived: z.boolean('invalid'),
});

export const programFormSchema = z.object({
  id: optionalId,
  goalId: requiredId,
  version: versionField,
  number: integerText(1, 99),
  title: textField(1000, { required: true }),
  coordinatorPostId: optionalId,
  archived: z.boolean('invalid'),
});

export type StrategyFormInput = z.infer<typeof strategyFormSchema>;
export type GoalFormInput = z.infer<typeof goalFormSchema>;
export type ProgramFormInput = z.infer<typeof programFormSchema>;

/** A day as the date field gives it (YYYY-MM-DD), within the strategies' years. */
const publicationDay = z.iso.date('invalidDate').refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= 1990 && year <= 2200;
}, 'invalidDate');

/**
 * Whether a strategy's approved data is public, from which day, and whether the approved yearly
 * narratives are public too. The day is asked only when the strategy is published.
 */
export const publicationFormSchema = z
  .object({
    id: requiredId,
    version: versionField,
    published: z.boolean('invalid'),
    publishedFrom: z.string('invalid').max(10, 'invalidDate'),
    publishNarratives: z.boolean('invalid'),
  })
  .superRefine((value, ctx) => {
    if (!value.published) return;
    if (value.publishedFrom === '') {
      ctx.addIssue({ code: 'custom', path: ['publishedFrom'], message: 'required' });
    } else if (!publicationDay.safeParse(value.publishedFrom).success) {
      ctx.addIssue({ code: 'custom', path: ['publishedFrom'], message: 'invalidDate' });
    }
  });

export type PublicationFormInput = z.infer<typeof publicationFormSchema>;
