import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { confirmImportAction } from '@/actions/import';
import { ImportScreen } from '@/components/import/import-screen';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/server/current-user';
import { ClientMessages } from '@/components/i18n/client-messages';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('import');
  return { title: t('title') };
}

/**
 * Importing task cards from the strategy's text: the strategy office for any card, a coordinator
 * for the cards of their programs (the data layer checks each card again on every call).
 */
export default async function ImportPage() {
  const user = await requirePageUser();
  if (!can(user, { action: 'cards.import' })) forbidden();
  const t = await getTranslations('import');
  return (
    <ClientMessages namespaces={['import', 'actionErrors']}>
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="max-w-3xl text-slate-700">
          {can(user, { action: 'office' }) ? t('introAdmin') : t('introCoordinator')}
        </p>
        <ImportScreen confirmImportAction={confirmImportAction} />
      </div>
    </ClientMessages>
  );
}
