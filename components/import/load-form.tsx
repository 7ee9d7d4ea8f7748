'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useRef, useState } from 'react';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionResult } from '@/lib/actions/result';
import { IMPORT_LIMITS } from '@/lib/cards/import-schema';
import type { ImportPreview } from '@/lib/cards/preview/types';
import { useErrorText } from './use-error-text';
import { Form } from '@/components/ui/form';
import type { FormStatusValue } from '@/components/ui/use-form-errors';

type Status = FormStatusValue;

/** The import's first step: the cards' text, pasted or from a .txt/.docx file, read into a preview. */
export function LoadForm({ onLoaded }: { onLoaded: (preview: ImportPreview) => void }) {
  const t = useTranslations('import');
  const tAction = useTranslations('actionErrors');
  const [status, setStatus] = useState<Status>(null);
  const [fieldError, setFieldError] = useState<{ field: 'text' | 'file'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const errorText = useErrorText();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // The button stays focusable while loading (aria-disabled): a disabled one would drop the focus.
    if (busy) return;
    setStatus(null);
    setFieldError(null);
    const file = fileRef.current?.files?.[0];
    const text = textRef.current?.value ?? '';
    const body = new FormData();
    if (file) {
      // Refused here already, so that 5 MB are not sent for nothing; the server checks again.
      if (file.size > IMPORT_LIMITS.fileBytes) {
        setFieldError({ field: 'file', text: errorText('tooLarge') });
        return;
      }
      body.append('file', file);
    } else {
      if (text.trim() === '') {
        setFieldError({ field: 'text', text: errorText('emptyText') });
        return;
      }
      body.append('text', text);
    }
    setBusy(true);
    try {
      const response = await fetch('/import/upload', { method: 'POST', body });
      const result = (await response.json()) as ActionResult<ImportPreview>;
      if (result.status === 'success') {
        setStatus({ kind: 'success', text: t('loaded', { count: result.data.cards.length }) });
        onLoaded(result.data);
        return;
      }
      const [field, messages] = Object.entries(result.fieldErrors ?? {})[0] ?? [];
      if (result.code === 'invalid' && field && messages?.[0]) {
        const target = field === 'file' ? 'file' : 'text';
        setFieldError({ field: target, text: errorText(messages[0]) });
        setStatus({ kind: 'error', text: errorText(messages[0]) });
        return;
      }
      setStatus({ kind: 'error', text: tAction(result.code) });
    } catch {
      setStatus({ kind: 'error', text: tAction('failed') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-step-1" className="space-y-4">
      <h2 id="import-step-1" className="text-xl font-semibold">
        {t('step1')}
      </h2>
      <Form
        noValidate
        onSubmit={onSubmit}
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <div className="space-y-1">
          <label htmlFor="import-text" className="block font-medium">
            {t('textLabel')}
          </label>
          <p id="import-text-hint" className="text-sm text-slate-700">
            {t('textHint')}
          </p>
          <textarea
            id="import-text"
            ref={textRef}
            rows={10}
            spellCheck={false}
            aria-invalid={fieldError?.field === 'text' ? true : undefined}
            aria-describedby={`import-text-hint${fieldError?.field === 'text' ? ' import-text-error' : ''}`}
            className="w-full rounded border border-slate-500 bg-white px-2 py-1 font-mono text-sm"
          />
          {fieldError?.field === 'text' && (
            <p id="import-text-error" className="text-sm text-red-700">
              {fieldError.text}
            </p>
          )}
        </div>
        <div className="space-y-1">
          <label htmlFor="import-file" className="block font-medium">
            {t('fileLabel')}
          </label>
          <input
            id="import-file"
            ref={fileRef}
            type="file"
            accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-invalid={fieldError?.field === 'file' ? true : undefined}
            aria-describedby={fieldError?.field === 'file' ? 'import-file-error' : undefined}
            className="block max-w-full text-sm"
          />
          {fieldError?.field === 'file' && (
            <p id="import-file-error" className="text-sm text-red-700">
              {fieldError.text}
            </p>
          )}
        </div>
        <button
          type="submit"
          aria-disabled={busy || undefined}
          className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-60"
        >
          {busy ? t('loading') : t('load')}
        </button>
        <FormStatus status={status} />
      </Form>
    </section>
  );
}
