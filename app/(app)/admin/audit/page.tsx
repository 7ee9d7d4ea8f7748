import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { DataTable, TableHead } from '@/components/ui/table';
import { TextLink } from '@/components/ui/text-link';
import {
  type AuditTranslator,
  type AuditValueWords,
  auditPathText,
  auditValueWords,
  auditWords,
  leafKey,
} from '@/lib/admin/audit-values';
import {
  AUDIT_ENTITIES,
  type AuditChange,
  type AuditFilter,
  listAuditEntries,
  parseAuditFilter,
} from '@/lib/admin/audit-log';
import { requirePageUser } from '@/server/current-user';
import { getDb } from '@/lib/db';
import { loadPage } from '@/server/page-data';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admin.audit');
  return { title: t('title') };
}

/** How many changes of one entry show before "show all". */
const SHOWN_CHANGES = 8;
/** A value longer than this is cut (the log keeps it whole). */
const VALUE_MAX = 200;

const cut = (text: string) => (text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX)}…` : text);

/** A value in words: text as it is, an object or a list of objects as a "field: value" list. */
function ValueWords({ value }: { value: AuditValueWords }) {
  if (typeof value === 'string') return <>{cut(value)}</>;
  return (
    <ul className="ml-4 list-disc">
      {value.map((item, index) => (
        <li key={index}>
          {item.label !== null && <>{item.label}: </>}
          <ValueWords value={item.value} />
        </li>
      ))}
    </ul>
  );
}

/** The address of the log with this filter, at the page of entries older than `before`. */
function hrefOf(filter: AuditFilter, before?: number) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (key !== 'before' && value !== undefined) params.set(key, String(value));
  }
  if (before !== undefined) params.set('before', String(before));
  const query = params.toString();
  return query ? `/admin/audit?${query}` : '/admin/audit';
}

const FIELD = 'block rounded border border-slate-500 bg-white px-2 py-1';

/** A labelled field of the filter form (a plain GET form: the filter is the page's address). */
function FilterField({ name, label, children }: { name: string; label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

function FilterSelect({
  name,
  label,
  value,
  all,
  options,
}: {
  name: string;
  label: string;
  value: string;
  /** The first choice: no filter. */
  all: string;
  options: { value: string; label: string }[];
}) {
  return (
    <FilterField name={name} label={label}>
      <select id={`audit-${name}`} name={name} defaultValue={value} className={FIELD}>
        <option value="">{all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

function FilterDate({ name, label, value }: { name: string; label: string; value: string | undefined }) {
  return (
    <FilterField name={name} label={label}>
      <input id={`audit-${name}`} name={name} type="date" defaultValue={value} className={FIELD} />
    </FilterField>
  );
}

/** The strategy office's change log: every change, newest first, filterable, with before and after. */
export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const filter = parseAuditFilter(await searchParams);
  const { entries, next, actors, names } = await loadPage(async () =>
    listAuditEntries(await getDb(), user, filter),
  );
  const t = await getTranslations('admin.audit');
  const tAdmin = await getTranslations('admin');
  const tStatus = await getTranslations('reportStatus');
  const format = await getFormatter();
  const entityName = (entity: string) =>
    t.has(`entities.${entity}` as 'entities.task') ? t(`entities.${entity}` as 'entities.task') : entity;
  const actionName = (action: string) =>
    t.has(`actions.${action}` as 'actions.create') ? t(`actions.${action}` as 'actions.create') : action;
  const words = auditWords(
    t as unknown as AuditTranslator,
    tStatus as unknown as AuditTranslator,
    format,
    names,
  );
  const pathText = (path: string) => auditPathText(path, words.field);
  const valueOf = (value: unknown, path: string) => (
    <ValueWords value={auditValueWords(value, leafKey(path), words)} />
  );

  const changeItem = (change: AuditChange, index: number) => (
    <li key={index} className="break-words">
      {change.path && <span className="text-slate-700">{pathText(change.path)}: </span>}
      {/* A value set where there was none (a creation) shows without a "before". */}
      {change.before !== undefined && (
        <>
          <span className="text-slate-700">{valueOf(change.before, change.path)}</span>
          {' → '}
        </>
      )}
      <span className="font-medium">{valueOf(change.after, change.path)}</span>
    </li>
  );

  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ href: '/admin', label: tAdmin('title') }, { label: t('title') }]} />
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="max-w-3xl text-slate-700">{t('intro')}</p>

      <section
        aria-labelledby="audit-filters"
        className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="audit-filters" className="text-lg font-semibold">
          {t('filters')}
        </h2>
        {/* A plain GET form: the filter is the page's address, so it can be bookmarked and shared. */}
        <form method="get" action="/admin/audit" className="flex flex-wrap items-end gap-4">
          <FilterSelect
            name="entity"
            label={t('entity')}
            value={filter.entity ?? ''}
            all={t('allEntities')}
            options={AUDIT_ENTITIES.map((entity) => ({ value: entity, label: entityName(entity) }))}
          />
          <FilterSelect
            name="actor"
            label={t('actor')}
            value={filter.actor ? String(filter.actor) : ''}
            all={t('allActors')}
            options={actors.map((actor) => ({ value: String(actor.id), label: actor.name }))}
          />
          <FilterDate name="from" label={t('from')} value={filter.from} />
          <FilterDate name="to" label={t('to')} value={filter.to} />
          <button
            type="submit"
            className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800"
          >
            {t('apply')}
          </button>
          <TextLink href="/admin/audit">{t('clear')}</TextLink>
        </form>
      </section>

      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        {entries.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <DataTable caption={t('caption')}>
            <TableHead
              columns={[
                { label: t('at') },
                { label: t('who') },
                { label: t('subject') },
                { label: t('action') },
                { label: t('changes') },
              ]}
            />
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-b border-slate-200 align-top" data-testid="audit-entry">
                  <th scope="row" className="whitespace-nowrap py-2 pr-3 text-left font-normal">
                    <time dateTime={entry.at.toISOString()}>
                      {format.dateTime(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}
                    </time>
                  </th>
                  <td className="py-2 pr-3">{entry.actor ?? t('system')}</td>
                  <td className="py-2 pr-3">
                    <span className="block text-xs text-slate-700">{entityName(entry.entity)}</span>
                    {entry.subject ? (
                      entry.subject.href ? (
                        <TextLink href={entry.subject.href}>{entry.subject.label}</TextLink>
                      ) : (
                        entry.subject.label
                      )
                    ) : (
                      t('gone', { entity: entityName(entry.entity), id: entry.entityId })
                    )}
                  </td>
                  <td className="py-2 pr-3">{actionName(entry.action)}</td>
                  <td className="min-w-[min(16rem,100%)] py-2 pr-3">
                    {entry.changes.length === 0 ? (
                      <span className="text-slate-700">{t('noChanges')}</span>
                    ) : (
                      <>
                        <ul className="space-y-0.5">
                          {entry.changes.slice(0, SHOWN_CHANGES).map(changeItem)}
                        </ul>
                        {entry.changes.length > SHOWN_CHANGES && (
                          <details className="mt-1">
                            <summary className="cursor-pointer text-brand-700 underline">
                              {t('moreChanges', { count: entry.changes.length - SHOWN_CHANGES })}
                            </summary>
                            <ul className="mt-1 space-y-0.5">
                              {entry.changes.slice(SHOWN_CHANGES).map(changeItem)}
                            </ul>
                          </details>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <nav aria-label={t('pages')} className="flex flex-wrap gap-4">
          {filter.before !== undefined && <TextLink href={hrefOf(filter)}>{t('newest')}</TextLink>}
          {next !== null && <TextLink href={hrefOf(filter, next)}>{t('older')}</TextLink>}
        </nav>
      </section>
    </div>
  );
}
