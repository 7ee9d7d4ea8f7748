'use client';

// Just over 500 lines: the import's three steps (load, preview, summary) as one screen; the load
// form's own file was tried and reverted with the split above, for a next change.

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type FieldPath, useFieldArray, useForm } from 'react-hook-form';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormStatus } from '@/components/ui/form-status';
import { TextLink } from '@/components/ui/text-link';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import type { ActionResult, ServerAction } from '@/lib/actions/result';
import { type ConfirmImportInput, confirmImportSchema, IMPORT_LIMITS } from '@/lib/cards/import-schema';
import type { ImportPreview, ImportSummary, PreviewCard } from '@/lib/cards/preview/types';
import { incompleteProblems, liveWarnings } from '@/lib/cards/preview/rules';
import { attentionFirst, hasError, isClean, summarizePreview } from '@/lib/cards/preview/summary';
import type { PostOption } from '@/lib/strategy/post-options';
import { focusAfterRemoval } from '@/components/cards/remove-row-button';
import { CardPreview } from './card-preview';
import { useErrorText, useImportMessage } from './use-error-text';
import { Form } from '@/components/ui/form';

type Status = { kind: 'success' | 'error'; text: string } | null;

/**
 * The import screen: (1) paste text or choose a file, (2) check and correct every card in the
 * preview, (3) save them all at once and see what was created and updated.
 */
