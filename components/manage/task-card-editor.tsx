'use client';

// Over 500 lines (the editor of one card, every section of it): issue #20, the tidy-up that comes next, splits it by feature
// together with the other large files and the rules written twice; until then it stays whole.

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';
import { type FieldPath, useFieldArray, useForm, useWatch } from 'react-hook-form';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { type TaskCardInput, taskCardSchema } from '@/lib/cards/card-schema';
import { checkFunding, isPlanComplete, planTotal } from '@/lib/cards/rules';
import { formatNumber } from '@/lib/format';
import { readIndicatorNumber } from '@/lib/numbers';
import { RequiredMark } from '@/components/ui/required-mark';
import { DataTable, TableHead } from '@/components/ui/table';

const input =
  'block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50';
const smallButton =
  'rounded border border-slate-500 bg-white px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-40';
const removeButton =
  'rounded border border-red-300 bg-white px-2 py-0.5 text-sm text-red-800 hover:bg-red-50';

/**
 * The paths the editor shows errors at (a section's own error under its heading). The version,
 * the rows' ids, the archive boxes and the indicator's type have no error of their own to show.
 */
const SHOWN = [
  'number',
  'title',
  'addressees',
  'justification',
  'description',
  'plannedTotalCost',
  'budgetNote',
  'stages',
  'stages.\\d+.(number|name)',
  'stages.\\d+.planned.\\d+',
  'indicators',
  'indicators.\\d+.(name|source|unit)',
  'indicators.\\d+.targets.\\d+',
  'partners.\\d+.(name|scope)',
  'funding',
  'funding.\\d+.(source|value)',
];
const SHOWS = shownPaths(SHOWN);
/** The reason for a re-plan is a field only while it is asked for. */
const SHOWS_WITH_REASON = shownPaths([...SHOWN, 'revisionReason']);

export interface TaskCardEditorProps {
  taskId: number;
  years: number[];
  approvedYears: number[];
  stagesWithReports: number[];
  indicatorsWithReports: number[];
  initial: TaskCardInput;
  /** The page's server action that saves the card (a component never imports actions/). */
  saveTaskCardAction: ServerAction<{ form: TaskCardInput }, [taskId: number, input: unknown]>;
}

