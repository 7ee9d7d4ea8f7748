'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { type NewTaskInput, newTaskSchema } from '@/lib/cards/card-schema';
import { RequiredMark } from '@/components/ui/required-mark';
import { formatNumber } from '@/lib/format';
import { Form } from '@/components/ui/form';

const SHOWS = shownPaths(['number', 'title', 'weight']);

export function NewTaskForm({
  programId,
  nextNumber,
  weightSum,
  createTaskAction,
}: {
  programId: number;
  nextNumber: number;
  /** The sum of the weights of the program's other tasks, shown beside the new one's. */
  weightSum: number;
  createTaskAction: ServerAction<{ taskId: number }, [programId: number, input: unknown]>;
}) {
  const locale = useLocale();
  const t = useTranslations('editor');
  const tErrors = useTranslations('fieldErrors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NewTaskInput>({
    resolver: zodResolver(newTaskSchema),
    defaultValues: { number: String(nextNumber), title: '', weight: '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await createTaskAction(programId, values);
    if (result.status === 'success') {
      router.push(`/tasks/${result.data.taskId}/edit`);
      return;
    }
    setStatus(formErrors.fromResult(result, SHOWS, setError));
  });
  return (
    <Form noValidate onSubmit={onSubmit} className="space-y-4">
      {(['number', 'title', 'weight'] as const).map((name) => {
        const error = errors[name]?.message;
        const help = name === 'weight' ? `new-${name}-help` : null;
        const describedBy = [error ? `new-${name}-error` : null, help].filter(Boolean).join(' ');
        return (
          <div key={name} className="space-y-1">
            <label htmlFor={`new-${name}`} className="block font-medium">
              {t(name === 'weight' ? 'newTaskWeight' : name)}
              <RequiredMark />
            </label>
            {help && (
              <p id={help} className="text-sm text-slate-700">
                {t('newTaskWeightHelp', { sum: formatNumber(weightSum, locale) })}
              </p>
            )}
            <input
              id={`new-${name}`}
              aria-required
              className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy || undefined}
              inputMode={name === 'title' ? undefined : name === 'weight' ? 'decimal' : 'numeric'}
              autoComplete="off"
              {...register(name)}
            />
            {error && (
              <p id={`new-${name}-error`} className="text-sm text-red-700">
                {tErrors(error as 'required')}
              </p>
            )}
          </div>
        );
      })}
      <FormStatus status={status} />
      <button
        type="submit"
        disabled={isSubmitting}
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t('createTask')}
      </button>
    </Form>
  );
}
