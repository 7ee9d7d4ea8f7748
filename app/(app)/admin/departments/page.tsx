import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ArchiveDepartmentButton, DepartmentForm } from '@/components/admin/department-form';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { listDepartments } from '@/lib/admin/people/departments';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { loadPage } from '@/server/page-data';
import { ClientMessages } from '@/components/i18n/client-messages';
import { archiveDepartmentAction, createDepartmentAction, updateDepartmentAction } from '@/actions/people';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people.departments');
  return { title: t('title') };
}

/** Departments and municipal units: add, rename, archive. */
export default async function DepartmentsPage() {
  const user = await requirePageUser();
  const departments = await loadPage(async () => listDepartments(await getDb(), user));
  const t = await getTranslations('people.departments');
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
                { label: t('abbreviation') },
                { label: t('users'), align: 'right' },
                { label: t('posts'), align: 'right' },
                { label: t('status') },
                { label: t('actions') },
              ]}
            />
            <tbody>
              {departments.map((department) => {
                const archived = department.archivedAt !== null;
                return (
                  <tr key={department.id} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 text-left font-medium">
                      {department.name}
                    </th>
                    <td className="py-2 pr-3">{department.abbreviation ?? '—'}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{department.users}</td>
                    <td className="py-2 pr-3 text-right tabular-nums">{department.posts}</td>
                    <td className="py-2 pr-3">{archived ? tCommon('archived') : tCommon('inUse')}</td>
                    <td className="space-y-2 py-2 pr-3">
                      {!archived && (
                        <details>
                          <summary
                            className="cursor-pointer text-brand-700"
                            aria-label={t('editLabel', { name: department.name })}
                          >
                            {t('edit')}
                          </summary>
                          <div className="mt-3 min-w-[min(18rem,100%)]">
                            <DepartmentForm
                              saveAction={updateDepartmentAction}
                              department={{
                                id: department.id,
                                version: department.version,
                                name: department.name,
                                abbreviation: department.abbreviation,
                              }}
                            />
                          </div>
                        </details>
                      )}
                      <ArchiveDepartmentButton
                        archiveDepartmentAction={archiveDepartmentAction}
                        department={{
                          id: department.id,
                          version: department.version,
                          name: department.name,
                          archived,
                        }}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </DataTable>
        </section>

        <section
          aria-labelledby="new-department-heading"
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="new-department-heading" className="text-lg font-semibold">
            {t('createHeading')}
          </h2>
          <DepartmentForm saveAction={createDepartmentAction} />
        </section>
      </div>
    </ClientMessages>
  );
}
