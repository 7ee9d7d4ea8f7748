'use client';

// Over 500 lines (the preview of one card, every section of it): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.

import { useTranslations } from 'next-intl';
import { type ReactNode } from 'react';
import {
  type Control,
  type FieldErrors,
  get,
  type UseFormRegister,
  type UseFormRegisterReturn,
  useFieldArray,
  useWatch,
} from 'react-hook-form';
import type { ConfirmImportInput } from '@/lib/cards/import-schema';
import type { PreviewCard, PreviewWarning } from '@/lib/cards/preview/types';
import { incompleteProblems, liveWarnings } from '@/lib/cards/preview/rules';
import type { PostOption } from '@/lib/strategy/manage';
import { parseDecimal, toRoman } from '@/lib/numbers';
import { useErrorText, useImportMessage } from './use-error-text';
import { DataTable, TableHead } from '@/components/ui/table';

/*
 * One card of the import preview: every field of the card as it will be saved, editable. The
 * parser's warnings sit next to the field they concern (amber border, the text linked by
 * aria-describedby) and are listed at the top of the card.
 */

const inputClass = 'w-full rounded border bg-white px-2 py-1';
const plainBorder = 'border-slate-500';
const warnBorder = 'border-2 border-amber-600 bg-amber-50';
const smallButton =
  'rounded border border-slate-500 bg-white px-2 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-50';

/** Paths of whole sections: their warnings are shown at the section, not on every input of it. */
const SECTION_PATHS = new Set(['stages', 'partners', 'indicators', 'funding', 'years', 'sections']);

/** A typed cell ("12,5", "", "abc") as the schema's number | null; NaN fails as "not a number". */
function pointsValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return null;
  const text = String(value);
  if (text.trim() === '') return null;
  return parseDecimal(text) ?? Number.NaN;
}

/**
 * After a row is removed its button is gone: focus goes to the button of the row that took its
 * place, else to the section's add button, never back to the page.
 */
export function focusAfterRemoval(nextId: string, fallbackId: string) {
  // After React has rendered the removal (the click's update is flushed by then).
  requestAnimationFrame(() =>
    (document.getElementById(nextId) ?? document.getElementById(fallbackId))?.focus(),
  );
}

/** The post select's value ("" is none) as the schema's id | null. */
function postIdOrNull(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').trim();
  return text === '' ? null : Number(text);
}

