'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';

/**
 * A button that asks first. The question is a modal <dialog> (focus moves into it, Escape
 * cancels, focus returns to the button), so nothing is removed by a slip of the mouse.
 * `name` says what the button removes when its visible label alone ("Usuń") repeats on every row.
 * When confirming removed the button itself (its row is gone), focus goes to `focusAfter()`
 * instead of being lost to the page. `busy` (the confirmed change is running) marks the button
 * aria-disabled and ignores clicks: a disabled button would lose the focus it gets back.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  className,
  disabled,
  busy,
  name,
  focusAfter,
  beforeOpen,
  confirmClassName = 'rounded bg-red-700 px-3 py-1.5 font-semibold text-white hover:bg-red-800',
}: {
  label: string;
  name?: string;
  focusAfter?: () => HTMLElement | null | undefined;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  className?: string;
  disabled?: boolean;
  busy?: boolean;
  /**
   * Runs first (e.g. the form's checks); the question is asked only when it answers true, so
   * that the user corrects what is missing before being asked to confirm.
   */
  beforeOpen?: () => boolean | Promise<boolean>;
  /** The confirming button's look (red by default: most questions are about removing). */
  confirmClassName?: string;
}) {
  const t = useTranslations('common');
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  return (
    <>
      <button
        ref={trigger}
        type="button"
        disabled={disabled}
        aria-disabled={busy || undefined}
        aria-label={name}
        className={className}
        aria-haspopup="dialog"
        onClick={async () => {
          if (busy) return;
          if (beforeOpen && !(await beforeOpen())) return;
          dialog.current?.showModal();
        }}
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
              className="rounded border border-slate-500 bg-white px-3 py-1.5 font-medium hover:bg-slate-100"
              onClick={() => dialog.current?.close()}
            >
              {t('cancel')}
            </button>
            <button
              type="button"
              className={confirmClassName}
              onClick={() => {
                dialog.current?.close();
                onConfirm();
                // After React has rendered the removal (the click's update is flushed by then).
                requestAnimationFrame(() => {
                  if (!trigger.current?.isConnected) focusAfter?.()?.focus();
                });
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
