'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRef } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { CellInput, FieldError } from '@/components/cards/card-fields';
import { RemoveRowButton } from '@/components/cards/remove-row-button';
import { DataTable, TableHead } from '@/components/ui/table';
import { isPlanComplete, planTotal } from '@/lib/cards/rules';
import { formatNumber } from '@/lib/format';
import { type EditorFields, input, removeButton, smallButton } from './editor-fields';

/**
 * The plan: per stage its number, name and planned points per year, the sum of the plan, and the
 * reason for a re-plan once a year of it is approved (`asksReason`).
 */
export function StagesSection({
  fields,
  stagesWithReports,
  approvedYears,
  asksReason,
}: {
  fields: EditorFields;
  stagesWithReports: number[];
  approvedYears: number[];
  asksReason: boolean;
}) {
  const t = useTranslations('editor');
  const locale = useLocale();
  const { form, years, fieldProps, sectionError, textInput } = fields;
  const { register, control } = form;
  const errors = form.formState.errors;
  // Where focus goes when a row's own Remove button disappears with it: the section's Add button.
  const addStage = useRef<HTMLButtonElement>(null);
  const stages = useFieldArray({ control, name: 'stages' });
  const watchedStages = useWatch({ control, name: 'stages' }) ?? [];
  const total = planTotal(watchedStages);
  return (
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
            ...years.map((year) => ({ label: year, align: 'center' as const, className: 'w-20' })),
            { label: t('rowActions') },
          ]}
        />
        <tbody>
          {stages.fields.map((field, index) => {
            const hasReports =
              field.id !== undefined &&
              watchedStages[index]?.id !== null &&
              stagesWithReports.includes(watchedStages[index]?.id ?? -1);
            const archived = watchedStages[index]?.archived ?? false;
            const name = fieldProps(`stages.${index}.name`, `stages-${index}-name`);
            const number = fieldProps(`stages.${index}.number`, `stages-${index}-number`);
            return (
              <tr
                key={field.id}
                className={`border-b border-slate-200 align-top ${archived ? 'bg-slate-100 text-slate-600' : ''}`}
              >
                <td className="py-1 pr-2">
                  <CellInput
                    state={number}
                    label={t('stageNumberOf', { row: index + 1 })}
                    registration={register(`stages.${index}.number`)}
                    inputClassName={input}
                    inputMode="numeric"
                  />
                  <FieldError id={number.id} text={number.error} />
                </td>
                <td className="py-1 pr-2">
                  <CellInput
                    state={name}
                    label={t('stageNameOf', { row: index + 1 })}
                    registration={register(`stages.${index}.name`)}
                    inputClassName={input}
                  />
                  <FieldError id={name.id} text={name.error} />
                  {archived && <p className="text-xs">{t('archived')}</p>}
                </td>
                {years.map((year, yearIndex) => {
                  const cell = fieldProps(
                    `stages.${index}.planned.${yearIndex}`,
                    `stages-${index}-planned-${yearIndex}`,
                  );
                  return (
                    <td key={year} className="py-1 pr-2">
                      <CellInput
                        state={cell}
                        label={t('plannedOf', { row: index + 1, year })}
                        registration={register(`stages.${index}.planned.${yearIndex}`)}
                        inputClassName={`${input} text-center`}
                        inputMode="decimal"
                      />
                      <FieldError id={cell.id} text={cell.error} />
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
                    <RemoveRowButton
                      label={t('remove')}
                      name={t('removeStage', { row: index + 1 })}
                      focusAfter={() => addStage.current}
                      confirm={{
                        question: t('removeStageQuestion', { row: index + 1 }),
                        confirmLabel: t('remove'),
                      }}
                      className={removeButton}
                      onRemove={() => stages.remove(index)}
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
            planned: years.map(() => ''),
          })
        }
      >
        {t('addStage')}
      </button>
      {asksReason && (
        <div className="rounded border border-amber-400 bg-amber-50 p-3">
          {textInput('revisionReason', t('revisionReason', { years: approvedYears.join(', ') }), {
            multiline: true,
          })}
        </div>
      )}
    </section>
  );
}
