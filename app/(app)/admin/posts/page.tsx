import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PostForm } from '@/components/admin/post-form';
import { getRoleLabels } from '@/components/admin/role-labels';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { listDepartmentChoices } from '@/lib/admin/people/departments';
import { listPosts } from '@/lib/admin/people/posts';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { loadPage } from '@/server/page-data';
import { ClientMessages } from '@/components/i18n/client-messages';
import { createPostAction } from '@/actions/people';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people.posts');
  return { title: t('title') };
}

/** Every post with who holds it now and what it answers for; a new post. */
export default async function PostsPage() {
  const user = await requirePageUser();
  const { posts, departments } = await loadPage(async () => {
    const db = await getDb();
    return { posts: await listPosts(db, user), departments: await listDepartmentChoices(db, user) };
  });
  const t = await getTranslations('people.posts');
  const tCommon = await getTranslations('people.common');
  const tAdmin = await getTranslations('admin');
  const labels = await getRoleLabels();

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
                { label: t('department') },
                { label: t('holder') },
                { label: t('roles') },
                { label: t('status') },
              ]}
            />
            <tbody>
              {posts.map((post) => (
                <tr key={post.id} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    <TextLink href={`/admin/posts/${post.id}`}>{post.name}</TextLink>
                    {post.function && (
                      <span className="block font-normal text-slate-600">{post.function}</span>
                    )}
                  </th>
                  <td className="py-2 pr-3">{post.department ?? '—'}</td>
                  <td className="py-2 pr-3">
                    {post.holder ? (
                      <>
                        <TextLink href={`/admin/users/${post.holder.userId}`}>
                          {post.holder.displayName}
                        </TextLink>
                        {!post.holder.isActive && (
                          <span className="block text-slate-600">{t('inactiveHolder')}</span>
                        )}
                      </>
                    ) : (
                      <span className="text-slate-600">{t('vacant')}</span>
                    )}
                  </td>
                  <td className="py-2 pr-3">
                    {post.roles.length === 0 ? (
                      <span className="text-slate-600">{t('noRoles')}</span>
                    ) : (
                      <ul className="space-y-1">
                        {post.roles.map((role) => (
                          <li key={role.id}>
                            <span className="font-medium">{labels.role(role.target)}</span>
                            {role.target.kind !== 'admin' && <> – {labels.scope(role.target)}</>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="py-2 pr-3">{post.archivedAt ? tCommon('archived') : tCommon('inUse')}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>

        <section
          aria-labelledby="new-post-heading"
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="new-post-heading" className="text-lg font-semibold">
            {t('createHeading')}
          </h2>
          <PostForm saveAction={createPostAction} departments={departments} />
        </section>
      </div>
    </ClientMessages>
  );
}
