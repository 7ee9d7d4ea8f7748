'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { type FieldValues, type Resolver, useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { goalFormSchema, programFormSchema, strategyFormSchema } from '@/lib/admin/structure-schema';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { RequiredMark } from '@/components/ui/required-mark';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { Form } from '@/components/ui/form';

type Kind = 'strategy' | 'goal' | 'program';
type FieldName =
  | 'name'
  | 'cityName'
  | 'startYear'
  | 'endYear'
  | 'number'
  | 'title'
  | 'ownerPostId'
  | 'coordinatorPostId'
  | 'archived';

const FIELDS: Record<Kind, FieldName[]> = {
  strategy: ['name', 'cityName', 'startYear', 'endYear'],
  goal: ['number', 'title', 'ownerPostId', 'archived'],
  program: ['number', 'title', 'coordinatorPostId', 'archived'],
};
const SCHEMAS = { strategy: strategyFormSchema, goal: goalFormSchema, program: programFormSchema };
const WIDE: FieldName[] = ['name', 'title'];
/** What the schemas refuse to leave empty (years and numbers are whole numbers, so never empty). */
const REQUIRED: FieldName[] = ['name', 'cityName', 'startYear', 'endYear', 'number', 'title'];

/** The fields a form shows errors at (the checkbox cannot be wrong; ids and the version are hidden). */
const SHOWS = {
  strategy: shownPaths(FIELDS.strategy),
  goal: shownPaths(FIELDS.goal.filter((field) => field !== 'archived')),
  program: shownPaths(FIELDS.program.filter((field) => field !== 'archived')),
};

/**
 * One form for a strategy, a goal or a program: create (id null) or edit, with the same schema as
 * the server. The page shows many of them with the same fields: each is a group named by the
 * element `labelledBy` (the goal's heading …), and its button says what it saves (`submitName`).
 * The page hands in the server action that saves this kind (`saveAction`).
 */
export function StructureForm({
  kind,
  defaults,
  postOptions,
  idPrefix,
  labelledBy,
  submitName,
  saveAction,
}: {
  kind: Kind;
  defaults: Record<string, unknown>;
  postOptions: { id: number; label: string }[];
  idPrefix: string;
  labelledBy: string;
  submitName: string;
  saveAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('structure');
  const tErrors = useTranslations('fieldErrors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const isNew = defaults.id === null;
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<FieldValues>({
    resolver: zodResolver(SCHEMAS[kind]) as unknown as Resolver<FieldValues>,
    defaultValues: defaults,
  });
  useUnsavedWarning(isDirty);
  // A strategy's publication form saves the same record (and raises its version): the version sent
  // is the newest of the page's and this form's own last save.
  const [version, setVersion] = useLatestVersion(Number(defaults.version ?? 1));

  const onSubmit = handleSubmit(
    async (values) => {
      setStatus(null);
      const result = await saveAction(
        isNew ? values : { ...values, version: Math.max(values.version, version) },
      );
      if (result.status === 'success') {
        setStatus({ kind: 'success', text: t('saved') });
        // An edited item's form stays on the page: it holds the version this save left, so that the
        // next save from it is not taken for someone else's change.
        if (isNew) reset(defaults);
        else {
          setVersion(result.data.version);
          reset({ ...values, version: result.data.version });
        }
        router.refresh();
        return;
      }
      setStatus(formErrors.fromResult(result, SHOWS[kind], setError));
    },
    (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS[kind])),
  );

  return (
    <Form noValidate onSubmit={onSubmit}>
      <div role="group" aria-labelledby={labelledBy} className="flex flex-wrap items-start gap-3">
        {FIELDS[kind].map((field) => {
          const id = `${idPrefix}-${field}`;
          const error = errors[field]?.message as string | undefined;
          const aria = {
            'aria-invalid': error ? true : undefined,
            'aria-describedby': error ? `${id}-error` : undefined,
          };
          if (field === 'archived') {
            return (
              <label key={field} className="mt-7 inline-flex items-center gap-2 text-sm">
                <input id={id} type="checkbox" {...register(field)} />
                {t('fields.archived')}
              </label>
            );
          }
          return (
            <div
              key={field}
              className={`space-y-1 ${WIDE.includes(field) ? 'min-w-[min(16rem,100%)] flex-1' : field.endsWith('PostId') ? 'min-w-[min(14rem,100%)] flex-1' : 'w-28'}`}
            >
              <label htmlFor={id} className="block text-sm font-medium">
                {t(`fields.${field}`)}
                {REQUIRED.includes(field) && <RequiredMark />}
              </label>
              {field.endsWith('PostId') ? (
                <select
                  id={id}
                  className="block w-full rounded border border-slate-500 bg-white px-2 py-1"
                  {...aria}
                  {...register(field, {
                    setValueAs: (value: string | number | null) =>
                      value === '' || value === null ? null : Number(value),
                  })}
                >
                  <option value="">{t('noPost')}</option>
                  {postOptions.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  aria-required={REQUIRED.includes(field) || undefined}
                  className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
                  {...aria}
                  {...register(field)}
                />
              )}
              {error && (
                <p id={`${id}-error`} className="text-sm text-red-700">
                  {tErrors(error as 'required')}
                </p>
              )}
            </div>
          );
        })}
        <button
          type="submit"
          aria-label={submitName}
          disabled={isSubmitting}
          className="mt-6 rounded bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {isNew ? t(`add.${kind}`) : t('save')}
        </button>
        <div className="basis-full">
          <FormStatus status={status} />
        </div>
      </div>
    </Form>
  );
}
