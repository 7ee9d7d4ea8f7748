'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { TextField } from '@/components/admin/form-parts';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import type { FormStatusValue } from '@/components/ui/use-form-errors';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import type { ServerAction } from '@/lib/actions/result';
import { type MailSettingsInput, mailSettingsSchema } from '@/lib/mail/schema';
import { buttonClass, useMailErrorText } from './error-text';

/** Sends a failed mail again (back to the queue). */
export function ResendButton({
  mail,
  resendAction,
}: {
  mail: { id: number; subject: string; to: string };
  resendAction: ServerAction;
}) {
  const t = useTranslations('mail.office');
  const tAction = useTranslations('actionErrors');
  const router = useRouter();
  const [status, setStatus] = useState<FormStatusValue>(null);
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-2">
      <button
        type="button"
        disabled={pending}
        aria-label={t('resendLabel', { subject: mail.subject, to: mail.to })}
        className="rounded border border-brand-700 bg-white px-3 py-1 text-sm font-semibold text-brand-800 hover:bg-brand-50 disabled:opacity-60"
        onClick={async () => {
          setPending(true);
          const result = await resendAction({ id: mail.id });
          setPending(false);
          if (result.status === 'success') {
            setStatus({ kind: 'success', text: t('resent') });
            router.refresh();
          } else setStatus({ kind: 'error', text: tAction(result.code) });
        }}
      >
        {t('resend')}
      </button>
      <FormStatus status={status} />
    </div>
  );
}

/** The hour (Warsaw) of the daily summary. */
export function DigestHourForm({
  settings,
  saveAction,
}: {
  settings: { digestHour: number; version: number };
  saveAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('mail.office');
  const tAction = useTranslations('actionErrors');
  const errorText = useMailErrorText();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(settings.version);
  const [status, setStatus] = useState<FormStatusValue>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<MailSettingsInput>({
    resolver: zodResolver(mailSettingsSchema),
    defaultValues: { digestHour: settings.digestHour, version: settings.version },
  });
  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await saveAction({ ...values, version });
    if (result.status === 'success') {
      setVersion(result.data.version);
      setStatus({ kind: 'success', text: t('digestSaved') });
      router.refresh();
      return;
    }
    const key = result.fieldErrors?.digestHour?.[0];
    if (key) setError('digestHour', { message: key });
    setStatus({ kind: 'error', text: tAction(result.code) });
  });
  return (
    <Form noValidate onSubmit={onSubmit} className="flex flex-wrap items-end gap-4">
      <TextField
        id="digest-hour"
        type="number"
        label={t('digestHour')}
        hint={t('digestHint')}
        required
        className="max-w-sm"
        error={errorText(errors.digestHour?.message)}
        registration={register('digestHour', { valueAsNumber: true })}
      />
      <button type="submit" disabled={isSubmitting} className={buttonClass}>
        {t('digestSave')}
      </button>
      <div className="basis-full">
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
