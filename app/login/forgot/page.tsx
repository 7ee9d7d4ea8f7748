import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requestPasswordResetAction } from '@/actions/mail';
import { setLocale } from '@/actions/locale';
import { ClientMessages } from '@/components/i18n/client-messages';
import { LocaleSwitcher } from '@/components/layout/locale-switcher';
import { ForgotPasswordForm } from '@/components/mail/forgot-password-form';
import { TextLink } from '@/components/ui/text-link';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mail.passwordLink');
  return { title: t('forgotTitle') };
}

/** "Forgot password" (no session needed): asks for the login, answers the same for any. */
export default async function ForgotPasswordPage() {
  const t = await getTranslations('mail.passwordLink');
  const common = await getTranslations('common');
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4">
      <main id="main" className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{common('appName')}</p>
        <h1 className="mb-2 mt-1 text-2xl font-semibold">{t('forgotTitle')}</h1>
        <p className="mb-6 text-sm text-slate-700">{t('forgotIntro')}</p>
        <ClientMessages namespaces={['mail', 'actionErrors', 'people']}>
          <ForgotPasswordForm requestAction={requestPasswordResetAction} />
        </ClientMessages>
        <p className="mt-6 text-sm">
          <TextLink href="/login">{t('backToLogin')}</TextLink>
        </p>
      </main>
      <div className="mt-4">
        <LocaleSwitcher setLocale={setLocale} />
      </div>
    </div>
  );
}
