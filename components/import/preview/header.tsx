'use client';

import { useTranslations } from 'next-intl';
import type { PreviewFields } from './fields';

/** The card's place in the strategy: strategy, goal, program and task, numbers and titles. */
export function HeaderFields({ fields }: { fields: PreviewFields }) {
  const t = useTranslations('import');
  const { base, field, register } = fields;
  return (
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
      {field('program.coordinator', t('fields.programCoordinator'), register(`${base}.program.coordinator`), {
        className: 'sm:col-span-2',
      })}
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
  );
}

/** The task's texts: addressees, justification, description. */
export function TextFields({ fields }: { fields: PreviewFields }) {
  const t = useTranslations('import');
  const { base, field, register } = fields;
  return (
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
  );
}
