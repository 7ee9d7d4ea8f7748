import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: { default: t('appName'), template: `%s · ${t('appName')}` } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  // No messages for the browser here: the signed-in layout and the sign-in page hand over what their
  // client components use (ClientMessages); the public pages have none, and ship no i18n code.
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <a
          href="#main"
          className="no-print sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:text-brand-700"
        >
          {t('skipToContent')}
        </a>
        {children}
      </body>
    </html>
  );
}
