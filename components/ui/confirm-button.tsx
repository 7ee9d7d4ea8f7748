'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';

/**
 * A button that asks first. The question is a modal <dialog> (focus moves into it, Escape
 * cancels, focus returns to the button), so nothing is removed by a slip of the mouse.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  className,
  disabled,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  className?: string;
  disabled?: boolean;
}) {
  const t = useTranslations('common');
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        className={className}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="rounded-lg border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="max-w-md space-y-4 p-5">
          <p id={titleId} className="font-medium">
            {question}
          </p>
          <div className="flex justify-end gap-3">
            <button
              type="button"
              autoFocus
              className="rounded border border-slate-400 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
              onClick={() => dialog.current?.close()}
            >
              {t('cancel')}
            </button>
            <button
              type="button"
              className="rounded bg-red-700 px-3 py-1.5 font-semibold text-white hover:bg-red-800"
              onClick={() => {
                dialog.current?.close();
                onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