/** Every section of a task card in one form, checked by the same schema as the server action. */
export function TaskCardEditor(props: TaskCardEditorProps) {
  const t = useTranslations('editor');
  const locale = useLocale();
  // Where focus goes when a row's own Remove button disappears with it: its section's Add button.
  const addStage = useRef<HTMLButtonElement>(null);
  const addIndicator = useRef<HTMLButtonElement>(null);
  const addPartner = useRef<HTMLButtonElement>(null);
  const addFunding = useRef<HTMLButtonElement>(null);
  const tErrors = useTranslations('fieldErrors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const schema = useMemo(() => taskCardSchema(props.years), [props.years]);
  const form = useForm<TaskCardInput>({ resolver: zodResolver(schema), defaultValues: props.initial });
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    getValues,
    formState: { errors, isSubmitting, isDirty, dirtyFields },
  } = form;
  useUnsavedWarning(isDirty);
  const stages = useFieldArray({ control, name: 'stages' });
  const indicators = useFieldArray({ control, name: 'indicators' });
  const partnerRows = useFieldArray({ control, name: 'partners' });
  const fundingRows = useFieldArray({ control, name: 'funding' });
  const watchedStages = useWatch({ control, name: 'stages' }) ?? [];
  const watchedFunding = useWatch({ control, name: 'funding' }) ?? [];
  const watchedIndicators = useWatch({ control, name: 'indicators' }) ?? [];
  const total = planTotal(watchedStages);
  const funding = checkFunding(watchedFunding.map((row) => row?.value ?? ''));
  const planChanged = Boolean(dirtyFields.stages);
  const asksReason = props.approvedYears.length > 0 && planChanged;
  const shows = asksReason ? SHOWS_WITH_REASON : SHOWS;

  const message = (key: string | undefined) => (key ? tErrors(key as 'required') : null);
  const fieldProps = (path: FieldPath<TaskCardInput>, id: string) => {
    const error = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as
      { message?: string } | undefined;
    return {
      id,
      'aria-invalid': error?.message ? true : undefined,
      'aria-describedby': error?.message ? `${id}-error` : undefined,
      error: message(error?.message),
    };
  };
  const Error = ({ id, text }: { id: string; text: string | null }) =>
    text ? (
      <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
        {text}
      </p>
    ) : null;
  const sectionError = (node: unknown) =>
    message(
      (node as { message?: string; root?: { message?: string } } | undefined)?.message ??
        (node as { root?: { message?: string } } | undefined)?.root?.message,
    );

  const onSubmit = handleSubmit(
    async (values) => {
      setStatus(null);
      const result = await props.saveTaskCardAction(props.taskId, values);
      if (result.status === 'success') {
        // The form now holds the card as saved: the new rows' ids and the new version, so that the
        // next save from this page updates them instead of creating them again.
        reset(result.data.form);
        setStatus({ kind: 'success', text: t('saved') });
        router.refresh();
        return;
      }
      setStatus(formErrors.fromResult(result, shows, setError));
    },
    (invalid) => setStatus(formErrors.fromInvalid(invalid, shows)),
  );

  const textInput = (
    path: FieldPath<TaskCardInput>,
    label: string,
    options: { multiline?: boolean; required?: boolean } = {},
  ) => {
    const id = path.replace(/\./g, '-');
    const props = fieldProps(path, id);
    return (
      <div className="space-y-1">
        <label htmlFor={id} className="block font-medium">
          {label}
          {options.required && <RequiredMark />}
        </label>
        {options.multiline ? (
          <textarea
            rows={4}
            className={input}
            {...register(path)}
            id={id}
            aria-required={options.required || undefined}
            aria-invalid={props['aria-invalid']}
            aria-describedby={props['aria-describedby']}
          />
        ) : (
          <input
            className={input}
            {...register(path)}
            id={id}
            aria-required={options.required || undefined}
            aria-invalid={props['aria-invalid']}
            aria-describedby={props['aria-describedby']}
          />
        )}
        <Error id={id} text={props.error} />
      </div>
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-8">
      <input type="hidden" {...register('version', { valueAsNumber: true })} />
      <section aria-labelledby="basics" className="space-y-4">
        <h2 id="basics" className="text-lg font-semibold">
          {t('basics')}
        </h2>
        <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
          {textInput('number', t('number'), { required: true })}
          {textInput('title', t('title'), { required: true })}
        </div>
        {textInput('addressees', t('addressees'), { multiline: true })}
        {textInput('justification', t('justification'), { multiline: true })}
        {textInput('description', t('description'), { multiline: true })}
      </section>

      <section aria-labelledby="stages-heading" className="space-y-3">
        <h2 id="stages-heading" className="text-lg font-semibold">
          {t('stages')}
        </h2>
        <p className="text-sm text-slate-700">{t('stagesHelp')}</p>
        <DataTable caption={t('stages')}>
          <TableHead
            columns={[
              { label: t('stageNumber'), className: 'w-16' },
              { label: t('stageName') },
              ...props.years.map((year) => ({ label: year, align: 'center' as const, className: 'w-20' })),
              { label: t('rowActions') },
            ]}
          />
          <tbody>
            {stages.fields.map((field, index) => {
              const hasReports =
                field.id !== undefined &&
                watchedStages[index]?.id !== null &&
                props.stagesWithReports.includes(watchedStages[index]?.id ?? -1);
              const archived = watchedStages[index]?.archived ?? false;
              const name = fieldProps(`stages.${index}.name`, `stages-${index}-name`);
              const number = fieldProps(`stages.${index}.number`, `stages-${index}-number`);
              return (
                <tr
                  key={field.id}
                  className={`border-b border-slate-200 align-top ${archived ? 'bg-slate-100 text-slate-600' : ''}`}
                >
                  <td className="py-1 pr-2">
                    <label htmlFor={number.id} className="sr-only">
                      {t('stageNumberOf', { row: index + 1 })}
                    </label>
                    <input
                      className={input}
                      inputMode="numeric"
                      {...register(`stages.${index}.number`)}
                      id={number.id}
                      aria-invalid={number['aria-invalid']}
                      aria-describedby={number['aria-describedby']}
                    />
                    <Error id={number.id} text={number.error} />
                  </td>
                  <td className="py-1 pr-2">
                    <label htmlFor={name.id} className="sr-only">
                      {t('stageNameOf', { row: index + 1 })}
                    </label>
                    <input
                      className={input}
                      {...register(`stages.${index}.name`)}
                      id={name.id}
                      aria-invalid={name['aria-invalid']}
                      aria-describedby={name['aria-describedby']}
                    />
                    <Error id={name.id} text={name.error} />
                    {archived && <p className="text-xs">{t('archived')}</p>}
                  </td>
                  {props.years.map((year, yearIndex) => {
                    const cell = fieldProps(
                      `stages.${index}.planned.${yearIndex}`,
                      `stages-${index}-planned-${yearIndex}`,
                    );
                    return (
                      <td key={year} className="py-1 pr-2">
                        <label htmlFor={cell.id} className="sr-only">
                          {t('plannedOf', { row: index + 1, year })}
                        </label>
                        <input
                          className={`${input} text-center`}
                          inputMode="decimal"
                          {...register(`stages.${index}.planned.${yearIndex}`)}
                          id={cell.id}
                          aria-invalid={cell['aria-invalid']}
                          aria-describedby={cell['aria-describedby']}
                        />
                        <Error id={cell.id} text={cell.error} />
                      </td>
                    );
                  })}
                  <td className="space-x-1 whitespace-nowrap py-1">
                    <button
                      type="button"
                      className={smallButton}
                      disabled={index === 0}
                      onClick={() => stages.move(index, index - 1)}
                      aria-label={t('moveUp', { row: index + 1 })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className={smallButton}
                      disabled={index === stages.fields.length - 1}
                      onClick={() => stages.move(index, index + 1)}
                      aria-label={t('moveDown', { row: index + 1 })}
                    >
                      ↓
                    </button>
                    {hasReports ? (
                      <label className="inline-flex items-center gap-1 text-sm">
                        <input
                          type="checkbox"
                          aria-label={t('archiveStage', { row: index + 1 })}
                          {...register(`stages.${index}.archived`)}
                        />
                        {t('archive')}
                      </label>
                    ) : (
                      <ConfirmButton
                        label={t('remove')}
                        name={t('removeStage', { row: index + 1 })}
                        focusAfter={() => addStage.current}
                        question={t('removeStageQuestion', { row: index + 1 })}
                        confirmLabel={t('remove')}
                        className={removeButton}
                        onConfirm={() => stages.remove(index)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
        <p
          data-testid="plan-total"
          className={`rounded border px-3 py-2 text-sm font-medium ${isPlanComplete(total) || watchedStages.length === 0 ? 'border-green-300 bg-green-50 text-green-900' : 'border-amber-400 bg-amber-50 text-amber-900'}`}
        >
          {t('planTotal', { total: formatNumber(total, locale) })}
        </p>
        {sectionError(errors.stages) && (
          <p role="alert" className="text-sm text-red-700">
            {sectionError(errors.stages)}
          </p>
        )}
        <button
          ref={addStage}
          type="button"
          className={smallButton}
          onClick={() =>
            stages.append({
              id: null,
              number: String(stages.fields.length + 1),
              name: '',
              archived: false,
              planned: props.years.map(() => ''),
            })
          }
        >
          {t('addStage')}
        </button>
        {asksReason && (
          <div className="rounded border border-amber-400 bg-amber-50 p-3">
            {textInput('revisionReason', t('revisionReason', { years: props.approvedYears.join(', ') }), {
              multiline: true,
            })}
          </div>
        )}
      </section>

      <section aria-labelledby="indicators-heading" className="space-y-3">
        <h2 id="indicators-heading" className="text-lg font-semibold">
          {t('indicators')}
        </h2>
        {sectionError(errors.indicators) && (
          <p role="alert" className="text-sm text-red-700">
            {sectionError(errors.indicators)}
          </p>
        )}
        {indicators.fields.map((field, index) => {
          const id = watchedIndicatorsId(getValues, index);
          const hasReports = id !== null && props.indicatorsWithReports.includes(id);
          return (
            <fieldset key={field.id} className="space-y-2 rounded border border-slate-200 p-3">
              <legend className="px-1 text-sm font-semibold">{t('indicatorOf', { row: index + 1 })}</legend>
              <div className="grid gap-3 sm:grid-cols-4">
                <div className="space-y-1">
                  <label htmlFor={`indicators-${index}-type`} className="block text-sm font-medium">
                    {t('indicatorType')}
                  </label>
                  <select
                    id={`indicators-${index}-type`}
                    className={input}
                    {...register(`indicators.${index}.type`)}
                  >
                    <option value="product">{t('type.product')}</option>
                    <option value="result">{t('type.result')}</option>
                    <option value="impact">{t('type.impact')}</option>
                  </select>
                </div>
                {(['name', 'source', 'unit'] as const).map((key) => {
                  const props = fieldProps(`indicators.${index}.${key}`, `indicators-${index}-${key}`);
                  return (
                    <div key={key} className="space-y-1">
                      <label htmlFor={props.id} className="block text-sm font-medium">
                        {t(`indicator.${key}`)}
                      </label>
                      <input
                        className={input}
                        {...register(`indicators.${index}.${key}`)}
                        id={props.id}
                        aria-invalid={props['aria-invalid']}
                        aria-describedby={props['aria-describedby']}
                      />
                      <Error id={props.id} text={props.error} />
                    </div>
                  );
                })}
              </div>
              <div className="grid gap-2 sm:grid-cols-5">
                {props.years.map((year, yearIndex) => {
                  const target = fieldProps(
                    `indicators.${index}.targets.${yearIndex}`,
                    `indicators-${index}-target-${yearIndex}`,
                  );
                  // A target is text and a number, like a value: the number read is shown, none is flagged.
                  const targetText = watchedIndicators[index]?.targets?.[yearIndex] ?? '';
                  const targetNumber = readIndicatorNumber(targetText);
                  const numberId = `${target.id}-number`;
                  return (
                    <div key={year} className="space-y-1">
                      <label htmlFor={target.id} className="block text-xs font-medium">
                        {t('targetFor', { year })}
                      </label>
                      <input
                        className={input}
                        {...register(`indicators.${index}.targets.${yearIndex}`)}
                        id={target.id}
                        aria-invalid={target['aria-invalid']}
                        aria-describedby={
                          [target['aria-describedby'], targetText.trim() ? numberId : null]
                            .filter(Boolean)
                            .join(' ') || undefined
                        }
                      />
                      {targetText.trim() !== '' && (
                        <p
                          id={numberId}
                          className={`text-xs ${targetNumber === null ? 'font-medium text-amber-900' : 'text-slate-700'}`}
                        >
                          {targetNumber === null
                            ? t('targetNoNumber')
                            : t('targetNumber', { number: formatNumber(targetNumber, locale, 6) })}
                        </p>
                      )}
                      <Error id={target.id} text={target.error} />
                    </div>
                  );
                })}
              </div>
              <div className="flex gap-2">
                {hasReports ? (
                  <label className="inline-flex items-center gap-1 text-sm">
                    <input
                      type="checkbox"
                      aria-label={t('archiveIndicator', { row: index + 1 })}
                      {...register(`indicators.${index}.archived`)}
                    />
                    {t('archive')}
                  </label>
                ) : (
                  <ConfirmButton
                    label={t('remove')}
                    name={t('removeIndicator', { row: index + 1 })}
                    focusAfter={() => addIndicator.current}
                    question={t('removeIndicatorQuestion', { row: index + 1 })}
                    confirmLabel={t('remove')}
                    className={removeButton}
                    onConfirm={() => indicators.remove(index)}
                  />
                )}
              </div>
            </fieldset>
          );
        })}
        <button
          ref={addIndicator}
          type="button"
          className={smallButton}
          onClick={() =>
            indicators.append({
              id: null,
              type: 'product',
              name: '',
              source: '',
              unit: '',
              archived: false,
              targets: props.years.map(() => ''),
            })
          }
        >
          {t('addIndicator')}
        </button>
      </section>

      <section aria-labelledby="partners-heading" className="space-y-3">
        <h2 id="partners-heading" className="text-lg font-semibold">
          {t('partners')}
        </h2>
        {partnerRows.fields.map((field, index) => (
          <div key={field.id} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
            {textInput(`partners.${index}.name`, t('partnerName', { row: index + 1 }), { required: true })}
            {textInput(`partners.${index}.scope`, t('partnerScope', { row: index + 1 }))}
            <ConfirmButton
              label={t('remove')}
              name={t('removePartner', { row: index + 1 })}
              focusAfter={() => addPartner.current}
              question={t('removePartnerQuestion', { row: index + 1 })}
              confirmLabel={t('remove')}
              className={removeButton}
              onConfirm={() => partnerRows.remove(index)}
            />
          </div>
        ))}
        <button
          ref={addPartner}
          type="button"
          className={smallButton}
          onClick={() => partnerRows.append({ name: '', scope: '' })}
        >
          {t('addPartner')}
        </button>
      </section>

      <section aria-labelledby="budget-heading" className="space-y-3">
        <h2 id="budget-heading" className="text-lg font-semibold">
          {t('budget')}
        </h2>
        {textInput('plannedTotalCost', t('plannedTotalCost'))}
        {textInput('budgetNote', t('budgetNote'))}
        {fundingRows.fields.map((field, index) => (
          <div key={field.id} className="grid items-end gap-3 sm:grid-cols-[1fr_12rem_auto]">
            {textInput(`funding.${index}.source`, t('fundingSource', { row: index + 1 }), { required: true })}
            {textInput(`funding.${index}.value`, t('fundingValue', { row: index + 1 }), { required: true })}
            <ConfirmButton
              label={t('remove')}
              name={t('removeFunding', { row: index + 1 })}
              focusAfter={() => addFunding.current}
              question={t('removeFundingQuestion', { row: index + 1 })}
              confirmLabel={t('remove')}
              className={removeButton}
              onConfirm={() => fundingRows.remove(index)}
            />
          </div>
        ))}
        {watchedFunding.length > 0 && (
          <p className="text-sm" data-testid="funding-total">
            {t('fundingShares', { total: formatNumber(funding.shareTotal, locale) })}
          </p>
        )}
        {sectionError(errors.funding) && (
          <p role="alert" className="text-sm text-red-700">
            {sectionError(errors.funding)}
          </p>
        )}
        <button
          ref={addFunding}
          type="button"
          className={smallButton}
          onClick={() => fundingRows.append({ source: '', value: '' })}
        >
          {t('addFunding')}
        </button>
      </section>

      <FormStatus status={status} />
      <button
        type="submit"
        disabled={isSubmitting}
        className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {isSubmitting ? t('saving') : t('save')}
      </button>
    </form>
  );
}

function watchedIndicatorsId(getValues: () => TaskCardInput, index: number): number | null {
  return getValues().indicators[index]?.id ?? null;
}
