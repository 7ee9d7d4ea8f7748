import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { saveNotificationPreferencesAction } from '@/actions/mail';
import { ClientMessages } from '@/components/i18n/client-messages';
import { PreferencesForm } from '@/components/mail/preferences-form';
import { getDb } from '@/lib/db';
import { getMyPreferences } from '@/lib/mail/preferences';
import { requirePageUser } from '@/server/current-user';
import { loadPage } from '@/server/page-data';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mail.preferences');
  return { title: t('title') };
}

/** The signed-in user's own notification choices. */
export default async function NotificationsPage() {
  const user = await requirePageUser();
  const preferences = await loadPage(async () => getMyPreferences(await getDb(), user));
  const t = await getTranslations('mail.preferences');
  return (
    <ClientMessages namespaces={['mail', 'actionErrors']}>
      <div className="max-w-3xl space-y-6">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-slate-700">{t('intro')}</p>
        <p
          className={
            preferences.email
              ? 'text-slate-800'
              : 'rounded border border-amber-600 bg-amber-50 p-3 text-amber-900'
          }
        >
          {preferences.email ? t('address', { email: preferences.email }) : t('noAddress')}
        </p>
        <PreferencesForm modes={preferences.modes} saveAction={saveNotificationPreferencesAction} />
      </div>
    </ClientMessages>
  );
}
