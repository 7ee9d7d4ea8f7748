'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { RemoveRowButton } from '@/components/cards/remove-row-button';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import { shownPaths } from '@/lib/actions/field-errors';
import type { ServerAction } from '@/lib/actions/result';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import { type TaskCardInput, taskCardSchema } from '@/lib/cards/card-schema';
import { checkFunding } from '@/lib/cards/rules';
import { formatNumber } from '@/lib/format';
import { removeButton, smallButton, useEditorFields } from './task-card/editor-fields';
import { IndicatorsSection } from './task-card/indicators-section';
import { StagesSection } from './task-card/stages-section';
import { Form } from '@/components/ui/form';

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
    formState: { errors, isSubmitting, isDirty, dirtyFields },
  } = form;
  useUnsavedWarning(isDirty);
  const fields = useEditorFields(form, props.years);
  const { textInput, sectionError } = fields;
  const partnerRows = useFieldArray({ control, name: 'partners' });
  const fundingRows = useFieldArray({ control, name: 'funding' });
  const watchedFunding = useWatch({ control, name: 'funding' }) ?? [];
  const funding = checkFunding(watchedFunding.map((row) => row?.value ?? ''));
  const planChanged = Boolean(dirtyFields.stages);
  const asksReason = props.approvedYears.length > 0 && planChanged;
  const shows = asksReason ? SHOWS_WITH_REASON : SHOWS;

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

  return (
    <Form noValidate onSubmit={onSubmit} className="space-y-8">
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

      <StagesSection
        fields={fields}
        stagesWithReports={props.stagesWithReports}
        approvedYears={props.approvedYears}
        asksReason={asksReason}
      />

      <IndicatorsSection fields={fields} indicatorsWithReports={props.indicatorsWithReports} />

      <section aria-labelledby="partners-heading" className="space-y-3">
        <h2 id="partners-heading" className="text-lg font-semibold">
          {t('partners')}
        </h2>
        {partnerRows.fields.map((field, index) => (
          <div key={field.id} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
            {textInput(`partners.${index}.name`, t('partnerName', { row: index + 1 }), { required: true })}
            {textInput(`partners.${index}.scope`, t('partnerScope', { row: index + 1 }))}
            <RemoveRowButton
              label={t('remove')}
              name={t('removePartner', { row: index + 1 })}
              focusAfter={() => addPartner.current}
              confirm={{
                question: t('removePartnerQuestion', { row: index + 1 }),
                confirmLabel: t('remove'),
              }}
              className={removeButton}
              onRemove={() => partnerRows.remove(index)}
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
            <RemoveRowButton
              label={t('remove')}
              name={t('removeFunding', { row: index + 1 })}
              focusAfter={() => addFunding.current}
              confirm={{
                question: t('removeFundingQuestion', { row: index + 1 }),
                confirmLabel: t('remove'),
              }}
              className={removeButton}
              onRemove={() => fundingRows.remove(index)}
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
    </Form>
  );
}
