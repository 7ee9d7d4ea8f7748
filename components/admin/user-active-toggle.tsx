'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormStatus } from '@/components/ui/form-status';
import type { ServerAction } from '@/lib/actions/result';
import { ConfirmButton } from './confirm-dialog';
import { type Status, primaryButton, useErrorText } from './form-parts';
import { useLatestVersion } from '@/components/ui/use-latest-version';

/** Deactivates (ending every session at once) or reactivates an account, after a confirmation. */
export function UserActiveToggle({
  id,
  version: renderedVersion,
  isActive,
  name,
  setUserActiveAction,
}: {
  id: number;
  version: number;
  isActive: boolean;
  name: string;
  setUserActiveAction: ServerAction<{ version: number; isActive: boolean; revokedSessions: number }>;
}) {
  const t = useTranslations('people.users');
  const tAction = useTranslations('actionErrors');
  const errorText = useErrorText();
  const router = useRouter();
  const [version, setVersion] = useLatestVersion(renderedVersion);
  const [status, setStatus] = useState<Status>(null);

  const toggle = async () => {
    setStatus(null);
    const result = await setUserActiveAction({ id, version, active: !isActive });
    if (result.status === 'success') {
      setVersion(result.data.version);
      setStatus({
        kind: 'success',
        text: result.data.isActive
          ? t('reactivated')
          : t('deactivated', { count: result.data.revokedSessions }),
      });
      router.refresh();
      return;
    }
    const fieldMessage = result.fieldErrors && Object.values(result.fieldErrors)[0]?.[0];
    setStatus({ kind: 'error', text: fieldMessage ? (errorText(fieldMessage) ?? '') : tAction(result.code) });
  };

  return (
    <div className="space-y-3">
      {isActive ? (
        <ConfirmButton
          label={t('deactivate')}
          title={t('deactivateTitle', { name })}
          text={t('deactivateText')}
          confirmLabel={t('deactivate')}
          onConfirm={toggle}
        />
      ) : (
        <ConfirmButton
          label={t('reactivate')}
          title={t('reactivateTitle', { name })}
          text={t('reactivateText')}
          confirmLabel={t('reactivate')}
          onConfirm={toggle}
          className={primaryButton}
        />
      )}
      <FormStatus status={status} />
    </div>
  );
}
