'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import type { FormStatusValue } from '@/components/ui/use-form-errors';
import type { ServerAction } from '@/lib/actions/result';
import {
  NOTIFICATION_MODES,
  PREFERENCE_KINDS,
  type PreferencesInput,
  preferencesSchema,
} from '@/lib/mail/schema';
import { buttonClass } from './error-text';

/** Per kind of notification: at once, in the daily summary, or off — a group of radio buttons each. */
export function PreferencesForm({
  modes,
  saveAction,
}: {
  modes: PreferencesInput;
  saveAction: ServerAction;
}) {
  const t = useTranslations('mail');
  const tAction = useTranslations('actionErrors');
  const router = useRouter();
  const [status, setStatus] = useState<FormStatusValue>(null);
  const {
    register,
    handleSubmit,
    formState: { isSubmitting },
  } = useForm<PreferencesInput>({ resolver: zodResolver(preferencesSchema), defaultValues: modes });
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await saveAction(values);
    if (result.status === 'success') {
      setStatus({ kind: 'success', text: t('preferences.saved') });
      router.refresh();
      return;
    }
    setStatus({ kind: 'error', text: tAction(result.code) });
  });
  return (
    <Form noValidate onSubmit={onSubmit} className="space-y-4">
      {PREFERENCE_KINDS.map((kind) => (
        <fieldset key={kind} className="rounded border border-slate-300 p-3">
          <legend className="px-1 font-medium">{t(`kinds.${kind}`)}</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            {NOTIFICATION_MODES.map((mode) => (
              <label key={mode} className="flex items-center gap-2">
                <input type="radio" value={mode} className="size-4 accent-brand-700" {...register(kind)} />
                {t(`modes.${mode}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <button type="submit" disabled={isSubmitting} className={buttonClass}>
        {t('preferences.save')}
      </button>
      <FormStatus status={status} />
    </Form>
  );
}
