'use client';

import { zodResolver } from '@/components/ui/zod-resolver';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FormStatus } from '@/components/ui/form-status';
import { useUnsavedWarning } from '@/components/ui/use-unsaved-warning';
import type { ServerAction } from '@/lib/actions/result';
import { type CreateUserInput, createUserSchema } from '@/lib/admin/people-schema';
import {
  type Status,
  SelectField,
  SignInField,
  SubmitButton,
  TextField,
  idOrNull,
  useErrorText,
  useResultHandler,
} from './form-parts';
import { Form } from '@/components/ui/form';

const FIELDS = ['login', 'displayName', 'email', 'departmentId', 'signIn', 'password'] as const;
const EMPTY: CreateUserInput = {
  login: '',
  displayName: '',
  email: '',
  departmentId: null,
  signIn: 'password',
  password: '',
};

/** The strategy office creates an account: with an initial password, or signing in through the directory. */
export function CreateUserForm({
  departments,
  directoryConfigured,
  createUserAction,
}: {
  departments: { id: number; name: string }[];
  directoryConfigured: boolean;
  createUserAction: ServerAction;
}) {
  const t = useTranslations('people.users');
  const tCommon = useTranslations('people.common');
  const errorText = useErrorText();
  const handleError = useResultHandler();
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<CreateUserInput>({ resolver: zodResolver(createUserSchema), defaultValues: EMPTY });
  const withPassword = useWatch({ control, name: 'signIn' }) === 'password';
  useUnsavedWarning(isDirty);

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const result = await createUserAction(values);
    if (result.status === 'success') {
      reset(EMPTY);
      setStatus({ kind: 'success', text: t('created', { name: values.displayName.trim() }) });
      router.refresh();
      return;
    }
    setStatus(handleError(result, FIELDS, setError));
  });

  return (
    <Form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <TextField
        id="new-user-displayName"
        label={t('name')}
        required
        autoComplete="off"
        error={errorText(errors.displayName?.message)}
        registration={register('displayName')}
      />
      <TextField
        id="new-user-login"
        label={t('login')}
        required
        autoComplete="off"
        hint={t('loginHint')}
        error={errorText(errors.login?.message)}
        registration={register('login')}
      />
      <TextField
        id="new-user-email"
        label={`${t('email')} ${tCommon('optional')}`}
        type="email"
        autoComplete="off"
        error={errorText(errors.email?.message)}
        registration={register('email')}
      />
      <SelectField
        id="new-user-department"
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
      <SignInField
        idPrefix="new-user"
        registration={register('signIn')}
        directoryConfigured={directoryConfigured}
        error={errorText(errors.signIn?.message)}
      />
      {withPassword && (
        <TextField
          id="new-user-password"
          label={t('password')}
          type="password"
          required
          autoComplete="new-password"
          hint={t('passwordHint')}
          error={errorText(errors.password?.message)}
          registration={register('password')}
        />
      )}
      <div className="space-y-3 sm:col-span-2">
        <SubmitButton pending={isSubmitting}>{t('create')}</SubmitButton>
        <FormStatus status={status} />
      </div>
    </Form>
  );
}
