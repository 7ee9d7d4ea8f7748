import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ResetPasswordForm } from '@/components/admin/reset-password-form';
import { UserActiveToggle } from '@/components/admin/user-active-toggle';
import { EditUserForm } from '@/components/admin/user-edit-form';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { listDepartmentChoices } from '@/lib/admin/people/departments';
import { getUser } from '@/lib/admin/people/users';
import { isDirectoryConfigured } from '@/lib/auth/directory';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { parseId } from '@/lib/ids';
import { loadPage } from '@/server/page-data';
import { ClientMessages } from '@/components/i18n/client-messages';
import { resetPasswordAction, setUserActiveAction, updateUserAction } from '@/actions/people';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people.users');
  return { title: t('editHeading') };
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One account: its details, deactivation or reactivation, how it signs in, the posts it held. */
export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const me = await requirePageUser();
  const { user, departments } = await loadPage(async () => {
    const db = await getDb();
    return { user: await getUser(db, me, id), departments: await listDepartmentChoices(db, me) };
  });
  const t = await getTranslations('people.users');
  const tCommon = await getTranslations('people.common');
  const tAdmin = await getTranslations('admin');
  const format = await getFormatter();
  const date = (value: Date) => format.dateTime(value, { dateStyle: 'medium' });
  // An archived department stays selectable for the user who already has it.
  const departmentChoices =
    user.departmentId !== null && !departments.some((d) => d.id === user.departmentId)
      ? [...departments, { id: user.departmentId, name: user.department ?? '', abbreviation: null }]
      : departments;
  const isSelf = user.id === me.id;

  return (
    <ClientMessages namespaces={['people', 'actionErrors']}>
      <div className="space-y-6">
        <Breadcrumbs
          items={[
            { href: '/admin', label: tAdmin('title') },
            { href: '/admin/users', label: t('title') },
            { label: user.displayName },
          ]}
        />
        <div>
          <h1 className="text-2xl font-semibold">{user.displayName}</h1>
          <p className="text-slate-700">
            {t('login')}: <span className="font-mono">{user.login}</span> ·{' '}
            {user.isActive ? tCommon('active') : tCommon('inactive')}
          </p>
        </div>

        <Section id="user-details" title={t('editHeading')}>
          <EditUserForm
            updateUserAction={updateUserAction}
            user={{
              id: user.id,
              version: user.version,
              displayName: user.displayName,
              email: user.email ?? '',
              departmentId: user.departmentId,
            }}
            departments={departmentChoices}
          />
        </Section>

        <Section id="user-account" title={t('accountHeading')}>
          <p data-testid="account-state">
            {user.isActive ? t('activeText', { count: user.openSessions }) : t('inactiveText')}
          </p>
          {isSelf ? (
            <p className="text-slate-700">{t('selfText')}</p>
          ) : (
            <UserActiveToggle
              setUserActiveAction={setUserActiveAction}
              id={user.id}
              version={user.version}
              isActive={user.isActive}
              name={user.displayName}
            />
          )}
        </Section>

        <Section id="user-password" title={t('passwordHeading')}>
          <p className="text-slate-700">
            {user.signIn === 'password' ? t('signsInWithPassword') : t('signsInWithDirectory')}{' '}
            {t('passwordIntro')}
          </p>
          <ResetPasswordForm
            resetPasswordAction={resetPasswordAction}
            id={user.id}
            signIn={user.signIn}
            directoryConfigured={isDirectoryConfigured()}
          />
        </Section>

        <Section id="user-holdings" title={t('holdingsHeading')}>
          {user.holdings.length === 0 ? (
            <p>{t('noHoldings')}</p>
          ) : (
            <DataTable caption={t('holdingsCaption')}>
              <TableHead columns={[{ label: t('post') }, { label: t('from') }, { label: t('to') }]} />
              <tbody>
                {user.holdings.map((holding, index) => (
                  <tr key={`${holding.postId}-${index}`} className="border-b border-slate-200">
                    <th scope="row" className="py-2 pr-3 text-left font-medium">
                      <TextLink href={`/admin/posts/${holding.postId}`}>{holding.postName}</TextLink>
                    </th>
                    <td className="py-2 pr-3">{date(holding.validFrom)}</td>
                    <td className="py-2 pr-3">
                      {holding.validTo ? date(holding.validTo) : tCommon('stillOpen')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </Section>
      </div>
    </ClientMessages>
  );
}
