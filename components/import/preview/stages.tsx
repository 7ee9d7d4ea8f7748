'use client';

import { useTranslations } from 'next-intl';
import { useFieldArray } from 'react-hook-form';
import { CellInput, FieldError } from '@/components/cards/card-fields';
import { DataTable, TableHead } from '@/components/ui/table';
import { integerOrNull, pointsValue, type PreviewFields } from './fields';

/** The stage grid: per stage its number, name and per year the points done and planned. */
export function StagesGrid({ fields }: { fields: PreviewFields }) {
  const t = useTranslations('import');
  const { base, prefix, removeRow, addRow, headingId, years, control, register, describe, warningsAt } =
    fields;
  const stages = useFieldArray({ control, name: `${base}.stages` });
  return (
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
                  <CellInput
                    state={number}
                    label={t('stageNumber', { stage: stageIndex + 1 })}
                    registration={register(`${base}.stages.${stageIndex}.number`, {
                      setValueAs: integerOrNull,
                    })}
                    inputClassName={number.className}
                    inputMode="numeric"
                  />
                  <FieldError id={number.id} text={number.error} />
                </td>
                <th scope="row" className="py-1 pr-2 text-left font-normal">
                  <CellInput
                    state={name}
                    label={t('stageName', { stage: stageIndex + 1 })}
                    registration={register(`${base}.stages.${stageIndex}.name`)}
                    inputClassName={name.className}
                  />
                  <FieldError id={name.id} text={name.error} />
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
                        <CellInput
                          state={actual}
                          label={t('cellActual', { stage: stageIndex + 1, year })}
                          registration={register(`${base}.stages.${stageIndex}.cells.${yearIndex}.actual`, {
                            setValueAs: pointsValue,
                          })}
                          inputClassName={`${actual.className} w-16 text-center`}
                          inputMode="decimal"
                        />
                        <span aria-hidden="true">/</span>
                        <CellInput
                          state={planned}
                          label={t('cellPlanned', { stage: stageIndex + 1, year })}
                          registration={register(`${base}.stages.${stageIndex}.cells.${yearIndex}.planned`, {
                            setValueAs: pointsValue,
                          })}
                          inputClassName={`${planned.className} w-16 text-center`}
                          inputMode="decimal"
                        />
                      </div>
                      <FieldError id={actual.id} text={actual.error} />
                      <FieldError id={planned.id} text={planned.error} />
                      {warningsAt(cellPath)}
                    </td>
                  );
                })}
                <td className="py-1">
                  {removeRow('stages', stageIndex, t('removeStage', { stage: stageIndex + 1 }), () =>
                    stages.remove(stageIndex),
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      {addRow('stages', t('addStage'), () =>
        stages.append({
          number: stages.fields.length + 1,
          name: '',
          cells: years.map(() => ({ actual: null, planned: null })),
        }),
      )}
    </section>
  );
}
