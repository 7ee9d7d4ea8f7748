'use client';

import { lazyZodResolver } from '@/components/ui/lazy-zod-resolver';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { formatNumber } from '@/lib/format';
import { parseDecimal, readIndicatorNumber } from '@/lib/numbers';
import { NARRATIVE_MAX, reportPlanOf, stageValueOverPlan } from '@/lib/reports/report-plan';
import type { ReportFormInput } from '@/lib/reports/schema';
import { TableHead, TableScroll } from '@/components/ui/table';
import type { ReportView } from '@/lib/reports/view';
import { Form } from '@/components/ui/form';

export interface ReportFormProps {
  taskId: number;
  /** The task as the submission's confirmation names it ("1. Współpraca …"). */
  taskLabel: string;
  year: number;
  version: number;
  narrative: string;
  /** The view's stages and indicators (lib/reports/view.ts), as far as the form uses them. */
  stages: Pick<
    ReportView['stages'][number],
    'stageId' | 'number' | 'name' | 'planned' | 'plannedAllYears' | 'doneOtherYears' | 'reported'
  >[];
  indicators: Pick<
    ReportView['indicators'][number],
    'indicatorId' | 'name' | 'source' | 'unit' | 'targetText' | 'reportedText'
  >[];
  /** The page's server action that saves or submits the report (a component never imports actions/). */
  saveReportAction: ServerAction<{ version: number }, [taskId: number, year: number, input: unknown]>;
}

/** What the form shows errors at; ids, the version, the intent and the confirmation are not fields with errors. */
const SHOWS = shownPaths(['stages.\\d+.actual', 'indicators.\\d+.actualText', 'narrative']);

const inputClass =
  'block w-full rounded border border-slate-500 bg-white px-2 py-1 text-base aria-[invalid=true]:border-red-600 aria-[invalid=true]:bg-red-50';

/*
 * On a narrow screen (a phone, or 400 % zoom) the form's tables stack per row: each stage or
 * indicator becomes a block with its values one under another, each with its label, so that no
 * column and no field is cut off. From `sm` up they are ordinary tables with column headers.
 */
const stackTable = 'w-full border-collapse text-sm max-sm:block';
const stackHead = 'max-sm:hidden';
const stackBody = 'max-sm:block';
const stackRow = 'border-b border-slate-200 align-top max-sm:block max-sm:py-2';
const stackCell = 'max-sm:block max-sm:py-1 max-sm:pr-0 max-sm:text-left';
/** A cell's label, shown only where the column headers are not. */
const stackLabel = 'font-medium sm:hidden';

