'use client';

import { type ComponentProps, useSyncExternalStore } from 'react';
/*
 * No zod here: every page with a button uses useHydrated, and validation code belongs only where
 * a form checks its input (components/ui/zod-resolver.ts configures zod for the browser).
 */
const noSubscription = () => () => {};

/**
 * False in the server's HTML and while React attaches its handlers, true from then on. Until then
 * a click or a keystroke would be lost: a button does nothing (or submits the page natively), and
 * text typed into a field is overwritten by the form library's default when it takes the field.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A form whose fields and buttons are disabled until the browser has attached its handlers, so that
 * nothing a user types or clicks that early is silently lost. The fields sit in a fieldset that
 * carries the form's layout (`className`) and adds no group for screen readers
 * (`role="presentation"`): the form's own groups and labels stay as they were.
 */
export function Form({ className, children, ...props }: ComponentProps<'form'>) {
  const hydrated = useHydrated();
  return (
    <form {...props}>
      <fieldset
        role="presentation"
        disabled={!hydrated}
        className={`m-0 min-w-0 border-0 p-0${className ? ` ${className}` : ''}`}
      >
        {children}
      </fieldset>
    </form>
  );
}
