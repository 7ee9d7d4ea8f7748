import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { setPasswordWithLinkAction } from '@/actions/mail';
import { setLocale } from '@/actions/locale';
import { ClientMessages } from '@/components/i18n/client-messages';
import { LocaleSwitcher } from '@/components/layout/locale-switcher';
import { SetPasswordForm } from '@/components/mail/set-password-form';
import { TextLink } from '@/components/ui/text-link';
import { checkPasswordLink } from '@/lib/auth/password-links';
import { getDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

async function linkState(searchParams: Promise<{ token?: string | string[] }>) {
  const { token } = await searchParams;
  const value = typeof token === 'string' ? token : null;
  return { token: value, state: await checkPasswordLink(await getDb(), value) };
}

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}): Promise<Metadata> {
  const t = await getTranslations('mail.passwordLink');
  const { state } = await linkState(searchParams);
  return { title: state === 'valid' ? t('setTitle') : t('invalidTitle') };
}

/**
 * A one-time link's page: the new password's form while the link is good; otherwise a clear page
 * saying why it does not work (used, expired, altered) and where to ask for a new one.
 */
export default async function SetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const t = await getTranslations('mail.passwordLink');
  const common = await getTranslations('common');
  const { token, state } = await linkState(searchParams);
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4">
      <main id="main" className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{common('appName')}</p>
        {state === 'valid' && token ? (
          <>
            <h1 className="mb-2 mt-1 text-2xl font-semibold">{t('setTitle')}</h1>
            <p className="mb-6 text-sm text-slate-700">{t('setIntro')}</p>
            <ClientMessages namespaces={['mail', 'actionErrors', 'people']}>
              <SetPasswordForm token={token} setAction={setPasswordWithLinkAction} />
            </ClientMessages>
          </>
        ) : (
          <>
            <h1 className="mb-2 mt-1 text-2xl font-semibold">{t('invalidTitle')}</h1>
            <p className="mb-6 text-slate-800" data-testid="link-refused">
              {t(`invalid_${state === 'valid' ? 'unknown' : state}`)}
            </p>
            <p className="space-x-4 text-sm">
              <TextLink href="/login/forgot">{t('askAgain')}</TextLink>
              <TextLink href="/login">{t('backToLogin')}</TextLink>
            </p>
          </>
        )}
      </main>
      <div className="mt-4">
        <LocaleSwitcher setLocale={setLocale} />
      </div>
    </div>
  );
}
