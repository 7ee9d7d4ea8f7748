'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { dangerButton, secondaryButton } from './form-parts';

/**
 * A confirmation before something that ends or removes access: the native modal <dialog>
 * (focus kept inside, Escape cancels), labelled by its title and described by its text. "Cancel"
 * has the focus first, so Enter never confirms by accident; on closing, focus returns to the
 * control that opened it.
 */
export function ConfirmDialog({
  open,
  title,
  text,
  confirmLabel,
  pending,
  onConfirm,
  onClose,
  returnFocusTo,
}: {
  open: boolean;
  title: string;
  text: ReactNode;
  confirmLabel: string;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const t = useTranslations('people.common');
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={textId}
      onClose={() => {
        onClose();
        // The opener may be gone after the change (e.g. an ended role's row): then nothing to return to.
        const opener = returnFocusTo.current;
        if (opener?.isConnected) opener.focus();
      }}
      className="m-auto w-full max-w-md rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div id={textId} className="mt-2 text-sm text-slate-800">
        {text}
      </div>
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        {/* The safe choice has the focus when the dialog opens. */}
        <button type="button" autoFocus onClick={() => ref.current?.close()} className={secondaryButton}>
          {t('cancel')}
        </button>
        {/* aria-disabled, not disabled, while saving: a disabled button would drop the focus it has. */}
        <button
          type="button"
          aria-disabled={pending || undefined}
          onClick={() => {
            if (!pending) onConfirm();
          }}
          className={`${dangerButton} aria-disabled:opacity-60`}
        >
          {pending ? t('saving') : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * A button that asks first. `onConfirm` runs the change; the dialog closes when it has finished,
 * whatever the result (the caller shows the result in its status line). When the change makes
 * the button itself go away (an ended role's row), `focusAfterConfirm` names where focus goes.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  title,
  text,
  confirmLabel,
  onConfirm,
  className = dangerButton,
  disabled = false,
  focusAfterConfirm,
}: {
  label: string;
  ariaLabel?: string;
  title: string;
  text: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  className?: string;
  disabled?: boolean;
  focusAfterConfirm?: RefObject<HTMLElement | null>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        disabled={disabled || pending}
        onClick={() => {
          returnTo.current = trigger.current;
          setOpen(true);
        }}
        className={className}
      >
        {label}
      </button>
      <ConfirmDialog
        open={open}
        title={title}
        text={text}
        confirmLabel={confirmLabel}
        pending={pending}
        returnFocusTo={returnTo}
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          setPending(true);
          try {
            await onConfirm();
            if (focusAfterConfirm?.current) returnTo.current = focusAfterConfirm.current;
          } finally {
            setPending(false);
            setOpen(false);
          }
        }}
      />
    </>
  );
}
