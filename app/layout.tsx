import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { SkipLink } from '@/components/layout/skip-link';
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
        <SkipLink label={t('skipToContent')} />
        {children}
      </body>
    </html>
  );
}
