'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useHydrated } from '@/components/ui/form';
import { signOutTo } from '@/lib/auth/browser-session';

export function SignOutButton() {
  const t = useTranslations('common');
  const [pending, setPending] = useState(false);
  // The server's HTML holds the button before the browser has attached its click handler: until
  // then it is disabled, so that a click made too early is not silently lost (the user stays signed
  // in while believing they left).
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={!hydrated || pending}
      onClick={() => {
        setPending(true);
        // A full navigation: every server component then renders without the session. If the
        // server could not be reached, the button comes back, and the user is still signed in.
        signOutTo('/login').then(
          (url) => window.location.assign(url),
          () => setPending(false),
        );
      }}
      className="rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60"
    >
      {t('signOut')}
    </button>
  );
}
