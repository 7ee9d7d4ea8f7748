import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { TextLink } from '@/components/ui/text-link';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/server/current-user';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin');
  return { title: t('title') };
}

const SECTIONS = [
  'reporting',
  'structure',
  'users',
  'posts',
  'departments',
  'import',
  'audit',
  'mail',
] as const;

/** The strategy office's start page: links to every administration screen. */
export default async function AdminPage() {
  const user = await requirePageUser();
  if (!can(user, { action: 'office' })) forbidden();
  const t = await getTranslations('admin');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((section) => (
          <li key={section} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="text-lg font-semibold">
              <TextLink href={section === 'import' ? '/import' : `/admin/${section}`}>
                {t(`sections.${section}.title`)}
              </TextLink>
            </h2>
            <p className="mt-1 text-sm text-slate-700">{t(`sections.${section}.text`)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
