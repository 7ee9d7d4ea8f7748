'use client';

import { useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import { CellInput, FieldError } from '@/components/cards/card-fields';
import { DataTable, TableHead } from '@/components/ui/table';
import type { PreviewFields } from './fields';

/** The partners: per row a name and a scope of cooperation. */
export function PartnersTable({ fields }: { fields: PreviewFields }) {
  const t = useTranslations('import');
  const { base, prefix, removeRow, addRow, headingId, control, register, describe, warningsAt } = fields;
  const partners = useFieldArray({ control, name: `${base}.partners` });
  return (
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
                    <CellInput
                      state={name}
                      label={t('partnerName', { n: partnerIndex + 1 })}
                      registration={register(`${base}.partners.${partnerIndex}.name`)}
                      inputClassName={name.className}
                    />
                    <FieldError id={name.id} text={name.error} />
                    {warningsAt(`partners.${partnerIndex}.name`)}
                    {warningsAt(`partners.${partnerIndex}`)}
                  </td>
                  <td className="py-1 pr-2">
                    <CellInput
                      state={scope}
                      label={t('partnerScope', { n: partnerIndex + 1 })}
                      registration={register(`${base}.partners.${partnerIndex}.scope`)}
                      inputClassName={scope.className}
                    />
                    <FieldError id={scope.id} text={scope.error} />
                    {warningsAt(`partners.${partnerIndex}.scope`)}
                  </td>
                  <td className="py-1">
                    {removeRow('partners', partnerIndex, t('removePartner', { n: partnerIndex + 1 }), () =>
                      partners.remove(partnerIndex),
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
      {addRow('partners', t('addPartner'), () => partners.append({ name: '', scope: '' }))}
    </section>
  );
}
