'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useLatestVersion } from '@/components/ui/use-latest-version';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormStatus } from '@/components/ui/form-status';
import { useFormErrors } from '@/components/ui/use-form-errors';
import type { ServerAction } from '@/lib/actions/result';

/** The only field is the hidden version: every error goes to the status line. */
const SHOWS = () => false;

/**
 * The executor takes back a submission nobody has acted on yet (asked first, naming the task and
 * the year). The report becomes a draft again and its form replaces this panel: focus goes to the
 * report's state above it, never to the page. The page hands in the server action (a component
 * never imports actions/).
 */
export function RecallPanel({
  taskId,
  taskLabel,
  year,
  version,
  recallAction,
}: {
  taskId: number;
  taskLabel: string;
  year: number;
  version: number;
  recallAction: ServerAction<{ version: number }, [taskId: number, year: number, input: unknown]>;
}) {
  const t = useTranslations('reportFlow');
  const tErrors = useTranslations('reportForm.errors');
  const formErrors = useFormErrors(tErrors);
  const router = useRouter();
  const [latestVersion, setSavedVersion] = useLatestVersion(version);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const recall = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const result = await recallAction(taskId, year, { version: latestVersion });
      if (result.status === 'success') {
        setSavedVersion(result.data.version);
        setStatus({ kind: 'success', text: t('recalled') });
        router.refresh();
        document.getElementById('report-status')?.focus();
        return;
      }
      setStatus(formErrors.fromResult(result, SHOWS, () => undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t('recallHelp')}</p>
      <FormStatus status={status} />
      <ConfirmButton
        label={t('recall')}
        question={t('recallQuestion', { year, task: taskLabel })}
        confirmLabel={t('recall')}
        onConfirm={() => void recall()}
        busy={busy}
        className="rounded border border-brand-700 bg-white px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50 aria-disabled:opacity-60"
        confirmClassName="rounded bg-brand-700 px-3 py-1.5 font-semibold text-white hover:bg-brand-800"
      />
    </div>
  );
}
