'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';

/**
 * Asks before the page is left while a form has unsaved changes: closing the tab, reloading or
 * typing an address (the browser's own question), and following a link inside the app, which Next
 * handles without unloading the page (our question, in the user's language). A link is followed
 * only when the user confirms.
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
    window.addEventListener('beforeunload', warn);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', onClick, true);
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
