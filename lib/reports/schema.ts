import { z } from 'zod';
import { warsawToday } from '@/lib/admin/dates';
import { parseDecimal } from '@/lib/numbers';
import { INDICATOR_TEXT_MAX, NARRATIVE_MAX, type ReportPlan, stageValueOverPlan } from './report-plan';
import { decimalText, requiredId, textField, versionField } from '@/lib/validation';

export { fieldErrorsOf } from '@/lib/validation';

/*
 * The report form's schema, one for the browser (react-hook-form) and the server action. Error
 * messages are keys of `reportForm.errors` in the message files. Form fields are text: an empty
 * field is "not reported", never 0; the Polish comma is accepted.
 */

/** Points done in the year: the same field as a plan cell (0–100, two decimal places, empty is none). */
const pointsText = decimalText(0, 100);

export function reportFormSchema(plan: ReportPlan) {
  const planned = new Map(plan.stages.map((stage) => [stage.stageId, stage.planned]));
  const planStages = new Map(plan.stages.map((stage) => [stage.stageId, stage]));
  const indicatorIds = new Set(plan.indicatorIds);
  return z
    .object({
      intent: z.enum(['save', 'submit']),
      version: versionField,
      narrative: textField(NARRATIVE_MAX),
      stages: z.array(z.object({ stageId: requiredId, actual: pointsText })).max(500),
      indicators: z
        .array(
          z.object({
            indicatorId: requiredId,
            actualText: textField(INDICATOR_TEXT_MAX),
          }),
        )
        .max(500),
      confirmUnplanned: z.boolean(),
      /** The reporter saw that a stage's done points pass its plan and confirms it (recorded). */
      confirmOverPlan: z.boolean().optional(),
    })
    .superRefine((value, ctx) => {
      // Every row must belong to this report's task: a forged id is refused, not ignored.
      value.stages.forEach((stage, index) => {
        if (!planned.has(stage.stageId))
          ctx.addIssue({ code: 'custom', path: ['stages', index, 'actual'], message: 'unknownRow' });
      });
      value.indicators.forEach((indicator, index) => {
        if (!indicatorIds.has(indicator.indicatorId))
          ctx.addIssue({ code: 'custom', path: ['indicators', index, 'actualText'], message: 'unknownRow' });
      });
      // A value where nothing was planned is accepted only once the user has seen the warning.
      value.stages.forEach((stage, index) => {
        const number = parseDecimal(stage.actual);
        const plannedPoints = planned.get(stage.stageId);
        if (number !== null && number > 0 && !plannedPoints && !value.confirmUnplanned) {
          ctx.addIssue({ code: 'custom', path: ['stages', index, 'actual'], message: 'unplanned' });
        }
      });
      // A stage's done points over all years may pass its plan only with an explicit confirmation.
      value.stages.forEach((stage, index) => {
        if (stageValueOverPlan(planStages.get(stage.stageId), stage.actual) && !value.confirmOverPlan)
          ctx.addIssue({ code: 'custom', path: ['stages', index, 'actual'], message: 'overPlan' });
      });
      if (value.intent === 'submit') {
        value.stages.forEach((stage, index) => {
          if (planned.get(stage.stageId) && stage.actual.trim() === '')
            ctx.addIssue({ code: 'custom', path: ['stages', index, 'actual'], message: 'requiredToSubmit' });
        });
        value.indicators.forEach((indicator, index) => {
          if (indicator.actualText.trim() === '')
            ctx.addIssue({
              code: 'custom',
              path: ['indicators', index, 'actualText'],
              message: 'requiredToSubmit',
            });
        });
        if (value.narrative.trim() === '')
          ctx.addIssue({ code: 'custom', path: ['narrative'], message: 'requiredToSubmit' });
        // A form opened before a stage or an indicator was added lacks its row: submitting it would
        // leave that value unreported. Its rows come from the page, the plan from the database.
        const sentStages = new Set(value.stages.map((stage) => stage.stageId));
        const sentIndicators = new Set(value.indicators.map((indicator) => indicator.indicatorId));
        if (
          plan.stages.some((stage) => stage.planned && !sentStages.has(stage.stageId)) ||
          plan.indicatorIds.some((id) => !sentIndicators.has(id))
        )
          ctx.addIssue({ code: 'custom', path: [], message: 'planChanged' });
      }
    });
}

export type ReportFormInput = z.infer<ReturnType<typeof reportFormSchema>>;

/** A decision on a report (accept, return, approve, withdraw) with its comment. */
export const decisionSchema = z
  .object({
    action: z.enum(['accept', 'return', 'approve', 'withdraw']),
    version: versionField,
    comment: textField(2000),
  })
  .superRefine((value, ctx) => {
    if ((value.action === 'return' || value.action === 'withdraw') && value.comment.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'commentRequired' });
    }
  });

export type DecisionInput = z.infer<typeof decisionSchema>;

/** The executor recalls a submitted report (back to draft): only the version they saw. */
export const recallSchema = z.object({ version: versionField });

export type RecallInput = z.infer<typeof recallSchema>;

/**
 * Opening a year for reporting, or changing an open year's deadline and steps (admin). A deadline
 * before today (a Warsaw day) makes every unsubmitted report late at once: it is taken only when the
 * office confirms it (a year opened or reopened late), otherwise refused at the deadline's field.
 */
/** The reminder days of a year the office opens without choosing (the migration's default too). */
export const DEFAULT_REMINDER_DAYS = 7;

export const openYearSchema = z
  .object({
    strategyId: requiredId,
    year: z.number().int().min(1990, 'yearOutOfSpan').max(2200, 'yearOutOfSpan'),
    deadline: z.iso.date('invalidDate'),
    coordinatorReview: z.boolean('invalid'),
    /** Days before the deadline when the executors of unsubmitted reports are reminded (mail). */
    reminderDays: z
      .number('reminderDaysRange')
      .int('reminderDaysRange')
      .min(0, 'reminderDaysRange')
      .max(60, 'reminderDaysRange')
      .default(DEFAULT_REMINDER_DAYS),
    confirmPastDeadline: z.boolean('invalid').optional(),
  })
  .superRefine((value, ctx) => {
    if (isPastDeadline(value.deadline) && !value.confirmPastDeadline)
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'deadlinePast' });
  });

/** The deadline (YYYY-MM-DD) is a day before today in Warsaw (the office's calendar). */
export function isPastDeadline(deadline: string, now: Date = new Date()): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(deadline) && deadline < warsawToday(now);
}

export type OpenYearInput = z.infer<typeof openYearSchema>;