function integerOrNull(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').trim();
  if (text === '') return null;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

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
  const prefix = `card-${index}`;
  const card = preview.card;
  const years = card.years;
  const stages = useFieldArray({ control, name: `${base}.stages` });
  const partners = useFieldArray({ control, name: `${base}.partners` });
  const indicators = useFieldArray({ control, name: `${base}.indicators` });
  const funding = useFieldArray({ control, name: `${base}.funding` });
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

  const warningId = (warning: PreviewWarning) => `${prefix}-warning-${warnings.indexOf(warning)}`;
  /** The warnings that concern a field: its own, and those of the row or group it belongs to. */
  const warningsOf = (path: string) =>
    warnings.filter(
      (warning) =>
        warning.field === path || (!SECTION_PATHS.has(warning.field) && path.startsWith(`${warning.field}.`)),
    );
  const errorText = useErrorText();
  const messageText = useImportMessage();
  const errorOf = (path: string): string | undefined => {
    const error = get(errors, `${base}.${path}`) as { message?: string } | undefined;
    return error?.message ? errorText(error.message) : undefined;
  };

  /** Props that connect an input with its error and warnings. */
  const describe = (path: string) => {
    const id = `${prefix}-${path.replace(/\./g, '-')}`;
    const error = errorOf(path);
    const warned = warningsOf(path);
    const describedBy = [...(error ? [`${id}-error`] : []), ...warned.map(warningId)].join(' ');
    return {
      id,
      error,
      className: `${inputClass} ${warned.length > 0 ? warnBorder : plainBorder}`,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy || undefined,
    } as const;
  };

  /** The warnings whose place is exactly here. */
  const warningsAt = (path: string): ReactNode => {
    const here = warnings.filter((warning) => warning.field === path);
    if (here.length === 0) return null;
    return (
      <>
        {here.map((warning) => (
          <p key={warningId(warning)} id={warningId(warning)} className="mt-1 text-sm text-amber-900">
            <span aria-hidden="true">⚠ </span>
            {t('warning', { message: messageText(warning.message) })}
          </p>
        ))}
      </>
    );
  };

  const errorLine = (id: string, text?: string): ReactNode =>
    text ? (
      <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
        {text}
      </p>
    ) : null;

  const field = (
    path: string,
    label: string,
    registration: UseFormRegisterReturn,
    options: { multiline?: boolean; type?: string; className?: string } = {},
  ): ReactNode => {
    const props = describe(path);
    return (
      <div className={`space-y-1 ${options.className ?? ''}`}>
        <label htmlFor={props.id} className="block text-sm font-medium">
          {label}
        </label>
        {options.multiline ? (
          <textarea
            rows={3}
            {...registration}
            id={props.id}
            className={props.className}
            aria-invalid={props['aria-invalid']}
            aria-describedby={props['aria-describedby']}
          />
        ) : (
          <input
            type={options.type ?? 'text'}
            {...registration}
            id={props.id}
            className={props.className}
            aria-invalid={props['aria-invalid']}
            aria-describedby={props['aria-describedby']}
          />
        )}
        {errorLine(props.id, props.error)}
        {warningsAt(path)}
      </div>
    );
  };

  const headingId = `${prefix}-heading`;
  const shownRefusal = refusal ?? (preview.refusal ? errorText(preview.refusal) : null);
  const cardError = errorOf('task.number');

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

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">{t('sections.header')}</legend>
        {field('strategyName', t('fields.strategyName'), register(`${base}.strategyName`), {
          className: 'sm:col-span-2',
        })}
        {field(
          'goal.number',
          t('fields.goalNumber'),
          register(`${base}.goal.number`, { valueAsNumber: true }),
          {
            type: 'number',
          },
        )}
        {field('goal.title', t('fields.goalTitle'), register(`${base}.goal.title`))}
        {field('goal.owner', t('fields.goalOwner'), register(`${base}.goal.owner`), {
          className: 'sm:col-span-2',
        })}
        {field(
          'program.number',
          t('fields.programNumber'),
          register(`${base}.program.number`, { valueAsNumber: true }),
          { type: 'number' },
        )}
        {field('program.title', t('fields.programTitle'), register(`${base}.program.title`))}
        {field(
          'program.coordinator',
          t('fields.programCoordinator'),
          register(`${base}.program.coordinator`),
          {
            className: 'sm:col-span-2',
          },
        )}
        {field(
          'task.number',
          t('fields.taskNumber'),
          register(`${base}.task.number`, { valueAsNumber: true }),
          {
            type: 'number',
          },
        )}
        {field('task.title', t('fields.taskTitle'), register(`${base}.task.title`))}
      </fieldset>

      <fieldset className="space-y-4">
        <legend className="mb-2 text-base font-semibold">{t('sections.texts')}</legend>
        {field('task.addressees', t('fields.addressees'), register(`${base}.task.addressees`), {
          multiline: true,
        })}
        {field('task.justification', t('fields.justification'), register(`${base}.task.justification`), {
          multiline: true,
        })}
        {field('task.description', t('fields.description'), register(`${base}.task.description`), {
          multiline: true,
        })}
      </fieldset>

      <section aria-labelledby={`${prefix}-stages ${headingId}`} className="space-y-2">
        <h4 id={`${prefix}-stages`} className="text-base font-semibold">
          {t('sections.stages')}
        </h4>
        <p className="text-sm text-slate-700">{t('cellHint')}</p>
        {warningsAt('stages')}
        {warningsAt('years')}
        <DataTable caption={t('sections.stages')}>
          <TableHead
            columns={[
              { label: t('stageNumberHeader'), className: 'w-16' },
              { label: t('stageNameHeader'), className: 'min-w-48' },
              ...years.map((year) => ({
                label: (
                  <>
                    {year}
                    <span className="block text-xs font-normal text-slate-700">{t('cellColumns')}</span>
                  </>
                ),
                align: 'center' as const,
              })),
              { label: t('rowActions') },
            ]}
          />
          <tbody>
            {stages.fields.map((row, stageIndex) => {
              const number = describe(`stages.${stageIndex}.number`);
              const name = describe(`stages.${stageIndex}.name`);
              return (
                <tr key={row.id} className="border-b border-slate-200 align-top">
                  <td className="py-1 pr-2">
                    <label htmlFor={number.id} className="sr-only">
                      {t('stageNumber', { stage: stageIndex + 1 })}
                    </label>
                    <input
                      inputMode="numeric"
                      {...register(`${base}.stages.${stageIndex}.number`, { setValueAs: integerOrNull })}
                      id={number.id}
                      className={number.className}
                      aria-invalid={number['aria-invalid']}
                      aria-describedby={number['aria-describedby']}
                    />
                    {errorLine(number.id, number.error)}
                  </td>
                  <th scope="row" className="py-1 pr-2 text-left font-normal">
                    <label htmlFor={name.id} className="sr-only">
                      {t('stageName', { stage: stageIndex + 1 })}
                    </label>
                    <input
                      {...register(`${base}.stages.${stageIndex}.name`)}
                      id={name.id}
                      className={name.className}
                      aria-invalid={name['aria-invalid']}
                      aria-describedby={name['aria-describedby']}
                    />
                    {errorLine(name.id, name.error)}
                    {warningsAt(`stages.${stageIndex}.name`)}
                    {warningsAt(`stages.${stageIndex}`)}
                  </th>
                  {years.map((year, yearIndex) => {
                    const cellPath = `stages.${stageIndex}.cells.${yearIndex}`;
                    const actual = describe(`${cellPath}.actual`);
                    const planned = describe(`${cellPath}.planned`);
                    return (
                      <td key={year} className="py-1 pr-2">
                        <div className="flex items-center gap-1">
                          <label htmlFor={actual.id} className="sr-only">
                            {t('cellActual', { stage: stageIndex + 1, year })}
                          </label>
                          <input
                            inputMode="decimal"
                            {...register(`${base}.stages.${stageIndex}.cells.${yearIndex}.actual`, {
                              setValueAs: pointsValue,
                            })}
                            id={actual.id}
                            className={`${actual.className} w-16 text-center`}
                            aria-invalid={actual['aria-invalid']}
                            aria-describedby={actual['aria-describedby']}
                          />
                          <span aria-hidden="true">/</span>
                          <label htmlFor={planned.id} className="sr-only">
                            {t('cellPlanned', { stage: stageIndex + 1, year })}
                          </label>
                          <input
                            inputMode="decimal"
                            {...register(`${base}.stages.${stageIndex}.cells.${yearIndex}.planned`, {
                              setValueAs: pointsValue,
                            })}
                            id={planned.id}
                            className={`${planned.className} w-16 text-center`}
                            aria-invalid={planned['aria-invalid']}
                            aria-describedby={planned['aria-describedby']}
                          />
                        </div>
                        {errorLine(actual.id, actual.error)}
                        {errorLine(planned.id, planned.error)}
                        {warningsAt(cellPath)}
                      </td>
                    );
                  })}
                  <td className="py-1">
                    <button
                      type="button"
                      id={`${prefix}-stages-${stageIndex}-remove`}
                      className={smallButton}
                      onClick={() => {
                        stages.remove(stageIndex);
                        focusAfterRemoval(`${prefix}-stages-${stageIndex}-remove`, `${prefix}-stages-add`);
                      }}
                    >
                      {t('removeStage', { stage: stageIndex + 1 })}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
        <button
          type="button"
          id={`${prefix}-stages-add`}
          className={smallButton}
          onClick={() =>
            stages.append({
              number: stages.fields.length + 1,
              name: '',
              cells: years.map(() => ({ actual: null, planned: null })),
            })
          }
        >
          {t('addStage')}
        </button>
      </section>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">{t('sections.executor')}</legend>
        {field(
          'task.executor.department',
          t('fields.executorDepartment'),
          register(`${base}.task.executor.department`),
        )}
        {field(
          'task.executor.function',
          t('fields.executorFunction'),
          register(`${base}.task.executor.function`),
        )}
        <div className="sm:col-span-2">{warningsAt('task.executor')}</div>
        {(() => {
          const post = describe('task.executorPostId');
          return (
            <div className="space-y-1 sm:col-span-2">
              <label htmlFor={post.id} className="block text-sm font-medium">
                {t('executorPost')}
              </label>
              <select
                {...register(`${base}.task.executorPostId`, { setValueAs: postIdOrNull })}
                id={post.id}
                className={post.className}
                aria-invalid={post['aria-invalid']}
                aria-describedby={post['aria-describedby']}
              >
                <option value="">{t('noPost')}</option>
                {posts.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </select>
              {errorLine(post.id, post.error)}
              {warningsAt('task.executorPostId')}
            </div>
          );
        })()}
      </fieldset>

      <section aria-labelledby={`${prefix}-partners ${headingId}`} className="space-y-2">
        <h4 id={`${prefix}-partners`} className="text-base font-semibold">
          {t('sections.partners')}
        </h4>
        {warningsAt('partners')}
        {partners.fields.length === 0 ? (
          <p className="text-sm">{t('none')}</p>
        ) : (
          <DataTable caption={t('sections.partners')}>
            <TableHead
              columns={[
                { label: t('rowNumber'), className: 'w-10' },
                { label: t('partnerNameHeader') },
                { label: t('partnerScopeHeader') },
                { label: t('rowActions') },
              ]}
            />
            <tbody>
              {partners.fields.map((row, partnerIndex) => {
                const name = describe(`partners.${partnerIndex}.name`);
                const scope = describe(`partners.${partnerIndex}.scope`);
                return (
                  <tr key={row.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-1 pr-2 text-left font-normal">
                      {partnerIndex + 1}
                    </th>
                    <td className="py-1 pr-2">
                      <label htmlFor={name.id} className="sr-only">
                        {t('partnerName', { n: partnerIndex + 1 })}
                      </label>
                      <input
                        {...register(`${base}.partners.${partnerIndex}.name`)}
                        id={name.id}
                        className={name.className}
                        aria-invalid={name['aria-invalid']}
                        aria-describedby={name['aria-describedby']}
                      />
                      {errorLine(name.id, name.error)}
                      {warningsAt(`partners.${partnerIndex}.name`)}
                      {warningsAt(`partners.${partnerIndex}`)}
                    </td>
                    <td className="py-1 pr-2">
                      <label htmlFor={scope.id} className="sr-only">
                        {t('partnerScope', { n: partnerIndex + 1 })}
                      </label>
                      <input
                        {...register(`${base}.partners.${partnerIndex}.scope`)}
                        id={scope.id}
                        className={scope.className}
                        aria-invalid={scope['aria-invalid']}
                        aria-describedby={scope['aria-describedby']}
                      />
                      {errorLine(scope.id, scope.error)}
                      {warningsAt(`partners.${partnerIndex}.scope`)}
                    </td>
                    <td className="py-1">
                      <button
                        type="button"
                        id={`${prefix}-partners-${partnerIndex}-remove`}
                        className={smallButton}
                        onClick={() => {
                          partners.remove(partnerIndex);
                          focusAfterRemoval(
                            `${prefix}-partners-${partnerIndex}-remove`,
                            `${prefix}-partners-add`,
                          );
                        }}
                      >
                        {t('removePartner', { n: partnerIndex + 1 })}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </DataTable>
        )}
        <button
          type="button"
          id={`${prefix}-partners-add`}
          className={smallButton}
          onClick={() => partners.append({ name: '', scope: '' })}
        >
          {t('addPartner')}
        </button>
      </section>

      <section aria-labelledby={`${prefix}-indicators ${headingId}`} className="space-y-3">
        <h4 id={`${prefix}-indicators`} className="text-base font-semibold">
          {t('sections.indicators')}
        </h4>
        {warningsAt('indicators')}
        {indicators.fields.length === 0 && <p className="text-sm">{t('none')}</p>}
        {indicators.fields.map((row, indicatorIndex) => {
          const path = `indicators.${indicatorIndex}`;
          const type = describe(`${path}.type`);
          const rowWarned = warnings.some((warning) => warning.field === path);
          return (
            <fieldset
              key={row.id}
              className={`space-y-3 rounded border p-3 ${rowWarned ? 'border-2 border-amber-600' : 'border-slate-300'}`}
              data-testid={`${prefix}-indicator-${indicatorIndex}`}
            >
              <legend className="px-1 font-semibold">
                {t('indicatorLegend', { n: indicatorIndex + 1 })}
              </legend>
              {warningsAt(path)}
              <div className="grid gap-3 sm:grid-cols-3">
                <div className="space-y-1">
                  <label htmlFor={type.id} className="block text-sm font-medium">
                    {t('indicatorType', { n: indicatorIndex + 1 })}
                  </label>
                  <select
                    {...register(`${base}.indicators.${indicatorIndex}.type`)}
                    id={type.id}
                    className={type.className}
                    aria-invalid={type['aria-invalid']}
                    aria-describedby={type['aria-describedby']}
                  >
                    <option value="product">{t('indicatorTypes.product')}</option>
                    <option value="result">{t('indicatorTypes.result')}</option>
                    <option value="impact">{t('indicatorTypes.impact')}</option>
                  </select>
                  {errorLine(type.id, type.error)}
                </div>
                {field(
                  `${path}.name`,
                  t('indicatorName', { n: indicatorIndex + 1 }),
                  register(`${base}.indicators.${indicatorIndex}.name`),
                )}
                {field(
                  `${path}.source`,
                  t('indicatorSource', { n: indicatorIndex + 1 }),
                  register(`${base}.indicators.${indicatorIndex}.source`),
                )}
              </div>
              <div className="flex flex-wrap gap-3">
                {years.map((year, yearIndex) => (
                  <div key={year} className="w-28">
                    {field(
                      `${path}.values.${yearIndex}`,
                      t('indicatorValue', { n: indicatorIndex + 1, year }),
                      register(`${base}.indicators.${indicatorIndex}.values.${yearIndex}`),
                    )}
                  </div>
                ))}
              </div>
              <button
                type="button"
                id={`${prefix}-indicators-${indicatorIndex}-remove`}
                className={smallButton}
                onClick={() => {
                  indicators.remove(indicatorIndex);
                  focusAfterRemoval(
                    `${prefix}-indicators-${indicatorIndex}-remove`,
                    `${prefix}-indicators-add`,
                  );
                }}
              >
                {t('removeIndicator', { n: indicatorIndex + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          id={`${prefix}-indicators-add`}
          className={smallButton}
          onClick={() =>
            indicators.append({ type: 'product', name: '', source: '', values: years.map(() => '') })
          }
        >
          {t('addIndicator')}
        </button>
      </section>

      <section aria-labelledby={`${prefix}-cost ${headingId}`} className="space-y-3">
        <h4 id={`${prefix}-cost`} className="text-base font-semibold">
          {t('sections.cost')}
        </h4>
        {field('totalCost', t('fields.totalCost'), register(`${base}.totalCost`))}
        {field('budgetNote', t('fields.budgetNote'), register(`${base}.budgetNote`))}
        {warningsAt('funding')}
        {funding.fields.map((row, fundingIndex) => (
          <div key={row.id} className="grid items-end gap-3 sm:grid-cols-[2fr_1fr_auto]">
            {field(
              `funding.${fundingIndex}.source`,
              t('fundingSource', { n: fundingIndex + 1 }),
              register(`${base}.funding.${fundingIndex}.source`),
            )}
            {field(
              `funding.${fundingIndex}.value`,
              t('fundingValue', { n: fundingIndex + 1 }),
              register(`${base}.funding.${fundingIndex}.value`),
            )}
            <button
              type="button"
              id={`${prefix}-funding-${fundingIndex}-remove`}
              className={smallButton}
              onClick={() => {
                funding.remove(fundingIndex);
                focusAfterRemoval(`${prefix}-funding-${fundingIndex}-remove`, `${prefix}-funding-add`);
              }}
            >
              {t('removeFunding', { n: fundingIndex + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          id={`${prefix}-funding-add`}
          className={smallButton}
          onClick={() => funding.append({ source: '', value: '' })}
        >
          {t('addFunding')}
        </button>
      </section>
    </section>
  );
}
