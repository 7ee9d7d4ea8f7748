import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { PlainLink } from '@/components/ui/plain-link';
import type { Locale } from '@/i18n/config';

/** The address of a public page in a language: `/public/{lang}{path}`. */
export const publicPath = (lang: Locale, path = '') => `/public/${lang}${path}`;

/**
 * A public page's frame: the site's name, the city and strategy, the language switch (links to the
 * same page in the other language) and the page in `main`. No session, no sign-out, nothing personal:
 * every visitor gets the same page.
 */
export function PublicShell({
  lang,
  path,
  strategy,
  children,
}: {
  lang: Locale;
  /** This page's address after `/public/{lang}`, for the other language's link. */
  path: string;
  strategy?: { id: number; name: string; cityName: string };
  children: ReactNode;
}) {
  const t = useTranslations('public');
  const common = useTranslations('common');
  const other: Locale = lang === 'pl' ? 'en' : 'pl';
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="min-w-0">
            <PlainLink href={publicPath(lang)} className="text-lg font-semibold text-brand-800">
              {t('siteName')}
            </PlainLink>
            {strategy && (
              <p className="text-sm text-slate-700">
                {strategy.cityName} ·{' '}
                <PlainLink href={publicPath(lang, `/strategies/${strategy.id}`)}>{strategy.name}</PlainLink>
              </p>
            )}
          </div>
          <nav aria-label={t('language')} className="no-print text-sm">
            <a
              href={publicPath(other, path)}
              hrefLang={other}
              lang={other}
              className="text-brand-700 underline-offset-2 hover:underline"
            >
              {other === 'en' ? common('english') : common('polish')}
            </a>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 print-plain">
        {children}
      </main>
    </div>
  );
}

/**
 * Links to the open data of the view: `{base}.json` and `{base}.csv` (the open-data files at their
 * stable addresses under /public/data), and the whole strategy's file when given.
 */
export function OpenDataLinks({ base, allJson }: { base: string; allJson?: string }) {
  const t = useTranslations('public');
  return (
    <section
      aria-labelledby="open-data"
      className="no-print mt-6 rounded border border-slate-200 bg-white p-4 text-sm"
    >
      <h2 id="open-data" className="font-semibold">
        {t('openData')}
      </h2>
      <p className="mt-1">{t('openDataIntro')}</p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        <li>
          <a href={`${base}.json`} type="application/json" className="text-brand-700 underline">
            {t('downloadJson')}
          </a>
        </li>
        <li>
          <a href={`${base}.csv`} type="text/csv" className="text-brand-700 underline">
            {t('downloadCsv')}
          </a>
        </li>
        {allJson && (
          <li>
            <a href={allJson} type="application/json" className="text-brand-700 underline">
              {t('downloadAll')}
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}
