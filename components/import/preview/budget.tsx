'use client';

import { useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import type { PreviewFields } from './fields';

/** The cost and the budget: total cost, the budget's note, and the sources of funding with their values. */
export function BudgetFields({ fields }: { fields: PreviewFields }) {
  const t = useTranslations('import');
  const { base, prefix, removeRow, addRow, headingId, control, register, field, warningsAt } = fields;
  const funding = useFieldArray({ control, name: `${base}.funding` });
  return (
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
          {removeRow('funding', fundingIndex, t('removeFunding', { n: fundingIndex + 1 }), () =>
            funding.remove(fundingIndex),
          )}
        </div>
      ))}
      {addRow('funding', t('addFunding'), () => funding.append({ source: '', value: '' }))}
    </section>
  );
}
