import { getTranslations } from 'next-intl/server';
import { PlainLink } from '@/components/ui/plain-link';

/** A public address that does not exist, or whose strategy is not (yet) published. */
export default async function PublicNotFound() {
  const common = await getTranslations('common');
  const t = await getTranslations('public');
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">{common('notFoundTitle')}</h1>
      <p className="mt-2">{t('notFoundText')}</p>
      <p className="mt-4">
        <PlainLink href="/public">{t('backToList')}</PlainLink>
      </p>
    </main>
  );
}
