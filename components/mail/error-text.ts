'use client';

import { useTranslations } from 'next-intl';

/** A message key of `mail.errors` as text; an unknown key shows as a generic "invalid value". */
export function useMailErrorText() {
  const t = useTranslations('mail.errors');
  return (key: string | undefined): string | undefined => {
    if (!key) return undefined;
    const known = key as Parameters<typeof t>[0];
    return t.has(known) ? t(known) : t('invalid');
  };
}

export const buttonClass =
  'rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60';
