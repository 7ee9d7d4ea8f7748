import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { resendMailAction, saveMailSettingsAction } from '@/actions/mail';
import { ClientMessages } from '@/components/i18n/client-messages';
import { DigestHourForm, ResendButton } from '@/components/mail/outbox-forms';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import { getDb } from '@/lib/db';
import { getOutgoingMail } from '@/lib/mail/office';
import { requirePageUser } from '@/server/current-user';
import { loadPage } from '@/server/page-data';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mail.office');
  return { title: t('title') };
}

const FILTERS = ['queued', 'failed', 'kept', 'sent', 'held'] as const;

/**
 * The strategy office's outgoing mail: every mail by state, a failed one with the server's error
 * and a button to send it again, a kept one (no SMTP_URL) in full; the users without an address;
 * the daily summary's hour. The filter is the page's address (`?status=failed`).
 */
export default async function OutgoingMailPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string | string[] }>;
}) {
  const user = await requirePageUser();
  const { status } = await searchParams;
  const mail = await loadPage(async () =>
    getOutgoingMail(await getDb(), user, { status: typeof status === 'string' ? status : undefined }),
  );
  const t = await getTranslations('mail');
  const tAdmin = await getTranslations('admin');
  const format = await getFormatter();
  const total = Object.values(mail.counts).reduce((sum, count) => sum + (count ?? 0), 0);
  const when = (date: Date) => format.dateTime(date, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <ClientMessages namespaces={['mail', 'actionErrors', 'people']}>
      <div className="space-y-6">
        <Breadcrumbs items={[{ href: '/admin', label: tAdmin('title') }, { label: t('office.title') }]} />
        <h1 className="text-2xl font-semibold">{t('office.title')}</h1>
        <p className="max-w-3xl text-slate-700">{t('office.intro')}</p>
        <p className="max-w-3xl rounded border border-slate-300 bg-slate-50 p-3 text-slate-800">
          {mail.smtpConfigured ? t('office.smtp') : t('office.noSmtp')}
        </p>

        <nav aria-label={t('office.filter')}>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <li>
              <TextLink href="/admin/mail" aria-current={mail.status === null ? 'page' : undefined}>
                {t('office.all', { count: total })}
              </TextLink>
            </li>
            {FILTERS.map((filter) => (
              <li key={filter}>
                <TextLink
                  href={`/admin/mail?status=${filter}`}
                  aria-current={mail.status === filter ? 'page' : undefined}
                >
                  {t('office.byStatus', { status: t(`statuses.${filter}`), count: mail.counts[filter] ?? 0 })}
                </TextLink>
              </li>
            ))}
          </ul>
        </nav>

        <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          {mail.rows.length === 0 ? (
            <p>{t('office.empty')}</p>
          ) : (
            <DataTable caption={t('office.caption')}>
              <TableHead
                columns={[
                  { label: t('office.created') },
                  { label: t('office.recipient') },
                  { label: t('office.kind') },
                  { label: t('office.subject') },
                  { label: t('office.status') },
                ]}
              />
              <tbody>
                {mail.rows.map((row) => (
                  <tr key={row.id} className="border-b border-slate-200 align-top" data-testid="outbox-row">
                    <td className="py-2 pr-3 whitespace-nowrap">{when(row.createdAt)}</td>
                    <td className="py-2 pr-3">
                      {row.recipient && <span className="block">{row.recipient}</span>}
                      <span className="break-all text-slate-700">{row.toAddress}</span>
                    </td>
                    <td className="py-2 pr-3">{t(`kinds.${row.kind}`)}</td>
                    <th scope="row" className="py-2 pr-3 text-left font-normal">
                      <details>
                        <summary className="cursor-pointer text-brand-800">
                          <span className="sr-only">{t('office.showBody', { subject: row.subject })}</span>
                          <span aria-hidden>{row.subject}</span>
                        </summary>
                        <pre className="mt-2 max-w-xl whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-sans text-sm">
                          {row.textBody}
                        </pre>
                      </details>
                    </th>
                    <td className="space-y-1 py-2 pr-3">
                      <span className="block font-medium">{t(`statuses.${row.status}`)}</span>
                      {row.sentAt && <span className="block text-slate-700">{when(row.sentAt)}</span>}
                      {row.attempts > 0 && (
                        <span className="block text-slate-700">
                          {t('office.attempts', { count: row.attempts })}
                        </span>
                      )}
                      {row.lastError && (
                        <span className="block break-words text-red-800">
                          {t('office.error', { error: row.lastError })}
                        </span>
                      )}
                      {row.status === 'failed' && (
                        <ResendButton
                          mail={{ id: row.id, subject: row.subject, to: row.toAddress }}
                          resendAction={resendMailAction}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </section>

        <section
          aria-labelledby="without-address-heading"
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="without-address-heading" className="text-lg font-semibold">
            {t('office.withoutAddressHeading')}
          </h2>
          {mail.withoutAddress.length === 0 ? (
            <p>{t('office.withoutAddressNone')}</p>
          ) : (
            <>
              <p className="text-slate-700">{t('office.withoutAddressIntro')}</p>
              <ul className="list-disc space-y-1 pl-6" data-testid="without-address">
                {mail.withoutAddress.map((person) => (
                  <li key={person.id}>
                    <TextLink href={`/admin/users/${person.id}`}>{person.displayName}</TextLink> (
                    {person.login})
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        <section
          aria-labelledby="digest-heading"
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
        >
          <h2 id="digest-heading" className="text-lg font-semibold">
            {t('office.digestHeading')}
          </h2>
          <DigestHourForm settings={mail.settings} saveAction={saveMailSettingsAction} />
        </section>
      </div>
    </ClientMessages>
  );
}
