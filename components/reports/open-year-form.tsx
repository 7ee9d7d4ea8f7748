'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import type { z } from 'zod';
import {
  DEFAULT_REMINDER_DAYS,
  type OpenYearInput,
  isPastDeadline,
  openYearSchema,
} from '@/lib/reports/schema';
import { RequiredMark } from '@/components/ui/required-mark';
import { Form } from '@/components/ui/form';

/** The strategy's id is hidden: only the year, the deadline and the steps show errors. */
const SHOWS = shownPaths(['year', 'deadline', 'coordinatorReview', 'reminderDays']);

/**
 * Opens a year of a strategy for reporting, or changes the deadline and steps of an open one. The
 * steps shown follow the chosen year: what an open year has, the default (with the review) otherwise.
 */
export function OpenYearForm({
  strategyId,
  years,
  defaultYear,
  reviewByYear,
  reminderDaysByYear,
  openReportingYearAction,
}: {
  strategyId: number;
  years: number[];
  defaultYear: number;
  /** The coordinator-review setting of each open year. */
  reviewByYear: Record<number, boolean>;
  /** The reminder days of each open year (reopened, a year keeps its own; 7 for a new one). */
  reminderDaysByYear: Record<number, number>;
  openReportingYearAction: ServerAction<{ year: number }>;
}) {
  const reviewOf = (year: number) => reviewByYear[year] ?? true;
  const reminderDaysOf = (year: number) => reminderDaysByYear[year] ?? DEFAULT_REMINDER_DAYS;
  const t = useTranslations('admin.reporting');
  const tErrors = useTranslations('reportForm.errors');
  const tFlow = useTranslations('reportFlow');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof openYearSchema>, unknown, OpenYearInput>({
    resolver: zodResolver(openYearSchema),
    defaultValues: {
      strategyId,
      year: defaultYear,
      deadline: '',
      coordinatorReview: reviewOf(defaultYear),
      reminderDays: reminderDaysOf(defaultYear),
      confirmPastDeadline: false,
    },
  });
  // A deadline before today makes the year's unsubmitted reports late at once: said at the field as
  // soon as it is typed, and taken only with the explicit confirmation (a year opened late).
  const deadline = useWatch({ control, name: 'deadline' });
  const pastDeadline = isPastDeadline(deadline ?? '');

  const onSubmit = handleSubmit(
    async (values) => {
      setStatus(null);
      const result = await openReportingYearAction(values);
      if (result.status === 'success') {
        setStatus({ kind: 'success', text: t('opened', { year: result.data.year }) });
        router.refresh();
        return;
      }
      setStatus(formErrors.fromResult(result, SHOWS, setError));
    },
    (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS)),
  );

  const yearError = errors.year?.message;
  const deadlineError = errors.deadline?.message;
  const reminderError = errors.reminderDays?.message;
  return (
    <Form noValidate onSubmit={onSubmit} className="flex flex-wrap items-end gap-4">
      <input type="hidden" {...register('strategyId', { valueAsNumber: true })} />
      <div className="space-y-1">
        <label htmlFor={`year-${strategyId}`} className="block text-sm font-medium">
          {t('year')}
        </label>
        <select
          id={`year-${strategyId}`}
          aria-invalid={yearError ? true : undefined}
          aria-describedby={yearError ? `year-${strategyId}-error` : undefined}
          className="rounded border border-slate-500 bg-white px-2 py-1"
          {...register('year', {
            valueAsNumber: true,
            onChange: (event: React.ChangeEvent<HTMLSelectElement>) => {
              const year = Number(event.target.value);
              setValue('coordinatorReview', reviewOf(year));
              setValue('reminderDays', reminderDaysOf(year));
            },
          })}
        >
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
        {yearError && (
          <p id={`year-${strategyId}-error`} className="text-sm text-red-700">
            {tErrors(yearError as 'yearOutOfSpan')}
          </p>
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor={`deadline-${strategyId}`} className="block text-sm font-medium">
          {t('deadline')}
          <RequiredMark />
        </label>
        <input
          id={`deadline-${strategyId}`}
          aria-required
          type="date"
          aria-invalid={deadlineError ? true : undefined}
          aria-describedby={
            [
              deadlineError ? `deadline-${strategyId}-error` : '',
              pastDeadline ? `deadline-${strategyId}-warning` : '',
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
          className="rounded border border-slate-500 bg-white px-2 py-1"
          {...register('deadline')}
        />
        {deadlineError && (
          <p id={`deadline-${strategyId}-error`} className="text-sm text-red-700">
            {tErrors(deadlineError as 'invalidDate')}
          </p>
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor={`reminder-${strategyId}`} className="block text-sm font-medium">
          {t('reminderDays')}
        </label>
        <input
          id={`reminder-${strategyId}`}
          type="number"
          min={0}
          max={60}
          aria-invalid={reminderError ? true : undefined}
          aria-describedby={`reminder-${strategyId}-hint${reminderError ? ` reminder-${strategyId}-error` : ''}`}
          className="w-24 rounded border border-slate-500 bg-white px-2 py-1"
          {...register('reminderDays', { valueAsNumber: true })}
        />
        <p id={`reminder-${strategyId}-hint`} className="max-w-xs text-sm text-slate-600">
          {t('reminderDaysHint')}
        </p>
        {reminderError && (
          <p id={`reminder-${strategyId}-error`} className="text-sm text-red-700">
            {tErrors(reminderError as 'reminderDaysRange')}
          </p>
        )}
      </div>
      {pastDeadline && (
        <div className="basis-full space-y-2 rounded border border-amber-600 bg-amber-50 p-3">
          <p id={`deadline-${strategyId}-warning`} className="text-sm text-amber-900">
            {tFlow('deadlinePastWarning')}
          </p>
          <div className="flex items-start gap-2">
            <input
              id={`confirm-past-${strategyId}`}
              type="checkbox"
              className="mt-1 size-4 accent-brand-700"
              {...register('confirmPastDeadline')}
            />
            <label htmlFor={`confirm-past-${strategyId}`} className="text-sm font-medium">
              {tFlow('confirmPastDeadline')}
            </label>
          </div>
        </div>
      )}
      <div className="flex basis-full items-start gap-2">
        <input
          id={`review-${strategyId}`}
          type="checkbox"
          aria-describedby={`review-${strategyId}-hint`}
          className="mt-1 size-4 accent-brand-700"
          {...register('coordinatorReview')}
        />
        <div>
          <label htmlFor={`review-${strategyId}`} className="font-medium">
            {t('coordinatorReviewLabel')}
          </label>
          <p id={`review-${strategyId}-hint`} className="text-sm text-slate-600">
            {t('coordinatorReviewHint')}
          </p>
        </div>
      </div>
      <button
        type="submit"
        disabled={isSubmitting}
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t('open')}
      </button>
      <div className="basis-full">
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
