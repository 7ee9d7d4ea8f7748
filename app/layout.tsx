import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: { default: t('appName'), template: `%s · ${t('appName')}` } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  // Only what the header's client components use; pages add their forms' messages (ClientMessages).
  const { common } = await getMessages();
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <a
          href="#main"
          className="no-print sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:text-brand-700"
        >
          {t('skipToContent')}
        </a>
        <NextIntlClientProvider messages={{ common }}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
