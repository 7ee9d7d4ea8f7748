'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { createTaskAction } from '@/app/(app)/programs/[id]/actions';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import { type NewTaskInput, newTaskSchema } from '@/lib/cards/card-schema';
import { RequiredMark } from '@/components/ui/required-mark';

const SHOWS = shownPaths(['number', 'title']);

export function NewTaskForm({ programId, nextNumber }: { programId: number; nextNumber: number }) {
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
    defaultValues: { number: String(nextNumber), title: '' },
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
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {(['number', 'title'] as const).map((name) => {
        const error = errors[name]?.message;
        return (
          <div key={name} className="space-y-1">
            <label htmlFor={`new-${name}`} className="block font-medium">
              {t(name)}
              <RequiredMark />
            </label>
            <input
              id={`new-${name}`}
              aria-required
              className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `new-${name}-error` : undefined}
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
    </form>
  );
}
