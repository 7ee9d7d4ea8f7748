'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { type ComponentProps, Suspense, lazy, useEffect, useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useHydrated } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import type { FormStatusValue } from '@/components/ui/use-form-errors';
import type { ServerAction } from '@/lib/actions/result';
import type { CommentView } from '@/lib/discussion/comments';

/** Shown for the moment the form's code takes to arrive. */
function FormLoading() {
  const t = useTranslations('discussion');
  return (
    <p role="status" className="text-sm text-slate-700">
      {t('loadingForm')}
    </p>
  );
}

/**
 * The form (react-hook-form, and zod on its first check) loads when someone starts writing or
 * correcting, not with the page: a task card or a report is mostly read (issue 28).
 */
const LazyCommentForm = lazy(() =>
  import('./comment-form').then((module) => ({ default: module.CommentForm })),
);

function CommentForm(props: ComponentProps<typeof LazyCommentForm>) {
  return (
    <Suspense fallback={<FormLoading />}>
      <LazyCommentForm {...props} />
    </Suspense>
  );
}

type ReportAction<Data = unknown> = ServerAction<Data, [taskId: number, year: number | null, input: unknown]>;

/**
 * A task card's or a report's thread, newest last: who wrote, when, the text (or "comment removed"); the author's
 * own comment can be corrected within its window and removed; a new one goes at the end. Seeing the
 * thread marks it read (the inbox's "new comments"). The page hands in the server actions.
 */
export function CommentThread({
  taskId,
  year,
  comments,
  canDiscuss,
  approved,
  addCommentAction,
  editCommentAction,
  removeCommentAction,
  markReadAction,
}: {
  taskId: number;
  /** Null: the task card's own thread. */
  year: number | null;
  comments: CommentView[];
  canDiscuss: boolean;
  approved: boolean;
  addCommentAction: ReportAction;
  editCommentAction: ReportAction;
  removeCommentAction: ReportAction;
  markReadAction: ReportAction;
}) {
  const t = useTranslations('discussion');
  const tErrors = useTranslations('actionErrors');
  const format = useFormatter();
  const router = useRouter();
  const hydrated = useHydrated();
  const [editing, setEditing] = useState<number | null>(null);
  const [writing, setWriting] = useState(false);
  const [status, setStatus] = useState<FormStatusValue>(null);
  const [busy, setBusy] = useState(false);
  const newest = comments.at(-1)?.id ?? 0;

  useEffect(() => {
    if (newest > 0) void markReadAction(taskId, year, { commentId: newest });
  }, [markReadAction, taskId, year, newest]);

  const when = (date: Date) => format.dateTime(new Date(date), { dateStyle: 'medium', timeStyle: 'short' });

  const remove = async (commentId: number) => {
    setBusy(true);
    setStatus(null);
    try {
      const result = await removeCommentAction(taskId, year, { commentId });
      if (result.status === 'success') {
        setStatus({ kind: 'success', text: t('removedDone') });
        router.refresh();
      } else setStatus({ kind: 'error', text: tErrors(result.code) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      {approved && <p className="text-sm text-slate-700">{t('approvedNote')}</p>}
      {comments.length === 0 ? (
        <p>{t(year === null ? 'noCommentsTask' : 'noComments')}</p>
      ) : (
        <ol className="space-y-3" data-testid="comment-thread">
          {comments.map((comment) => (
            <li
              key={comment.id}
              id={`comment-${comment.id}`}
              tabIndex={-1}
              className="border-l-4 border-slate-300 pl-3"
            >
              <p>
                <span className="font-medium">{comment.author}</span>
                {comment.authorPost && <span className="text-slate-700">, {comment.authorPost}</span>} ·{' '}
                <time dateTime={new Date(comment.createdAt).toISOString()} className="text-slate-700">
                  {when(comment.createdAt)}
                </time>
                {comment.editedAt && !comment.removed && (
                  <span className="text-sm text-slate-700">
                    {' '}
                    ({t('edited', { date: when(comment.editedAt) })})
                  </span>
                )}
              </p>
              {comment.removed ? (
                <p className="italic text-slate-700">{t('removed')}</p>
              ) : editing === comment.id ? (
                <CommentForm
                  id={`comment-edit-${comment.id}`}
                  label={t('editLabel', { date: when(comment.createdAt) })}
                  initial={comment.body ?? ''}
                  submitLabel={t('save')}
                  doneText={t('saved')}
                  send={(body) => editCommentAction(taskId, year, { commentId: comment.id, body })}
                  onDone={() => {
                    setEditing(null);
                    router.refresh();
                    document.getElementById(`comment-${comment.id}`)?.focus();
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <p className="whitespace-pre-line">{comment.body}</p>
              )}
              {editing !== comment.id && (comment.canEdit || comment.canRemove) && (
                <div className="mt-1 flex flex-wrap gap-3">
                  {comment.canEdit && (
                    <button
                      type="button"
                      onClick={() => setEditing(comment.id)}
                      aria-label={t('editName', { date: when(comment.createdAt) })}
                      className="text-sm font-semibold text-brand-700 underline hover:text-brand-800"
                    >
                      {t('edit')}
                    </button>
                  )}
                  {comment.canRemove && (
                    <ConfirmButton
                      label={t('remove')}
                      name={t('removeName', { date: when(comment.createdAt) })}
                      question={t('removeQuestion')}
                      confirmLabel={t('remove')}
                      busy={busy}
                      onConfirm={() => void remove(comment.id)}
                      focusAfter={() => document.getElementById(`comment-${comment.id}`)}
                      className="text-sm font-semibold text-red-800 underline hover:text-red-900"
                    />
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <FormStatus status={status} />
      {canDiscuss && writing ? (
        <CommentForm
          id="new-comment"
          label={t('newComment')}
          submitLabel={t('post')}
          doneText={t('posted')}
          send={(body) => addCommentAction(taskId, year, { body })}
          onDone={() => router.refresh()}
        />
      ) : canDiscuss ? (
        // Disabled until the page is live, so that an early click is not silently lost.
        <button
          type="button"
          disabled={!hydrated}
          onClick={() => setWriting(true)}
          className="rounded border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
        >
          {t('write')}
        </button>
      ) : (
        <p className="text-sm text-slate-700">{t('readOnly')}</p>
      )}
    </div>
  );
}
