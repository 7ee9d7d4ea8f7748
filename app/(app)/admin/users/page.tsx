import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CreateUserForm } from '@/components/admin/user-create-form';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { listDepartmentChoices } from '@/lib/admin/people/departments';
import { listUsers } from '@/lib/admin/people/users';
import { isDirectoryConfigured } from '@/lib/auth/directory';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { loadPage } from '@/server/page-data';
import { ClientMessages } from '@/components/i18n/client-messages';
import { createUserAction } from '@/actions/people';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people.users');
  return { title: t('title') };
}

/** The strategy office's list of accounts, with their departments, posts and state; a new account. */
export default async function UsersPage() {
  const user = await requirePageUser();
  const { users, departments } = await loadPage(async () => {
    const db = await getDb();
    return { users: await listUsers(db, user), departments: await listDepartmentChoices(db, user) };
  });
  const t = await getTranslations('people.users');
  const tCommon = await getTranslations('people.common');
  const tAdmin = await getTranslations('admin');

  return (
    <ClientMessages namespaces={['people', 'actionErrors']}>
      <div className="space-y-6">
        <Breadcrumbs items={[{ href: '/admin', label: tAdmin('title') }, { label: t('title') }]} />
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="max-w-3xl text-slate-700">{t('intro')}</p>

        <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <DataTable caption={t('listCaption')}>
            <TableHead
              columns={[
                { label: t('name') },
                { label: t('login') },
                { label: t('department') },
                { label: t('posts') },
                { label: t('signIn') },
                { label: t('status') },
              ]}
            />
            <tbody>
              {users.map((row) => (
                <tr key={row.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    <TextLink href={`/admin/users/${row.id}`}>{row.displayName}</TextLink>
                    {row.id === user.id && <span className="font-normal text-slate-600"> {t('you')}</span>}
                  </th>
                  <td className="py-2 pr-3">{row.login}</td>
                  <td className="py-2 pr-3">{row.department ?? '—'}</td>
                  <td className="py-2 pr-3">
                    {row.posts.length === 0 ? (
                      <span className="text-slate-600">{t('noPosts')}</span>
                    ) : (
                      <ul>
                        {row.posts.map((post) => (
                          <li key={post.id}>
                            <TextLink href={`/admin/posts/${post.id}`}>{post.name}</TextLink>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="py-2 pr-3">
                    {row.signIn === 'password' ? t('signInPasswordShort') : t('signInDirectoryShort')}
                  </td>
                  <td className="py-2 pr-3">
                    {row.isActive ? (
                      tCommon('active')
                    ) : (
                      <span className="rounded bg-slate-200 px-2 py-0.5 text-slate-800">
                        {tCommon('inactive')}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>

        <section
          aria-labelledby="new-user-heading"
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="new-user-heading" className="text-lg font-semibold">
            {t('createHeading')}
          </h2>
          <CreateUserForm
            createUserAction={createUserAction}
            departments={departments}
            directoryConfigured={isDirectoryConfigured()}
          />
        </section>
      </div>
    </ClientMessages>
  );
}