export function ReportForm(props: ReportFormProps) {
  const t = useTranslations('reportForm');
  const tFlow = useTranslations('reportFlow');
  const tErrors = useTranslations('reportForm.errors');
  const formErrors = useFormErrors(tErrors);
  const locale = useLocale();
  const router = useRouter();
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const plan = useMemo(() => reportPlanOf(props.stages, props.indicators), [props.stages, props.indicators]);
  // The schema (zod) loads when the form first checks its input, not with the page.
  const resolver = useMemo(
    () =>
      lazyZodResolver<ReportFormInput>(() =>
        import('@/lib/reports/schema').then((schema) => schema.reportFormSchema(plan)),
      ),
    [plan],
  );
  const toText = (value: number | null) =>
    value === null ? '' : formatNumber(value, locale, 2).replace(/\s/g, '');

  const {
    register,
    handleSubmit,
    setValue,
    setError,
    control,
    reset,
    getValues,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<ReportFormInput>({
    resolver,
    defaultValues: {
      intent: 'save',
      version: props.version,
      narrative: props.narrative,
      stages: props.stages.map((stage) => ({ stageId: stage.stageId, actual: toText(stage.reported) })),
      indicators: props.indicators.map((indicator) => ({
        indicatorId: indicator.indicatorId,
        actualText: indicator.reportedText ?? '',
      })),
      confirmUnplanned: false,
      confirmOverPlan: false,
    },
  });
  useUnsavedWarning(isDirty);
  const stageValues = useWatch({ control, name: 'stages' });
  const indicatorValues = useWatch({ control, name: 'indicators' });
  const unplannedRows = props.stages.filter((stage, index) => {
    const value = parseDecimal(stageValues?.[index]?.actual ?? '');
    return value !== null && value > 0 && !stage.planned;
  });
  // The same rule as the server's: a stage's done points over all years past its plan.
  const overPlan = props.stages.map((stage, index) =>
    stageValueOverPlan(stage, stageValues?.[index]?.actual ?? ''),
  );
  const overPlanRows = props.stages.filter((_, index) => overPlan[index]);
  const stageLabel = (stage: { number: number | null; name: string }) =>
    `${stage.number !== null ? `${stage.number}. ` : ''}${stage.name}`;

  const errorText = (message: string | undefined) => (message ? tErrors(message as 'tooLong') : null);

  const submit = (intent: 'save' | 'submit') => () => {
    // The schema's completeness checks depend on the intent: set it before validating.
    setValue('intent', intent);
    return handleSubmit(
      async (values) => {
        setStatus(null);
        const result = await props.saveReportAction(props.taskId, props.year, { ...values, intent });
        if (result.status === 'success') {
          reset({ ...getValues(), version: result.data.version, intent });
          setStatus({ kind: 'success', text: t(intent === 'submit' ? 'submitted' : 'saved') });
          router.refresh();
          // A submitted report's form gives way to the read-only view: focus goes to the report's
          // state (above the form, announced as it changes), not to the page.
          if (intent === 'submit') document.getElementById('report-status')?.focus();
          return;
        }
        // A conflict keeps everything the user typed on screen.
        setStatus(formErrors.fromResult(result, SHOWS, setError));
      },
      (invalid) => setStatus(formErrors.fromInvalid(invalid, SHOWS)),
    )();
  };

  /** The submission's checks first: the question comes only once nothing is missing. */
  const readyToSubmit = () =>
    new Promise<boolean>((resolve) => {
      setValue('intent', 'submit');
      void handleSubmit(
        () => resolve(true),
        (invalid) => {
          setStatus(formErrors.fromInvalid(invalid, SHOWS));
          resolve(false);
        },
      )();
    });

  return (
    <Form noValidate onSubmit={(event) => event.preventDefault()} className="space-y-6">
      <input type="hidden" {...register('version', { valueAsNumber: true })} />

      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">{t('stagesLegend', { year: props.year })}</legend>
        <p className="text-sm text-slate-700">{t('stagesHelp')}</p>
        <TableScroll>
          <table className={stackTable}>
            <caption className="sr-only">{t('stagesLegend', { year: props.year })}</caption>
            <TableHead
              className={stackHead}
              columns={[
                { label: t('stage') },
                { label: t('planned'), align: 'right' },
                { label: t('actual'), className: 'w-40' },
              ]}
            />
            <tbody className={stackBody}>
              {props.stages.map((stage, index) => {
                const error = errorText(errors.stages?.[index]?.actual?.message);
                const id = `stage-${stage.stageId}`;
                const stageName = stageLabel(stage);
                const typed = parseDecimal(stageValues?.[index]?.actual ?? '') ?? 0;
                const described = [error ? `${id}-error` : null, overPlan[index] ? `${id}-over` : null]
                  .filter(Boolean)
                  .join(' ');
                return (
                  <tr key={stage.stageId} className={stackRow}>
                    <th
                      scope="row"
                      className={`py-2 pr-3 text-left font-semibold sm:font-normal ${stackCell}`}
                    >
                      <label htmlFor={id}>{stageName}</label>
                    </th>
                    <td className={`py-2 pr-3 text-right tabular-nums ${stackCell}`}>
                      <span className={stackLabel}>{t('planned')}: </span>
                      {stage.planned === null ? '-' : `${formatNumber(stage.planned, locale)}%`}
                    </td>
                    <td className={`py-2 sm:w-40 ${stackCell}`}>
                      <input
                        type="hidden"
                        {...register(`stages.${index}.stageId`, { valueAsNumber: true })}
                      />
                      {/* The stage's name alone does not say what the number is: the input's name does. */}
                      <span id={`${id}-name`} hidden>
                        {t('actualOf', { year: props.year, stage: stageName })}
                      </span>
                      <span className={stackLabel} aria-hidden="true">
                        {t('actual')}
                      </span>
                      <input
                        id={id}
                        aria-labelledby={`${id}-name`}
                        inputMode="decimal"
                        autoComplete="off"
                        aria-invalid={error ? true : undefined}
                        aria-describedby={described || undefined}
                        className={inputClass}
                        {...register(`stages.${index}.actual`)}
                      />
                      {overPlan[index] && (
                        <p id={`${id}-over`} className="mt-1 text-sm text-amber-900" data-testid="over-plan">
                          {t('overPlanCell', {
                            done: formatNumber(stage.doneOtherYears + typed, locale),
                            planned: formatNumber(stage.plannedAllYears, locale),
                          })}
                        </p>
                      )}
                      {error && (
                        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
                          {error}
                        </p>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
        {unplannedRows.length > 0 && (
          <div className="rounded border border-amber-400 bg-amber-50 p-3 text-sm" role="status">
            <p>
              {t('unplannedWarning', {
                stages: unplannedRows.map((stage) => stage.number ?? stage.name).join(', '),
              })}
            </p>
            <label className="mt-2 flex items-center gap-2 font-medium">
              <input type="checkbox" {...register('confirmUnplanned')} />
              {t('confirmUnplanned')}
            </label>
          </div>
        )}
        {overPlanRows.length > 0 && (
          <div className="rounded border border-amber-400 bg-amber-50 p-3 text-sm" role="status">
            <p>
              {t('overPlanWarning', {
                stages: overPlanRows.map((stage) => stage.number ?? stage.name).join(', '),
              })}
            </p>
            <label className="mt-2 flex items-center gap-2 font-medium">
              <input type="checkbox" {...register('confirmOverPlan')} />
              {t('confirmOverPlan')}
            </label>
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold">{t('indicatorsLegend', { year: props.year })}</legend>
        <p className="text-sm text-slate-700">{t('indicatorsHelp')}</p>
        {props.indicators.length === 0 ? (
          <p>{t('noIndicators')}</p>
        ) : (
          <TableScroll>
            <table className={stackTable}>
              <caption className="sr-only">{t('indicatorsLegend', { year: props.year })}</caption>
              <TableHead
                className={stackHead}
                columns={[
                  { label: t('indicator') },
                  { label: t('target') },
                  { label: t('actualValue'), className: 'w-48' },
                  { label: t('numberRead') },
                ]}
              />
              <tbody className={stackBody}>
                {props.indicators.map((indicator, index) => {
                  const error = errorText(errors.indicators?.[index]?.actualText?.message);
                  const id = `indicator-${indicator.indicatorId}`;
                  const number = readIndicatorNumber(indicatorValues?.[index]?.actualText ?? '');
                  return (
                    <tr key={indicator.indicatorId} className={stackRow}>
                      <th scope="row" className={`py-2 pr-3 text-left font-normal ${stackCell}`}>
                        <label htmlFor={id} className="font-semibold sm:font-normal">
                          {indicator.name}
                        </label>
                        <span className="block text-xs text-slate-600">
                          {t('source')}: {indicator.source || '—'}
                          {indicator.unit ? ` · ${indicator.unit}` : ''}
                        </span>
                      </th>
                      <td className={`py-2 pr-3 ${stackCell}`}>
                        <span className={stackLabel}>{t('target')}: </span>
                        {indicator.targetText ?? '—'}
                      </td>
                      <td className={`py-2 pr-3 sm:w-48 ${stackCell}`}>
                        <input
                          type="hidden"
                          {...register(`indicators.${index}.indicatorId`, { valueAsNumber: true })}
                        />
                        <span id={`${id}-name`} hidden>
                          {t('actualValueOf', { year: props.year, indicator: indicator.name })}
                        </span>
                        <span className={stackLabel} aria-hidden="true">
                          {t('actualValue')}
                        </span>
                        <input
                          id={id}
                          aria-labelledby={`${id}-name`}
                          autoComplete="off"
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `${id}-error` : `${id}-number`}
                          className={inputClass}
                          {...register(`indicators.${index}.actualText`)}
                        />
                        {error && (
                          <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
                            {error}
                          </p>
                        )}
                      </td>
                      <td id={`${id}-number`} className={`py-2 tabular-nums text-slate-700 ${stackCell}`}>
                        <span className={stackLabel}>{t('numberRead')}: </span>
                        {number === null ? t('noNumber') : formatNumber(number, locale, 6)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        )}
      </fieldset>

      <div className="space-y-1">
        <label htmlFor="narrative" className="block text-lg font-semibold">
          {t('narrative')}
        </label>
        <p id="narrative-help" className="text-sm text-slate-700">
          {t('narrativeHelp', { max: NARRATIVE_MAX })}
        </p>
        <textarea
          id="narrative"
          rows={6}
          aria-invalid={errors.narrative ? true : undefined}
          aria-describedby={errors.narrative ? 'narrative-error narrative-help' : 'narrative-help'}
          className={inputClass}
          {...register('narrative')}
        />
        {errors.narrative && (
          <p id="narrative-error" className="text-sm text-red-700">
            {errorText(errors.narrative.message)}
          </p>
        )}
      </div>

      <FormStatus status={status} />
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          disabled={isSubmitting}
          onClick={submit('save')}
          className="rounded border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60"
        >
          {isSubmitting ? t('working') : t('saveDraft')}
        </button>
        <ConfirmButton
          label={isSubmitting ? t('working') : t('submit')}
          question={tFlow('submitQuestion', { year: props.year, task: props.taskLabel })}
          confirmLabel={tFlow('submitConfirm')}
          beforeOpen={readyToSubmit}
          onConfirm={() => void submit('submit')()}
          busy={isSubmitting}
          className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-60"
          confirmClassName="rounded bg-brand-700 px-3 py-1.5 font-semibold text-white hover:bg-brand-800"
        />
      </div>
    </Form>
  );
}
