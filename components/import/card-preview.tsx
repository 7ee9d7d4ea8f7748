'use client';

import { useTranslations } from 'next-intl';
import { type Control, type FieldErrors, type UseFormRegister, useWatch } from 'react-hook-form';
import type { ConfirmImportInput } from '@/lib/cards/import-schema';
import { incompleteProblems, liveWarnings } from '@/lib/cards/preview/rules';
import type { PreviewCard, PreviewWarning } from '@/lib/cards/preview/types';
import { toRoman } from '@/lib/numbers';
import type { PostOption } from '@/lib/strategy/post-options';
import { BudgetFields } from './preview/budget';
import { ExecutorFields } from './preview/executor';
import { smallButton, usePreviewFields } from './preview/fields';
import { HeaderFields, TextFields } from './preview/header';
import { IndicatorsList } from './preview/indicators';
import { PartnersTable } from './preview/partners';
import { StagesGrid } from './preview/stages';
import { useErrorText, useImportMessage } from './use-error-text';

/*
 * One card of the import preview: every field of the card as it will be saved, editable, one
 * component per section of the card (./preview/). The parser's warnings sit next to the field they
 * concern (amber border, the text linked by aria-describedby) and are listed at the top of the card.
 */

export function CardPreview({
  index,
  preview,
  control,
  register,
  errors,
  refusal,
  onRemove,
  posts,
}: {
  index: number;
  preview: PreviewCard;
  /** The posts the executor can be chosen from. */
  posts: PostOption[];
  control: Control<ConfirmImportInput>;
  register: UseFormRegister<ConfirmImportInput>;
  errors: FieldErrors<ConfirmImportInput>;
  /** A refusal from the server's confirm (as a sentence), when it differs from the preview's. */
  refusal: string | null;
  /** Skips the card; the form moves focus (the button goes with the card). */
  onRemove: () => void;
}) {
  const t = useTranslations('import');
  const base = `cards.${index}` as const;
  const card = preview.card;
  // The card as the user has edited it: the warnings that depend on editable fields, and what a
  // card cut short still lacks, follow every change (the same rules as the save).
  const current = useWatch({ control, name: base }) ?? card;
  const warnings: PreviewWarning[] = [
    ...preview.warnings,
    ...liveWarnings(current, { executorPost: true }).map((warning) => ({
      path: warning.field,
      field: warning.field,
      message: warning.message,
    })),
  ];
  const problems = incompleteProblems(current, preview.missing);
  const fields = usePreviewFields({ index, years: card.years, control, register, errors, warnings });
  const { prefix, headingId } = fields;
  const errorText = useErrorText();
  const messageText = useImportMessage();

  const shownRefusal = refusal ?? (preview.refusal ? errorText(preview.refusal) : null);
  const cardError = fields.errorOf('task.number');

  return (
    <section
      aria-labelledby={headingId}
      className="space-y-6 rounded-lg border border-slate-300 bg-white p-5 shadow-sm"
      data-testid={`import-card-${index}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h3 id={headingId} className="text-lg font-semibold">
          {t('cardHeading', {
            goal: toRoman(card.goal.number),
            program: card.program.number,
            task: card.task.number,
            title: card.task.title,
          })}
        </h3>
        <button type="button" id={`${prefix}-remove`} className={smallButton} onClick={onRemove}>
          {t('removeCard')}
        </button>
      </div>
      <p className="text-sm text-slate-700">{t('cardLine', { line: preview.line })}</p>

      {shownRefusal && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {shownRefusal}
        </p>
      )}
      {cardError && (
        <p className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">{cardError}</p>
      )}

      {preview.existingTaskId === null ? (
        <p className="text-sm">{t('newCard')}</p>
      ) : (
        <div className="space-y-2 rounded border border-brand-100 bg-brand-50 p-3">
          <p className="text-sm font-medium">
            {preview.changes.length > 0 ? t('existingCard') : t('existingUnchanged')}
          </p>
          {preview.changes.length > 0 && (
            <>
              <h4 className="font-semibold">{t('changesHeading')}</h4>
              <ul className="list-disc space-y-1 pl-5 text-sm">
                {preview.changes.map((change, k) => (
                  <li key={k}>
                    {t('change', {
                      what: t(`changes.${change.key}`, change.params),
                      before: change.before || t('empty'),
                      after: change.after || t('empty'),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {preview.cutError && (
        <div
          className="rounded border-2 border-red-700 bg-red-50 p-3 text-red-900"
          data-testid={`${prefix}-incomplete`}
        >
          <h4 className="font-semibold">{t('incompleteHeading')}</h4>
          <p className="mt-1 text-sm">{messageText(preview.cutError.message)}</p>
          {problems.length > 0 && (
            <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
              {problems.map((problem, k) => (
                <li key={k}>{messageText(problem.message)}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      {warnings.length > 0 && (
        <div className="rounded border-2 border-amber-600 bg-amber-50 p-3" data-testid={`${prefix}-warnings`}>
          <h4 className="font-semibold">{t('warningsHeading', { count: warnings.length })}</h4>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
            {warnings.map((warning, k) => (
              <li key={k}>{messageText(warning.message)}</li>
            ))}
          </ul>
        </div>
      )}

      <HeaderFields fields={fields} />
      <TextFields fields={fields} />
      <StagesGrid fields={fields} />
      <ExecutorFields fields={fields} posts={posts} />
      <PartnersTable fields={fields} />
      <IndicatorsList fields={fields} />
      <BudgetFields fields={fields} />
    </section>
  );
}
