'use client';

import { lazyZodResolver } from '@/components/ui/lazy-zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import type { DecisionInput } from '@/lib/reports/schema';
import { Form } from '@/components/ui/form';

type Decision = DecisionInput['action'];

const PRIMARY: Decision[] = ['accept', 'approve'];
/** The decision and the version are hidden: only the comment shows an error. */
const SHOWS = shownPaths(['comment']);
/** The validation code (zod and the schema) loads when the panel is first checked, not with the page. */
const decisionResolver = lazyZodResolver<DecisionInput>(() =>
  import('@/lib/reports/schema').then((module) => module.decisionSchema),
);

/** The reviewer's or approver's buttons, with the comment a return or a withdrawal needs. */
export function DecisionPanel({
  taskId,
  year,
  version,
  actions,
  decideReportAction,
}: {
  taskId: number;
  year: number;
  version: number;
  actions: Decision[];
  decideReportAction: ServerAction<{ version: number }, [taskId: number, year: number, input: unknown]>;
}) {
  const t = useTranslations('decision');
  const tErrors = useTranslations('reportForm.errors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // The panel stays on the page after a decision (approve, then withdraw): each decision carries
  // the version the previous one left, not the one the page was first rendered with.
  const [latestVersion, setSavedVersion] = useLatestVersion(version);
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<DecisionInput>({
    resolver: decisionResolver,
    defaultValues: { action: actions[0] ?? 'accept', version, comment: '' },
  });

  const decide = (action: Decision) => () => {
    setValue('action', action);
    return handleSubmit(
      async (values) => {
        setStatus(null);
        const result = await decideReportAction(taskId, year, { ...values, action, version: latestVersion });
        if (result.status === 'success') {
          setSavedVersion(result.data.version);
          // The comment belonged to this decision (a withdrawal's reason is not the next approval's).
          reset({ action, version: result.data.version, comment: '' });
          setStatus({ kind: 'success', text: t(`done.${action}`) });
          router.refresh();
          return;
        }
        setStatus(formErrors.fromResult(result, SHOWS, setError));
      },
      (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS)),
    )();
  };

  const commentError = errors.comment?.message;
  return (
    <Form noValidate onSubmit={(event) => event.preventDefault()} className="space-y-3">
      <div className="space-y-1">
        <label htmlFor="decision-comment" className="block font-medium">
          {t('comment')}
        </label>
        <p id="decision-comment-help" className="text-sm text-slate-700">
          {t('commentHelp')}
        </p>
        <textarea
          id="decision-comment"
          rows={3}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={
            commentError ? 'decision-comment-error decision-comment-help' : 'decision-comment-help'
          }
          className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
          {...register('comment')}
        />
        {commentError && (
          <p id="decision-comment-error" className="text-sm text-red-700">
            {tErrors(commentError as 'commentRequired')}
          </p>
        )}
      </div>
      <FormStatus status={status} />
      <div className="flex flex-wrap gap-3">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            disabled={isSubmitting}
            onClick={decide(action)}
            className={
              PRIMARY.includes(action)
                ? 'rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60'
                : 'rounded border border-red-700 bg-white px-4 py-2 font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60'
            }
          >
            {t(`action.${action}`)}
          </button>
        ))}
      </div>
    </Form>
  );
}
