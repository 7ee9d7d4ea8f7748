'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { type PublicationFormInput, publicationFormSchema } from '@/lib/admin/structure-schema';

const SHOWS = shownPaths(['publishedFrom']);

/**
 * The strategy office publishes a strategy: its approved data becomes public from a day on (today
 * by default, so publishing is one tick and one click), with or without the approved narratives.
 * A group named by the strategy's heading, like the structure forms beside it.
 */
export function PublicationForm({
  strategyId,
  strategyName,
  version,
  publishedFrom,
  publishNarratives,
  today,
  labelledBy,
  saveAction,
}: {
  strategyId: number;
  strategyName: string;
  version: number;
  publishedFrom: string | null;
  publishNarratives: boolean;
  today: string;
  labelledBy: string;
  saveAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('structure.publication');
  const tErrors = useTranslations('fieldErrors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const defaults: PublicationFormInput = {
    id: strategyId,
    version,
    published: publishedFrom !== null,
    publishedFrom: publishedFrom ?? today,
    publishNarratives,
  };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<PublicationFormInput>({
    resolver: zodResolver(publicationFormSchema),
    defaultValues: defaults,
  });
  useUnsavedWarning(isDirty);
  // The strategy's own form beside this one saves the same record: send the newest version known.
  const [latest, setLatest] = useLatestVersion(version);
  const dateError = errors.publishedFrom?.message;

  const onSubmit = handleSubmit(
    async (values) => {
      setStatus(null);
      const result = await saveAction({ ...values, version: latest });
      if (result.status === 'success') {
        setLatest(result.data.version);
        reset({ ...values, version: result.data.version });
        setStatus({ kind: 'success', text: values.published ? t('savedPublished') : t('savedUnpublished') });
        router.refresh();
        return;
      }
      setStatus(formErrors.fromResult(result, SHOWS, setError));
    },
    (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS)),
  );

  const id = `publication-${strategyId}`;
  return (
    <Form noValidate onSubmit={onSubmit}>
      <div
        role="group"
        aria-labelledby={labelledBy}
        className="space-y-3 rounded border border-slate-200 p-4"
      >
        <p id={labelledBy} className="font-semibold">
          {t('heading', { name: strategyName })}
        </p>
        <p className="text-sm text-slate-700">{t('intro')}</p>
        <label className="flex items-center gap-2">
          <input id={`${id}-published`} type="checkbox" {...register('published')} />
          {t('published')}
        </label>
        <div className="space-y-1">
          <label htmlFor={`${id}-from`} className="block text-sm font-medium">
            {t('from')}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? `${id}-from-error` : `${id}-from-hint`}
            className="block rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
            {...register('publishedFrom')}
          />
          {dateError ? (
            <p id={`${id}-from-error`} className="text-sm text-red-700">
              {tErrors(dateError as 'required')}
            </p>
          ) : (
            <p id={`${id}-from-hint`} className="text-sm text-slate-600">
              {t('fromHint')}
            </p>
          )}
        </div>
        <label className="flex items-center gap-2">
          <input id={`${id}-narratives`} type="checkbox" {...register('publishNarratives')} />
          {t('narratives')}
        </label>
        <button
          type="submit"
          aria-label={t('saveFor', { name: strategyName })}
          disabled={isSubmitting}
          className="rounded bg-brand-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {t('save')}
        </button>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