export function ImportScreen({ confirmImportAction }: { confirmImportAction: ServerAction<ImportSummary> }) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [round, setRound] = useState(0);
  const t = useTranslations('import');
  const messageText = useImportMessage();

  if (summary) {
    return (
      <SummaryView
        summary={summary}
        onAgain={() => {
          setSummary(null);
          setPreview(null);
        }}
      />
    );
  }
  return (
    <div className="space-y-8">
      <LoadForm
        onLoaded={(loaded) => {
          // The cards that need a look come first (the summary says so).
          setPreview({ ...loaded, cards: attentionFirst(loaded.cards) });
          setRound((value) => value + 1);
        }}
      />
      {preview && (
        <section aria-labelledby="import-step-2" className="space-y-4">
          {/* Focus lands here when the last card is skipped. */}
          <h2 id="import-step-2" tabIndex={-1} className="text-xl font-semibold">
            {t('step2')}
          </h2>
          {preview.cards.length + preview.errors.length > 1 && <PreviewOverview preview={preview} />}
          {preview.errors.length > 0 && (
            <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
              <h3 className="font-semibold">{t('parseErrors')}</h3>
              <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
                {preview.errors.map((error, k) => (
                  <li key={k}>
                    {error.line
                      ? t('parseErrorLine', { line: error.line, message: messageText(error.message) })
                      : messageText(error.message)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {preview.cards.length === 0 ? (
            <p>{t('noCards')}</p>
          ) : (
            <PreviewForm
              key={round}
              cards={preview.cards}
              posts={preview.posts}
              onSaved={setSummary}
              confirmImportAction={confirmImportAction}
            />
          )}
        </section>
      )}
    </div>
  );
}

/** A file of many cards at a glance: found, new, changed, unchanged, with warnings, with errors. */
function PreviewOverview({ preview }: { preview: ImportPreview }) {
  const t = useTranslations('import');
  const summary = summarizePreview(preview);
  const rows = [
    ['found', summary.found],
    ['new', summary.new],
    ['changed', summary.changed],
    ['unchanged', summary.unchanged],
    ['withWarnings', summary.withWarnings],
    ['withErrors', summary.withErrors],
  ] as const;
  return (
    <section
      aria-labelledby="import-overview"
      data-testid="import-overview"
      className="space-y-2 rounded-lg border border-slate-300 bg-white p-4"
    >
      <h3 id="import-overview" className="font-semibold">
        {t('overview.heading')}
      </h3>
      <dl className="grid grid-cols-[auto_auto] justify-start gap-x-4 gap-y-1 sm:grid-cols-[auto_auto_auto_auto]">
        {rows.map(([key, count]) => (
          <div key={key} className="contents">
            <dt>{t(`overview.${key}`)}</dt>
            <dd className="font-semibold tabular-nums" data-testid={`import-overview-${key}`}>
              {count}
            </dd>
          </div>
        ))}
      </dl>
      {summary.withWarnings + summary.withErrors > 0 && (
        <p className="text-sm text-slate-700">{t('overview.order')}</p>
      )}
    </section>
  );
}

function LoadForm({ onLoaded }: { onLoaded: (preview: ImportPreview) => void }) {
  const t = useTranslations('import');
  const tAction = useTranslations('actionErrors');
  const [status, setStatus] = useState<Status>(null);
  const [fieldError, setFieldError] = useState<{ field: 'text' | 'file'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const errorText = useErrorText();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The button stays focusable while loading (aria-disabled): a disabled one would drop the focus.
    if (busy) return;
    setStatus(null);
    setFieldError(null);
    const file = fileRef.current?.files?.[0];
    const text = textRef.current?.value ?? '';
    const body = new FormData();
    if (file) {
      // Refused here already, so that 5 MB are not sent for nothing; the server checks again.
      if (file.size > IMPORT_LIMITS.fileBytes) {
        setFieldError({ field: 'file', text: errorText('tooLarge') });
        return;
      }
      body.append('file', file);
    } else {
      if (text.trim() === '') {
        setFieldError({ field: 'text', text: errorText('emptyText') });
        return;
      }
      body.append('text', text);
    }
    setBusy(true);
    try {
      const response = await fetch('/import/upload', { method: 'POST', body });
      const result = (await response.json()) as ActionResult<ImportPreview>;
      if (result.status === 'success') {
        setStatus({ kind: 'success', text: t('loaded', { count: result.data.cards.length }) });
        onLoaded(result.data);
        return;
      }
      const [field, messages] = Object.entries(result.fieldErrors ?? {})[0] ?? [];
      if (result.code === 'invalid' && field && messages?.[0]) {
        const target = field === 'file' ? 'file' : 'text';
        setFieldError({ field: target, text: errorText(messages[0]) });
        setStatus({ kind: 'error', text: errorText(messages[0]) });
        return;
      }
      setStatus({ kind: 'error', text: tAction(result.code) });
    } catch {
      setStatus({ kind: 'error', text: tAction('failed') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-step-1" className="space-y-4">
      <h2 id="import-step-1" className="text-xl font-semibold">
        {t('step1')}
      </h2>
      <Form
        noValidate
        onSubmit={onSubmit}
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <div className="space-y-1">
          <label htmlFor="import-text" className="block font-medium">
            {t('textLabel')}
          </label>
          <p id="import-text-hint" className="text-sm text-slate-700">
            {t('textHint')}
          </p>
          <textarea
            id="import-text"
            ref={textRef}
            rows={10}
            spellCheck={false}
            aria-invalid={fieldError?.field === 'text' ? true : undefined}
            aria-describedby={`import-text-hint${fieldError?.field === 'text' ? ' import-text-error' : ''}`}
            className="w-full rounded border border-slate-500 bg-white px-2 py-1 font-mono text-sm"
          />
          {fieldError?.field === 'text' && (
            <p id="import-text-error" className="text-sm text-red-700">
              {fieldError.text}
            </p>
          )}
        </div>
        <div className="space-y-1">
          <label htmlFor="import-file" className="block font-medium">
            {t('fileLabel')}
          </label>
          <input
            id="import-file"
            ref={fileRef}
            type="file"
            accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-invalid={fieldError?.field === 'file' ? true : undefined}
            aria-describedby={fieldError?.field === 'file' ? 'import-file-error' : undefined}
            className="block max-w-full text-sm"
          />
          {fieldError?.field === 'file' && (
            <p id="import-file-error" className="text-sm text-red-700">
              {fieldError.text}
            </p>
          )}
        </div>
        <button
          type="submit"
          aria-disabled={busy || undefined}
          className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-60"
        >
          {busy ? t('loading') : t('load')}
        </button>
        <FormStatus status={status} />
      </Form>
    </section>
  );
}

function PreviewForm({
  cards,
  posts,
  onSaved,
  confirmImportAction,
}: {
  cards: PreviewCard[];
  posts: PostOption[];
  onSaved: (summary: ImportSummary) => void;
  confirmImportAction: ServerAction<ImportSummary>;
}) {
  const t = useTranslations('import');
  const tAction = useTranslations('actionErrors');
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const [previews, setPreviews] = useState(cards);
  const [refusals, setRefusals] = useState<Record<number, string>>({});
  const {
    control,
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<ConfirmImportInput>({
    resolver: zodResolver(confirmImportSchema),
    defaultValues: { cards: cards.map((preview) => preview.card) },
  });
  const list = useFieldArray({ control, name: 'cards' });
  useUnsavedWarning(true);
  const errorText = useErrorText();
  const messageText = useImportMessage();

  const onSubmit = handleSubmit(
    async (values) => {
      setStatus(null);
      setRefusals({});
      // A card cut short is not sent until what it lacks is filled in (the server checks again).
      const incomplete: Record<number, string> = {};
      values.cards.forEach((card, index) => {
        if (incompleteProblems(card, previews[index]?.missing ?? []).length > 0)
          incomplete[index] = errorText('cardIncomplete');
      });
      if (Object.keys(incomplete).length > 0) {
        setRefusals(incomplete);
        setStatus({ kind: 'error', text: t('incompleteSave') });
        return;
      }
      // The bases let the server refuse to save over a task changed since the preview.
      const result = await confirmImportAction({
        ...values,
        bases: previews.map((preview) => preview.base),
        missing: previews.map((preview) => preview.missing),
      });
      if (result.status === 'success') {
        onSaved(result.data);
        router.refresh();
        return;
      }
      // A conflict names the cards whose task changed since the preview, as refusals do.
      if ((result.code === 'invalid' || result.code === 'conflict') && result.fieldErrors) {
        const cardRefusals: Record<number, string> = {};
        let formError: string | null = null;
        for (const [path, messages] of Object.entries(result.fieldErrors)) {
          const message = messages[0] ?? 'invalid';
          // Which card or year, when the server says more than a key.
          const sentence = result.messages?.[path];
          const text = sentence ? messageText(sentence) : errorText(message);
          const whole = /^cards\.(\d+)$/.exec(path);
          if (whole) cardRefusals[Number(whole[1])] = text;
          else if (path === '_form' || path === 'cards') formError = text;
          else setError(path as FieldPath<ConfirmImportInput>, { message });
        }
        setRefusals(cardRefusals);
        setStatus({ kind: 'error', text: formError ?? tAction(result.code) });
        return;
      }
      setStatus({ kind: 'error', text: tAction(result.code) });
    },
    () => setStatus({ kind: 'error', text: tAction('invalid') }),
  );

  // The clean cards (no warning, nothing lacking, the user's to save) can be saved on their own, as
  // they are now, while the others are being fixed; they then leave the list.
  const [savingClean, setSavingClean] = useState(false);
  const cleanCount = previews.filter(isClean).length;
  const saveClean = async () => {
    if (savingClean) return;
    const values = getValues();
    const indexes = previews.flatMap((preview, index) => {
      const card = values.cards[index];
      const clean =
        card !== undefined &&
        !hasError(preview) &&
        preview.warnings.length === 0 &&
        liveWarnings(card, { executorPost: true }).length === 0;
      return clean ? [index] : [];
    });
    if (indexes.length === 0) return;
    setStatus(null);
    setRefusals({});
    setSavingClean(true);
    try {
      const result = await confirmImportAction({
        cards: indexes.map((index) => values.cards[index]),
        bases: indexes.map((index) => previews[index]?.base ?? null),
        missing: indexes.map(() => []),
      });
      if (result.status === 'success') {
        const saved = new Set(indexes);
        list.remove(indexes);
        setPreviews((current) => current.filter((_, index) => !saved.has(index)));
        setStatus({
          kind: 'success',
          text: t('savedClean', {
            created: result.data.created,
            updated: result.data.updated,
            unchanged: result.data.unchanged,
          }),
        });
        router.refresh();
        return;
      }
      // A card the server refused: named at the card (its index in this list, not in the subset).
      const cardRefusals: Record<number, string> = {};
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) {
        const whole = /^cards\.(\d+)$/.exec(path);
        const at = whole ? indexes[Number(whole[1])] : undefined;
        const sentence = result.messages?.[path];
        if (at !== undefined)
          cardRefusals[at] = sentence ? messageText(sentence) : errorText(messages[0] ?? 'invalid');
      }
      setRefusals(cardRefusals);
      setStatus({ kind: 'error', text: tAction(result.code) });
    } catch {
      setStatus({ kind: 'error', text: tAction('failed') });
    } finally {
      setSavingClean(false);
    }
  };

  return (
    <Form noValidate onSubmit={(event) => void onSubmit(event)} className="space-y-6">
      <p className="text-slate-700">{t('previewIntro')}</p>
      {list.fields.map((row, index) => {
        const preview = previews[index];
        if (!preview) return null;
        return (
          <CardPreview
            key={row.id}
            index={index}
            preview={preview}
            control={control}
            register={register}
            errors={errors}
            refusal={refusals[index] ?? null}
            posts={posts}
            onRemove={() => {
              list.remove(index);
              setPreviews((current) => current.filter((_, k) => k !== index));
              setRefusals({});
              // The next card took this one's place; after the last, the one before; else the heading.
              const next = index < list.fields.length - 1 ? index : index - 1;
              focusAfterRemoval(`card-${next}-remove`, 'import-step-2');
            }}
          />
        );
      })}
      {list.fields.length === 0 ? (
        <p>{t('noCards')}</p>
      ) : (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-xl font-semibold">{t('step3')}</h2>
          <ConfirmButton
            label={t('save')}
            question={t('saveQuestion', { count: list.fields.length })}
            confirmLabel={t('saveConfirm')}
            busy={isSubmitting}
            onConfirm={() => void onSubmit()}
            className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-60"
          />
          {cleanCount > 0 && cleanCount < list.fields.length && (
            <ConfirmButton
              label={t('saveClean', { count: cleanCount })}
              question={t('saveCleanQuestion', { count: cleanCount })}
              confirmLabel={t('saveConfirm')}
              busy={savingClean}
              onConfirm={() => void saveClean()}
              className="ml-3 rounded border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-800 hover:bg-slate-100 aria-disabled:opacity-60"
            />
          )}
          <FormStatus status={status} />
        </div>
      )}
    </Form>
  );
}

function SummaryView({ summary, onAgain }: { summary: ImportSummary; onAgain: () => void }) {
  const t = useTranslations('import');
  const messageText = useImportMessage();
  const heading = useRef<HTMLHeadingElement>(null);
  // The form the user saved from is gone: they continue at the result.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="import-summary" className="space-y-4">
      <h2 id="import-summary" ref={heading} tabIndex={-1} className="text-xl font-semibold">
        {t('summaryHeading')}
      </h2>
      <div role="status" aria-live="polite">
        <p className="rounded border border-green-300 bg-green-50 px-3 py-2 text-green-900">
          {t('summary', { created: summary.created, updated: summary.updated, unchanged: summary.unchanged })}
        </p>
      </div>
      <h3 className="font-semibold">{t('savedTasks')}</h3>
      <ul className="list-disc space-y-1 pl-5">
        {summary.tasks.map((task) => (
          <li key={task.taskId}>
            <TextLink href={`/tasks/${task.taskId}`}>{t('commit.taskLabel', { task: task.task })}</TextLink> —{' '}
            {t(`taskStatus.${task.status}`)}
          </li>
        ))}
      </ul>
      {summary.unassigned.length > 0 && (
        <>
          <h3 className="font-semibold">{t('unassignedHeading')}</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {summary.unassigned.map((message, k) => (
              <li key={k}>{messageText(message)}</li>
            ))}
          </ul>
        </>
      )}
      {summary.notes.length > 0 && (
        <>
          <h3 className="font-semibold">{t('notesHeading')}</h3>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {summary.notes.map((message, k) => (
              <li key={k}>{messageText(message)}</li>
            ))}
          </ul>
        </>
      )}
      <button
        type="button"
        onClick={onAgain}
        className="rounded border border-slate-500 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
      >
        {t('importAnother')}
      </button>
    </section>
  );
}
