import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ArchivePostButton, PostForm } from '@/components/admin/post-form';
import { AssignHolderForm, EndHoldingForm } from '@/components/admin/post-holder-forms';
import { CurrentRolesTable, GrantRoleForm, type TargetOptions } from '@/components/admin/post-role-forms';
import { getRoleLabels } from '@/components/admin/role-labels';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { warsawToday } from '@/lib/admin/dates';
import { listDepartmentChoices } from '@/lib/admin/people/departments';
import { listRoleTargets } from '@/lib/admin/people/post-roles';
import { getPost } from '@/lib/admin/people/posts';
import { listUsers } from '@/lib/admin/people/users';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { parseId } from '@/lib/ids';
import { toRoman } from '@/lib/numbers';
import { loadPage } from '@/server/page-data';
import { ClientMessages } from '@/components/i18n/client-messages';
import {
  archivePostAction,
  endPostRoleAction,
  grantPostRoleAction,
  setPostHolderAction,
  updatePostAction,
} from '@/actions/people';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people.posts');
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

/**
 * One post: its details, who holds it (and held it), what it answers for (and answered for),
 * giving and ending roles, archiving.
 */
export default async function PostPage({ params }: { params: Promise<{ id: string }> }) {
  const id = parseId((await params).id);
  if (id === null) notFound();
  const user = await requirePageUser();
  const { post, users, departments, targets } = await loadPage(async () => {
    const db = await getDb();
    return {
      post: await getPost(db, user, id),
      users: await listUsers(db, user),
      departments: await listDepartmentChoices(db, user),
      targets: await listRoleTargets(db, user),
    };
  });
  const t = await getTranslations('people.posts');
  const tTargets = await getTranslations('people.targets');
  const tCommon = await getTranslations('people.common');
  const tUsers = await getTranslations('people.users');
  const tAdmin = await getTranslations('admin');
  const format = await getFormatter();
  const labels = await getRoleLabels();
  const date = (value: Date) => format.dateTime(value, { dateStyle: 'medium' });
  const today = warsawToday();
  const archived = post.archivedAt !== null;

  const current = post.holders.find((holder) => holder.isCurrent) ?? null;
  const open = post.holders.find((holder) => holder.validTo === null) ?? null;
  const departmentChoices =
    post.departmentId !== null && !departments.some((d) => d.id === post.departmentId)
      ? [...departments, { id: post.departmentId, name: post.department ?? '', abbreviation: null }]
      : departments;
  const people = users
    .filter((person) => person.isActive)
    .map((person) => ({ id: person.id, label: `${person.displayName} (${person.login})` }));
  const heldBy = (holder: string | null) => ` — ${holder ? t('heldBy', { post: holder }) : t('nobody')}`;
  const targetOptions: TargetOptions = {
    goal_owner: targets.goals.map((goal) => ({
      id: goal.id,
      label: tTargets('goal', { goal: toRoman(goal.goalNumber), title: goal.title }) + heldBy(goal.holder),
    })),
    coordinator: targets.programs.map((program) => ({
      id: program.id,
      label:
        tTargets('program', {
          goal: toRoman(program.goalNumber),
          program: program.programNumber,
          title: program.title,
        }) + heldBy(program.holder),
    })),
    executor: targets.tasks.map((task) => ({
      id: task.id,
      label:
        tTargets('task', {
          goal: toRoman(task.goalNumber),
          program: task.programNumber,
          task: task.taskNumber,
          title: task.title,
        }) + heldBy(task.holder),
    })),
  };
  const currentRoles = post.roles
    .filter((role) => role.isCurrent)
    .map((role) => ({
      id: role.id,
      roleLabel: labels.role(role.target),
      scopeLabel: labels.scope(role.target),
      since: date(role.validFrom),
    }));

  return (
    <ClientMessages namespaces={['people', 'actionErrors']}>
      <div className="space-y-6">
        <Breadcrumbs
          items={[
            { href: '/admin', label: tAdmin('title') },
            { href: '/admin/posts', label: t('title') },
            { label: post.name },
          ]}
        />
        <div>
          <h1 className="text-2xl font-semibold">{post.name}</h1>
          <p className="text-slate-700">
            {[post.function, post.department].filter(Boolean).join(' · ') || '—'}
          </p>
          {post.archivedAt && (
            <p className="mt-2 rounded border border-amber-300 bg-amber-50 px-3 py-2">
              {t('archivedNotice', { date: date(post.archivedAt) })}
            </p>
          )}
        </div>

        {!archived && (
          <Section id="post-details" title={t('editHeading')}>
            <PostForm
              saveAction={updatePostAction}
              post={{
                id: post.id,
                version: post.version,
                name: post.name,
                function: post.function,
                departmentId: post.departmentId,
              }}
              departments={departmentChoices}
            />
          </Section>
        )}

        <Section id="post-holder" title={t('holderHeading')}>
          <p data-testid="current-holder">
            {current
              ? t('currentHolder', { name: current.displayName, date: date(current.validFrom) })
              : t('noCurrentHolder')}
          </p>
          {!archived && (
            <>
              <h3 className="font-semibold">{t('setHolderHeading')}</h3>
              <AssignHolderForm
                setPostHolderAction={setPostHolderAction}
                postId={post.id}
                version={post.version}
                people={people}
                today={today}
              />
              {open && <h3 className="font-semibold">{t('endHoldingHeading')}</h3>}
              <EndHoldingForm
                setPostHolderAction={setPostHolderAction}
                postId={post.id}
                version={post.version}
                holderName={open?.displayName ?? null}
                today={today}
              />
            </>
          )}
          {post.holders.length === 0 ? (
            <p className="text-slate-700">{t('noHolders')}</p>
          ) : (
            <DataTable caption={t('holdersCaption')}>
              <TableHead
                columns={[{ label: t('person') }, { label: tUsers('from') }, { label: tUsers('to') }]}
              />
              <tbody>
                {post.holders.map((holder) => (
                  <tr key={holder.id} className="border-b border-slate-200">
                    <th scope="row" className="py-2 pr-3 text-left font-medium">
                      <TextLink href={`/admin/users/${holder.userId}`}>{holder.displayName}</TextLink>
                      {!holder.isActive && (
                        <span className="font-normal text-slate-600">
                          {' '}
                          ({tCommon('inactive').toLowerCase()})
                        </span>
                      )}
                    </th>
                    <td className="py-2 pr-3">{date(holder.validFrom)}</td>
                    <td className="py-2 pr-3">
                      {holder.validTo ? date(holder.validTo) : tCommon('stillOpen')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </Section>

        <Section id="post-roles" title={t('rolesHeading')}>
          <CurrentRolesTable
            endPostRoleAction={endPostRoleAction}
            postId={post.id}
            version={post.version}
            caption={t('currentRolesCaption')}
            roles={currentRoles}
          />
          {!archived && (
            <>
              <h3 className="font-semibold">{t('grantHeading')}</h3>
              <GrantRoleForm
                grantPostRoleAction={grantPostRoleAction}
                postId={post.id}
                version={post.version}
                targets={targetOptions}
              />
            </>
          )}
          <h3 className="font-semibold">{t('rolesHistoryCaption')}</h3>
          {post.roles.length === 0 ? (
            <p className="text-slate-700">{t('noRolesHistory')}</p>
          ) : (
            <DataTable caption={t('rolesHistoryCaption')}>
              <TableHead
                columns={[
                  { label: t('role') },
                  { label: t('scope') },
                  { label: t('since') },
                  { label: t('until') },
                ]}
              />
              <tbody>
                {post.roles.map((role) => (
                  <tr key={role.id} className="border-b border-slate-200">
                    <th scope="row" className="py-2 pr-3 text-left font-medium">
                      {labels.role(role.target)}
                    </th>
                    <td className="py-2 pr-3">{labels.scope(role.target)}</td>
                    <td className="py-2 pr-3">{date(role.validFrom)}</td>
                    <td className="py-2 pr-3">{role.validTo ? date(role.validTo) : tCommon('stillOpen')}</td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </Section>

        <Section id="post-archive" title={t('archiveHeading')}>
          {!archived && <p className="text-slate-700">{t('archiveIntro')}</p>}
          <ArchivePostButton
            archivePostAction={archivePostAction}
            post={{ id: post.id, version: post.version, name: post.name, archived }}
          />
        </Section>
      </div>
    </ClientMessages>
  );
}
