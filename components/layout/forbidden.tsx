import Link from 'next/link';
import { useTranslations } from 'next-intl';

/**
 * The refusal of a page the user may not open (app/forbidden.tsx, answered with 403): what happened,
 * whom to ask, and the way back home.
 */
export function Forbidden() {
  const t = useTranslations('common');
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-xl px-4 py-16">
      <div className="rounded border border-amber-300 bg-amber-50 p-6">
        <h1 className="text-2xl font-semibold">{t('forbiddenTitle')}</h1>
        <p className="mt-2">{t('forbiddenText')}</p>
        <p className="mt-4">
          <Link href="/" className="text-brand-700 underline">
            {t('backHome')}
          </Link>
        </p>
      </div>
    </main>
  );
}
