'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { Form } from '@/components/ui/form';
import { FormStatus } from '@/components/ui/form-status';
import type { FormStatusValue } from '@/components/ui/use-form-errors';
import { DataTable, TableHead } from '@/components/ui/table';
import type { ServerAction } from '@/lib/actions/result';
import type { AttachmentView } from '@/lib/discussion/attachments';
import { ALLOWED_EXTENSIONS, checkFileName } from '@/lib/discussion/file-names';

/** The upload route's refusals the form puts into words (lib/discussion/attachments.ts). */
const FILE_ERRORS = new Set([
  'empty',
  'tooLarge',
  'taskFull',
  'badType',
  'typeMismatch',
  'badName',
  'notText',
  'locked',
]);

/**
 * A task card's or a report's evidence: the files with their download links, the upload (the file
 * itself as the request body, streamed by the browser; the server checks everything again) and
 * removal. A report's are locked while it is approved.
 */
export function AttachmentPanel({
  taskId,
  year,
  files,
  canAttach,
  locked,
  limits,
  removeAttachmentAction,
}: {
  taskId: number;
  /** Null: the task card's own files. */
  year: number | null;
  files: AttachmentView[];
  canAttach: boolean;
  locked: boolean;
  limits: { fileMb: number; taskMb: number };
  removeAttachmentAction: ServerAction<unknown, [taskId: number, year: number | null, input: unknown]>;
}) {
  const t = useTranslations('discussion');
  const tErrors = useTranslations('discussion.errors');
  const tAction = useTranslations('actionErrors');
  const format = useFormatter();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<FormStatusValue>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const sizeText = (bytes: number) =>
    bytes < 1024
      ? t('bytes', { size: bytes })
      : bytes < 1024 * 1024
        ? t('kilobytes', { size: format.number(bytes / 1024, { maximumFractionDigits: 1 }) })
        : t('megabytes', { size: format.number(bytes / 1024 / 1024, { maximumFractionDigits: 1 }) });

  const fileError = (key: string) =>
    FILE_ERRORS.has(key) ? tErrors(key as 'empty', limits) : tErrors('failed');

  const upload = async () => {
    setStatus(null);
    setFieldError(null);
    const file = input.current?.files?.[0];
    // The same checks as the server's, before sending anything; the server decides.
    const early = !file
      ? 'noFile'
      : checkFileName(file.name) !== 'ok'
        ? checkFileName(file.name)
        : file.size === 0
          ? 'empty'
          : file.size > limits.fileMb * 1024 * 1024
            ? 'tooLarge'
            : null;
    if (early) {
      setFieldError(early === 'noFile' ? tErrors('noFile') : fileError(early));
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const response = await fetch(
        year === null ? `/api/attachments/${taskId}` : `/api/attachments/${taskId}/${year}`,
        {
          method: 'POST',
          headers: {
            'X-File-Name': encodeURIComponent(file!.name),
            'Content-Type': 'application/octet-stream',
          },
          body: file,
        },
      );
      const result = (await response.json().catch(() => null)) as {
        status?: string;
        code?: string;
        fieldErrors?: Record<string, string[]>;
      } | null;
      if (response.ok && result?.status === 'success') {
        setStatus({ kind: 'success', text: t('uploaded', { name: file!.name }) });
        if (input.current) input.current.value = '';
        router.refresh();
        return;
      }
      const key = result?.fieldErrors?.file?.[0];
      if (key) {
        setFieldError(fileError(key));
        input.current?.focus();
      } else
        setStatus({
          kind: 'error',
          text:
            result?.code && result.code !== 'invalid'
              ? tAction(result.code as 'forbidden')
              : tErrors('failed'),
        });
    } catch {
      setStatus({ kind: 'error', text: tErrors('failed') });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (attachmentId: number) => {
    setBusy(true);
    setStatus(null);
    try {
      const result = await removeAttachmentAction(taskId, year, { attachmentId });
      if (result.status === 'success') {
        setStatus({ kind: 'success', text: t('fileRemoved') });
        router.refresh();
      } else {
        const key = result.fieldErrors?.file?.[0];
        setStatus({ kind: 'error', text: key ? fileError(key) : tAction(result.code) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      {locked && <p className="text-sm text-slate-700">{t('locked')}</p>}
      {files.length === 0 ? (
        <p>{t('noAttachments')}</p>
      ) : (
        <DataTable caption={t(year === null ? 'attachmentsCaptionTask' : 'attachmentsCaption')}>
          <TableHead
            columns={[
              { label: t('fileName') },
              { label: t('size'), align: 'right' },
              { label: t('uploadedBy') },
              { label: t('uploadedAt') },
              { label: t('actions') },
            ]}
          />
          <tbody>
            {files.map((file) => (
              <tr key={file.id} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  <a
                    href={`${year === null ? `/tasks/${taskId}` : `/tasks/${taskId}/reports/${year}`}/attachments/${file.id}`}
                    download={file.fileName}
                    className="text-brand-700 underline hover:text-brand-800"
                  >
                    {file.fileName}
                  </a>
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{sizeText(file.sizeBytes)}</td>
                <td className="py-2 pr-3">{file.uploadedBy}</td>
                <td className="py-2 pr-3">
                  {format.dateTime(new Date(file.createdAt), { dateStyle: 'medium', timeStyle: 'short' })}
                </td>
                <td className="py-2 pr-3">
                  {file.canRemove && (
                    <ConfirmButton
                      label={t('remove')}
                      name={t('removeFile', { name: file.fileName })}
                      question={t(year === null ? 'removeFileQuestionTask' : 'removeFileQuestion', {
                        name: file.fileName,
                      })}
                      confirmLabel={t('remove')}
                      busy={busy}
                      onConfirm={() => void remove(file.id)}
                      focusAfter={() => input.current ?? document.getElementById('attachments')}
                      className="text-sm font-semibold text-red-800 underline hover:text-red-900"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <FormStatus status={status} />
      {canAttach && (
        <Form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void upload();
          }}
          className="space-y-2"
        >
          <label htmlFor="attachment-file" className="block font-medium">
            {t('file')}
          </label>
          <p id="attachment-file-help" className="text-sm text-slate-700">
            {t('fileHelp', limits)}
          </p>
          <input
            ref={input}
            id="attachment-file"
            type="file"
            accept={ALLOWED_EXTENSIONS.map((extension) => `.${extension}`).join(',')}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={
              fieldError ? 'attachment-file-error attachment-file-help' : 'attachment-file-help'
            }
            onChange={() => setFieldError(null)}
            className="block w-full rounded border border-slate-500 bg-white px-2 py-1 aria-[invalid=true]:border-red-600"
          />
          {fieldError && (
            <p id="attachment-file-error" className="text-sm text-red-700">
              {fieldError}
            </p>
          )}
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
          >
            {busy ? t('uploading') : t('upload')}
          </button>
        </Form>
      )}
    </div>
  );
}
