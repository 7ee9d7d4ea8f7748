'use client';

import { ConfirmButton } from '@/components/ui/confirm-button';

/**
 * After a row is removed its button is gone: focus goes to the button of the row that took its
 * place (`nextId`), else to `fallbackId` (the section's add button), never back to the page.
 */
export function focusAfterRemoval(nextId: string, fallbackId: string) {
  // After React has rendered the removal (the click's update is flushed by then).
  requestAnimationFrame(() =>
    (document.getElementById(nextId) ?? document.getElementById(fallbackId))?.focus(),
  );
}

/**
 * The Remove button of a card's row (a stage, an indicator, a partner, a funding source). In the
 * card editor the row may be saved already, so it asks first (`confirm`: a modal question, then
 * focus to `focusAfter`); in the import preview nothing is saved yet and the row goes at once, focus
 * to the row that took its place (the same `id`), else to `fallbackId`.
 */
export function RemoveRowButton(
  props: { label: string; className: string; onRemove: () => void } & (
    | {
        /** The accessible name: the visible label ("Usuń") repeats on every row. */
        name: string;
        confirm: { question: string; confirmLabel: string };
        focusAfter: () => HTMLElement | null | undefined;
      }
    | { id: string; fallbackId: string; confirm?: undefined }
  ),
) {
  if (props.confirm) {
    return (
      <ConfirmButton
        label={props.label}
        name={props.name}
        focusAfter={props.focusAfter}
        question={props.confirm.question}
        confirmLabel={props.confirm.confirmLabel}
        className={props.className}
        onConfirm={props.onRemove}
      />
    );
  }
  const { id, fallbackId } = props;
  return (
    <button
      type="button"
      id={id}
      className={props.className}
      onClick={() => {
        props.onRemove();
        focusAfterRemoval(id, fallbackId);
      }}
    >
      {props.label}
    </button>
  );
}
