'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import type { ServerAction } from '@/lib/actions/result';
import { type UpdateUserInput, updateUserSchema } from '@/lib/admin/people-schema';
import {
  type Status,
  SelectField,
  SubmitButton,
  TextField,
  idOrNull,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { Form } from '@/components/ui/form';

const FIELDS = ['displayName', 'email', 'departmentId'] as const;

/** Name, e-mail and department of an account (the login stays as it is). */
export function EditUserForm({
  user,
  departments,
  updateUserAction,
}: {
  user: UpdateUserInput;
  departments: { id: number; name: string }[];
  updateUserAction: ServerAction<{ version: number }>;
}) {
  const t = useTranslations('people.users');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(user.version);
  const [status, setStatus] = useState<Status>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<UpdateUserInput>({ resolver: zodResolver(updateUserSchema), defaultValues: user });
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await updateUserAction({ ...values, version });
    if (result.status === 'success') {
      setVersion(result.data.version);
      reset({ ...values, version: result.data.version });
      setStatus({ kind: 'success', text: tCommon('saved') });
      router.refresh();
      return;
    }
    setStatus(handleError(result, FIELDS, setError));
  });

  return (
    <Form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <TextField
        id="user-displayName"
        label={t('name')}
        required
        error={errorText(errors.displayName?.message)}
        registration={register('displayName')}
      />
      <TextField
        id="user-email"
        label={`${t('email')} ${tCommon('optional')}`}
        type="email"
        error={errorText(errors.email?.message)}
        registration={register('email')}
      />
      <SelectField
        id="user-department"
        label={`${t('department')} ${tCommon('optional')}`}
        error={errorText(errors.departmentId?.message)}
        registration={register('departmentId', { setValueAs: idOrNull })}
      >
        <option value="">{tCommon('noDepartment')}</option>
        {departments.map((department) => (
          <option key={department.id} value={department.id}>
            {department.name}
          </option>
        ))}
      </SelectField>
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>{tCommon('save')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
