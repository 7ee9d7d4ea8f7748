'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { TextLink } from '@/components/ui/text-link';

/**
 * A page that failed on the server (the database away, the disk full): Next answers 500 with this
 * in the application's frame, in the user's language, with the error's digest — the key to the
 * server's log line — instead of Next's English default. Focus goes to the heading so that a
 * screen reader announces what happened.
 */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const t = useTranslations('common');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div role="alert" className="max-w-xl space-y-3 py-8">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold">
        {t('serverErrorTitle')}
      </h1>
      <p>{t('serverErrorText')}</p>
      {error.digest ? (
        <p>
          {t('serverErrorCode')}: <code>{error.digest}</code>
        </p>
      ) : null}
      <p className="flex flex-wrap gap-4">
        <button
          type="button"
          onClick={reset}
          className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800"
        >
          {t('tryAgain')}
        </button>
        <TextLink href="/" className="self-center">
          {t('backHome')}
        </TextLink>
      </p>
    </div>
  );
}
