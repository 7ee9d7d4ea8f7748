import Link from 'next/link';
import { TextLink } from '@/components/ui/text-link';
import { getTranslations } from 'next-intl/server';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { setLocale } from '@/actions/locale';
import { LocaleSwitcher } from '@/components/layout/locale-switcher';
import { can } from '@/lib/auth/permissions';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { countInbox } from '@/lib/reports/inbox';
import { ClientMessages } from '@/components/i18n/client-messages';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const t = await getTranslations('common');
  const waiting = await countInbox(await getDb(), user);
  const postNames = [...new Set(user.roles.map((grant) => grant.postName))];
  // The header's client components (sign-out, …) and every page's read `common`; pages add theirs.
  return (
    <ClientMessages namespaces={[]}>
      <div className="flex min-h-screen flex-col">
        <header className="no-print border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
              <Link href="/" className="text-lg font-semibold text-brand-800">
                {t('appName')}
              </Link>
              <nav aria-label={t('mainNav')}>
                <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                  <li>
                    <TextLink href="/">{t('home')}</TextLink>
                  </li>
                  <li>
                    <TextLink href="/inbox" data-testid="inbox-link">
                      {t('inboxCount', { count: waiting })}
                    </TextLink>
                  </li>
                  {can(user, { action: 'dashboard.read' }) && (
                    <li>
                      <TextLink href="/dashboard">{t('dashboard')}</TextLink>
                    </li>
                  )}
                  {can(user, { action: 'cards.import' }) && (
                    <li>
                      <TextLink href="/import">{t('import')}</TextLink>
                    </li>
                  )}
                  {can(user, { action: 'office' }) && (
                    <li>
                      <TextLink href="/admin">{t('administration')}</TextLink>
                    </li>
                  )}
                </ul>
              </nav>
            </div>
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <span>
                <span className="font-medium">{user.displayName}</span>
                {postNames.length > 0 && <span className="text-slate-600"> · {postNames.join(', ')}</span>}
              </span>
              <TextLink href="/account/notifications">{t('notifications')}</TextLink>
              <LocaleSwitcher setLocale={setLocale} />
              <SignOutButton />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 print-plain">
          {children}
        </main>
      </div>
    </ClientMessages>
  );
}
