'use client';

import { useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import { FieldError } from '@/components/cards/card-fields';
import type { PreviewFields } from './fields';

/** The indicators: per indicator its type, name, source and a value per year. */
export function IndicatorsList({ fields }: { fields: PreviewFields }) {
  const t = useTranslations('import');
  const {
    base,
    prefix,
    removeRow,
    addRow,
    headingId,
    years,
    control,
    register,
    describe,
    field,
    warnings,
    warningsAt,
  } = fields;
  const indicators = useFieldArray({ control, name: `${base}.indicators` });
  return (
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
            <legend className="px-1 font-semibold">{t('indicatorLegend', { n: indicatorIndex + 1 })}</legend>
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
                <FieldError id={type.id} text={type.error} />
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
            {removeRow('indicators', indicatorIndex, t('removeIndicator', { n: indicatorIndex + 1 }), () =>
              indicators.remove(indicatorIndex),
            )}
          </fieldset>
        );
      })}
      {addRow('indicators', t('addIndicator'), () =>
        indicators.append({ type: 'product', name: '', source: '', values: years.map(() => '') }),
      )}
    </section>
  );
}
