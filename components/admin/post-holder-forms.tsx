'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import type { ServerAction } from '@/lib/actions/result';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import {
  type AssignPostHolderInput,
  type SetPostHolderInput,
  assignPostHolderSchema,
  setPostHolderSchema,
} from '@/lib/admin/people-schema';
import { ConfirmDialog } from './confirm-dialog';
import {
  FocusableStatus,
  type Status,
  SelectField,
  SubmitButton,
  TextField,
  dangerButton,
  idOrNull,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { Form } from '@/components/ui/form';

/** Someone holds the post from a day on; whoever held it before stops that day. */
export function AssignHolderForm({
  postId,
  version: renderedVersion,
  people,
  today,
  setPostHolderAction,
}: {
  postId: number;
  version: number;
  people: { id: number; label: string }[];
  today: string;
  setPostHolderAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('people.posts');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(renderedVersion);
  const [status, setStatus] = useState<Status>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<AssignPostHolderInput>({
    resolver: zodResolver(assignPostHolderSchema),
    // The select starts on "choose" (no value): the schema then asks for a person.
    defaultValues: { postId, version: renderedVersion, from: today },
  });
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await setPostHolderAction({ ...values, version });
    if (result.status === 'success') {
      setVersion(result.data.version);
      reset(values);
      setStatus({ kind: 'success', text: t('holderSet') });
      router.refresh();
      return;
    }
    setStatus(handleError(result, ['userId', 'from'], setError));
  });

  return (
    <Form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <SelectField
        id="holder-user"
        label={t('person')}
        required
        error={errorText(errors.userId?.message)}
        registration={register('userId', { setValueAs: idOrNull })}
      >
        <option value="">{tCommon('choose')}</option>
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.label}
          </option>
        ))}
      </SelectField>
      <TextField
        id="holder-from"
        label={t('from')}
        type="date"
        required
        hint={t('fromHint')}
        error={errorText(errors.from?.message)}
        registration={register('from')}
      />
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>{t('setHolder')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}

/**
 * The current holding ends on a day, with no successor: validated, then asked (naming who and
 * when). Rendered also when the post is vacant (only the status line), so that the result stays.
 */
export function EndHoldingForm({
  postId,
  version: renderedVersion,
  holderName,
  today,
  setPostHolderAction,
}: {
  postId: number;
  version: number;
  holderName: string | null;
  today: string;
  setPostHolderAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('people.posts');
  const format = useFormatter();
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(renderedVersion);
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const {
    register,
    handleSubmit,
    getValues,
    setError,
    formState: { errors },
  } = useForm<SetPostHolderInput>({
    resolver: zodResolver(setPostHolderSchema),
    defaultValues: { postId, version: renderedVersion, userId: null, from: today },
  });

  // Validated first, then the confirmation; the change runs only from the dialog.
  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    handleSubmit(() => {
      returnTo.current = trigger.current;
      setConfirming(true);
    })(event);
  const confirm = async () => {
    setPending(true);
    setStatus(null);
    const result = await setPostHolderAction({ ...getValues(), userId: null, version });
    setPending(false);
    returnTo.current = statusRef.current;
    setConfirming(false);
    if (result.status === 'success') {
      setVersion(result.data.version);
      setStatus({ kind: 'success', text: t('holdingEnded') });
      router.refresh();
      return;
    }
    setStatus(handleError(result, ['from', 'userId'], setError));
  };
  const day = getValues('from');
  const dayText = /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? format.dateTime(new Date(`${day}T12:00:00Z`), { dateStyle: 'long' })
    : day;

  return (
    <div className="space-y-3">
      {holderName !== null && (
        <Form noValidate onSubmit={onSubmit} className="flex flex-wrap items-start gap-4">
          <TextField
            id="end-holding-from"
            label={t('endDate')}
            type="date"
            required
            hint={t('endDateHint')}
            error={errorText(errors.from?.message ?? errors.userId?.message)}
            registration={register('from')}
          />
          <button
            ref={trigger}
            type="submit"
            aria-haspopup="dialog"
            disabled={pending}
            className={`mt-6 ${dangerButton}`}
          >
            {t('endHolding')}
          </button>
          <ConfirmDialog
            open={confirming}
            title={t('endHoldingTitle')}
            text={t('endHoldingText', { name: holderName, date: dayText })}
            confirmLabel={t('endHolding')}
            pending={pending}
            onConfirm={confirm}
            onClose={() => setConfirming(false)}
            returnFocusTo={returnTo}
          />
        </Form>
      )}
      <FocusableStatus status={status} focusRef={statusRef} />
    </div>
  );
}
