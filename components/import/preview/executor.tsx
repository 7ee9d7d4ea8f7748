'use client';

import { useTranslations } from 'next-intl';
import { FieldError } from '@/components/cards/card-fields';
import type { PostOption } from '@/lib/strategy/post-options';
import { postIdOrNull, type PreviewFields } from './fields';

/** The executor as written on the card, and the post chosen for it. */
export function ExecutorFields({ fields, posts }: { fields: PreviewFields; posts: PostOption[] }) {
  const t = useTranslations('import');
  const { base, register, describe, field, warningsAt } = fields;
  const post = describe('task.executorPostId');
  return (
    <fieldset className="grid gap-4 sm:grid-cols-2">
      <legend className="mb-2 text-base font-semibold">{t('sections.executor')}</legend>
      {field(
        'task.executor.department',
        t('fields.executorDepartment'),
        register(`${base}.task.executor.department`),
      )}
      {field(
        'task.executor.function',
        t('fields.executorFunction'),
        register(`${base}.task.executor.function`),
      )}
      <div className="sm:col-span-2">{warningsAt('task.executor')}</div>
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor={post.id} className="block text-sm font-medium">
          {t('executorPost')}
        </label>
        <select
          {...register(`${base}.task.executorPostId`, { setValueAs: postIdOrNull })}
          id={post.id}
          className={post.className}
          aria-invalid={post['aria-invalid']}
          aria-describedby={post['aria-describedby']}
        >
          <option value="">{t('noPost')}</option>
          {posts.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        <FieldError id={post.id} text={post.error} />
        {warningsAt('task.executorPostId')}
      </div>
    </fieldset>
  );
}
