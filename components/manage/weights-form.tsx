'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { type WeightsInput, weightsSchema } from '@/lib/cards/card-schema';
import { weightsWarning } from '@/lib/cards/rules';
import { formatNumber } from '@/lib/format';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { DataTable, TableHead } from '@/components/ui/table';
import { Form } from '@/components/ui/form';

/** Only the weights are shown; the version and the tasks' ids are hidden. */
const SHOWS = shownPaths(['weights.\\d+.weight']);

export function WeightsForm({
  programId,
  version,
  tasks,
  saveWeightsAction,
}: {
  programId: number;
  version: number;
  tasks: { id: number; number: number; title: string; weight: number }[];
  saveWeightsAction: ServerAction<{ version: number }, [programId: number, input: unknown]>;
}) {
  const t = useTranslations('editor');
  const locale = useLocale();
  const tErrors = useTranslations('fieldErrors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    reset,
    getValues,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<WeightsInput>({
    resolver: zodResolver(weightsSchema),
    defaultValues: {
      version,
      weights: tasks.map((task) => ({ taskId: task.id, weight: String(task.weight).replace('.', ',') })),
    },
  });
  useUnsavedWarning(isDirty);
  const weights = useWatch({ control, name: 'weights' }) ?? [];
  const sum = weightsWarning(weights.map((row) => row?.weight ?? ''));
  const onSubmit = handleSubmit(
    async (values) => {
      setStatus(null);
      const result = await saveWeightsAction(programId, values);
      if (result.status === 'success') {
        reset({ ...getValues(), version: result.data.version });
        setStatus({ kind: 'success', text: t('weightsSaved') });
        router.refresh();
        return;
      }
      setStatus(formErrors.fromResult(result, SHOWS, setError));
    },
    (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS)),
  );
  return (
    <Form noValidate onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" {...register('version', { valueAsNumber: true })} />
      <DataTable caption={t('weights')}>
        <TableHead columns={[{ label: t('task') }, { label: t('weight'), className: 'w-40' }]} />
        <tbody>
          {tasks.map((task, index) => {
            const error = errors.weights?.[index]?.weight?.message;
            const id = `weight-${task.id}`;
            return (
              <tr key={task.id} className="border-b border-slate-200 align-top">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <label htmlFor={id}>
                    {task.number}. {task.title}
                  </label>
                </th>
                <td className="py-2">
                  <input type="hidden" {...register(`weights.${index}.taskId`, { valueAsNumber: true })} />
                  {/* The row's name alone ("3. …") does not say what the number is: the input's name does. */}
                  <span id={`${id}-name`} hidden>
                    {t('weightOf', { task: `${task.number}. ${task.title}` })}
                  </span>
                  <input
                    id={id}
                    aria-labelledby={`${id}-name`}
                    inputMode="decimal"
                    className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    {...register(`weights.${index}.weight`)}
                  />
                  {error && (
                    <p id={`${id}-error`} className="text-sm text-red-700">
                      {tErrors(error as 'required')}
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      <p
        data-testid="weights-total"
        className={`rounded border px-3 py-2 text-sm ${sum.warn ? 'border-amber-400 bg-amber-50' : 'border-green-300 bg-green-50'}`}
      >
        {t(sum.warn ? 'weightsWarn' : 'weightsOk', { total: formatNumber(sum.total, locale) })}
      </p>
      <FormStatus status={status} />
      <button
        type="submit"
        disabled={isSubmitting}
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {t('saveWeights')}
      </button>
    </Form>
  );
}
