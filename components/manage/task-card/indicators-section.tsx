'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRef } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { FieldError, TextField } from '@/components/cards/card-fields';
import { RemoveRowButton } from '@/components/cards/remove-row-button';
import type { TaskCardInput } from '@/lib/cards/card-schema';
import { formatNumber } from '@/lib/format';
import { readIndicatorNumber } from '@/lib/numbers';
import { type EditorFields, input, removeButton, smallButton } from './editor-fields';

/** The indicators: per indicator its type, name, source, unit and a target per year. */
export function IndicatorsSection({
  fields,
  indicatorsWithReports,
}: {
  fields: EditorFields;
  indicatorsWithReports: number[];
}) {
  const t = useTranslations('editor');
  const locale = useLocale();
  const { form, years, fieldProps, sectionError } = fields;
  const { register, control, getValues } = form;
  const errors = form.formState.errors;
  // Where focus goes when a row's own Remove button disappears with it: the section's Add button.
  const addIndicator = useRef<HTMLButtonElement>(null);
  const indicators = useFieldArray({ control, name: 'indicators' });
  const watchedIndicators = useWatch({ control, name: 'indicators' }) ?? [];
  return (
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
        const hasReports = id !== null && indicatorsWithReports.includes(id);
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
                return (
                  <TextField
                    key={key}
                    state={fieldProps(`indicators.${index}.${key}`, `indicators-${index}-${key}`)}
                    label={t(`indicator.${key}`)}
                    registration={register(`indicators.${index}.${key}`)}
                    inputClassName={input}
                  />
                );
              })}
            </div>
            <div className="grid gap-2 sm:grid-cols-5">
              {years.map((year, yearIndex) => {
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
                    <FieldError id={target.id} text={target.error} />
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
                <RemoveRowButton
                  label={t('remove')}
                  name={t('removeIndicator', { row: index + 1 })}
                  focusAfter={() => addIndicator.current}
                  confirm={{
                    question: t('removeIndicatorQuestion', { row: index + 1 }),
                    confirmLabel: t('remove'),
                  }}
                  className={removeButton}
                  onRemove={() => indicators.remove(index)}
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
            targets: years.map(() => ''),
          })
        }
      >
        {t('addIndicator')}
      </button>
    </section>
  );
}

function watchedIndicatorsId(getValues: () => TaskCardInput, index: number): number | null {
  return getValues().indicators[index]?.id ?? null;
}
