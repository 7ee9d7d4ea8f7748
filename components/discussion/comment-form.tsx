'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '@/components/ui/lazy-zod-resolver';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import { type FormStatusValue, useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ActionResult } from '@/lib/actions/result';
import type { CommentInput } from '@/lib/discussion/schema';

const SHOWS = shownPaths(['body']);

/** The validation code (zod and the server's schema) loads when a comment is first checked, not with the page. */
const resolver = lazyZodResolver<CommentInput>(() =>
  import('@/lib/discussion/schema').then((module) => module.commentSchema),
);

/**
 * One comment's text: a new comment, or the correction of one (then `initial` and `onCancel`).
 * The schema is the server's (lib/discussion/schema.ts).
 */
export function CommentForm({
  id,
  label,
  initial = '',
  submitLabel,
  doneText,
  send,
  onDone,
  onCancel,
}: {
  id: string;
  label: string;
  initial?: string;
  submitLabel: string;
  doneText: string;
  send: (body: string) => Promise<ActionResult<unknown>>;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const t = useTranslations('discussion');
  const tErrors = useTranslations('discussion.errors');
  const formErrors = useFormErrors(tErrors);
  const [status, setStatus] = useState<FormStatusValue>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<CommentInput>({ resolver, defaultValues: { body: initial } });

  // The form opens only on the user's request ("Napisz komentarz", "Edytuj"): its text field
  // takes the focus.
  useEffect(() => setFocus('body'), [setFocus]);

  const submit = handleSubmit(
    async ({ body }) => {
      setStatus(null);
      const result = await send(body);
      if (result.status === 'success') {
        reset({ body: onCancel ? body : '' });
        setStatus({ kind: 'success', text: doneText });
        onDone?.();
        return;
      }
      setStatus(formErrors.fromResult(result, SHOWS, setError));
    },
    (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS)),
  );

  const error = errors.body?.message;
  return (
    <Form noValidate onSubmit={(event) => void submit(event)} className="space-y-2">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {!onCancel && (
        <p id={`${id}-help`} className="text-sm text-slate-700">
          {t('commentHelp')}
        </p>
      )}
      <textarea
        id={id}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [error ? `${id}-error` : '', onCancel ? '' : `${id}-help`].filter(Boolean).join(' ') || undefined
        }
        className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
        {...register('body')}
      />
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {tErrors.has(error as 'required') ? tErrors(error as 'required') : tErrors('invalid')}
        </p>
      )}
      <FormStatus status={status} />
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          disabled={isSubmitting}
          className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {submitLabel}
        </button>
        {onCancel && (
          <button
            type="button"
            onClick={onCancel}
            className="rounded border border-slate-500 bg-white px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50"
          >
            {t('cancel')}
          </button>
        )}
      </div>
    </Form>
  );
}
