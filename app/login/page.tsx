import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/i18n/client-messages';
import { LoginForm } from '@/components/auth/login-form';
import { setLocale } from '@/actions/locale';
import { LocaleSwitcher } from '@/components/layout/locale-switcher';
import { TextLink } from '@/components/ui/text-link';
import { isDirectoryConfigured } from '@/lib/auth/directory';
import { getCurrentUser } from '@/server/current-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('login');
  return { title: t('title') };
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  // A valid session goes straight on; a stale cookie (revoked, expired) stays here to sign in again.
  if (await getCurrentUser()) redirect('/');
  const t = await getTranslations('login');
  const common = await getTranslations('common');
  const mail = await getTranslations('mail.passwordLink');
  const { callbackUrl } = await searchParams;
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4">
      <main id="main" className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{common('appName')}</p>
        <h1 className="mb-2 mt-1 text-2xl font-semibold">{t('title')}</h1>
        <p className="mb-6 text-sm text-slate-700">
          {isDirectoryConfigured() ? t('introDirectory') : t('intro')}
        </p>
        <ClientMessages namespaces={['login']}>
          <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : null} />
        </ClientMessages>
        <p className="mt-6 text-sm">
          <TextLink href="/login/forgot">{mail('forgotLink')}</TextLink>
        </p>
      </main>
      <div className="mt-4">
        <LocaleSwitcher setLocale={setLocale} />
      </div>
    </div>
  );
}
