'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { openReportingYearAction } from '@/app/(app)/admin/reporting/actions';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import { type OpenYearInput, openYearSchema } from '@/lib/reports/schema';
import { RequiredMark } from '@/components/ui/required-mark';

/** The strategy's id is hidden: only the year and the deadline show errors. */
const SHOWS = shownPaths(['year', 'deadline']);

/** Opens a year of a strategy for reporting, or moves the deadline of an open one. */
export function OpenYearForm({
  strategyId,
  years,
  defaultYear,
}: {
  strategyId: number;
  years: number[];
  defaultYear: number;
}) {
  const t = useTranslations('admin.reporting');
  const tErrors = useTranslations('reportForm.errors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<OpenYearInput>({
    resolver: zodResolver(openYearSchema),
    defaultValues: { strategyId, year: defaultYear, deadline: '' },
  });

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
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-wrap items-end gap-4">
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
          {...register('year', { valueAsNumber: true })}
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
          aria-describedby={deadlineError ? `deadline-${strategyId}-error` : undefined}
          className="rounded border border-slate-500 bg-white px-2 py-1"
          {...register('deadline')}
        />
        {deadlineError && (
          <p id={`deadline-${strategyId}-error`} className="text-sm text-red-700">
            {tErrors(deadlineError as 'invalidDate')}
          </p>
        )}
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
    </form>
  );
}
