'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import type { ServerAction } from '@/lib/actions/result';
import { Form } from '@/components/ui/form';

/** The select has no error line of its own: the action's errors go to the status line. */
const SHOWS = () => false;

/** Assigns the task to an executor's post (a department and its responsible person). */
export function ExecutorForm({
  taskId,
  current,
  options,
  assignExecutorAction,
}: {
  taskId: number;
  current: number | null;
  options: { id: number; label: string }[];
  assignExecutorAction: ServerAction<unknown, [taskId: number, input: unknown]>;
}) {
  const t = useTranslations('editor');
  const tErrors = useTranslations('fieldErrors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<{ postId: string }>({
    defaultValues: { postId: current ? String(current) : '' },
  });
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await assignExecutorAction(taskId, {
      postId: values.postId ? Number(values.postId) : null,
      currentPostId: current,
    });
    if (result.status === 'success') {
      setStatus({ kind: 'success', text: t('executorSaved') });
      router.refresh();
    } else {
      setStatus(formErrors.fromResult(result, SHOWS, setError));
    }
  });
  return (
    <Form noValidate onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
      <div className="min-w-[min(18rem,100%)] flex-1 space-y-1">
        <label htmlFor="executor-post" className="block font-medium">
          {t('executorPost')}
        </label>
        <select
          id="executor-post"
          className="block w-full rounded border border-slate-500 bg-white px-2 py-1"
          {...register('postId')}
        >
          <option value="">{t('noExecutor')}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        disabled={formState.isSubmitting}
        className="rounded bg-brand-700 px-4 py-1.5 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t('assign')}
      </button>
      <div className="basis-full">
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
