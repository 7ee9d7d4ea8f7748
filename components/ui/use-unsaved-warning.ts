'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';

/** The one event of the Navigation API used here (not yet in TypeScript's DOM types). */
type NavigateEvent = Event & { navigationType: 'push' | 'replace' | 'reload' | 'traverse' };

/**
 * Asks before the page is left while a form has unsaved changes: closing the tab, reloading or
 * typing an address (the browser's own question), and following a link inside the app, which Next
 * handles without unloading the page (our question, in the user's language). A link is followed
 * only when the user confirms. The browser's Back and Forward buttons between pages of the app
 * (history entries Next made, no unload either) ask our question too where the browser lets a page
 * cancel them (the Navigation API's `navigate` event; Chromium does, with a user's activation,
 * which typing into the form gives).
 */
export function useUnsavedWarning(dirty: boolean) {
  const t = useTranslations('common');
  const question = t('unsavedLeave');
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || !leavesPage(event)) return;
      // Runs before Next's own link handler (capture on the document); a prevented click is not
      // followed by Next or by the browser.
      if (!window.confirm(question)) event.preventDefault();
    };
    const onNavigate = (event: Event) => {
      const { navigationType, cancelable } = event as NavigateEvent;
      if (navigationType !== 'traverse' || !cancelable) return;
      if (!window.confirm(question)) event.preventDefault();
    };
    const navigation = (window as { navigation?: EventTarget }).navigation;
    window.addEventListener('beforeunload', warn);
    document.addEventListener('click', onClick, true);
    navigation?.addEventListener('navigate', onNavigate);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', onClick, true);
      navigation?.removeEventListener('navigate', onNavigate);
    };
  }, [dirty, question]);
}

/** A plain click on a link to another page of this tab (not a new tab, a download or an anchor on this page). */
function leavesPage(event: MouseEvent): boolean {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return false;
  if (link.target && link.target !== '_self') return false;
  const to = new URL(link.href, window.location.href);
  const here = window.location;
  const samePage = to.origin === here.origin && to.pathname === here.pathname && to.search === here.search;
  return !samePage;
}
