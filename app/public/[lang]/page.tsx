import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { PublicShell, publicPath } from '@/components/public/public-shell';
import { DataTable, TableHead } from '@/components/ui/table';
import { PlainLink } from '@/components/ui/plain-link';
import { getDb } from '@/lib/db';
import { listPublishedStrategies } from '@/lib/public/data';
import { publicLocale, publicMetadata } from '@/server/public-page';

type Params = Promise<{ lang: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const lang = publicLocale((await params).lang);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  return publicMetadata(lang, '', t('strategiesTitle'), t('strategiesDescription'));
}

export default async function PublicStrategiesPage({ params }: { params: Params }) {
  const lang = publicLocale((await params).lang);
  const strategies = await listPublishedStrategies(await getDb());
  const t = await getTranslations('public');
  const format = await getFormatter();
  return (
    <PublicShell lang={lang} path="">
      <h1 className="text-2xl font-semibold">{t('strategiesTitle')}</h1>
      <p className="mt-2 max-w-3xl text-slate-700">{t('strategiesIntro')}</p>
      {strategies.length === 0 ? (
        <p className="mt-4">{t('noStrategies')}</p>
      ) : (
        <section className="mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <DataTable caption={t('strategiesCaption')}>
            <TableHead
              columns={[
                { label: t('strategy') },
                { label: t('city') },
                { label: t('span') },
                { label: t('publishedFrom') },
              ]}
            />
            <tbody>
              {strategies.map((strategy) => (
                <tr key={strategy.id} className="border-b border-slate-200">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    <PlainLink href={publicPath(lang, `/strategies/${strategy.id}`)}>
                      {strategy.name}
                    </PlainLink>
                  </th>
                  <td className="py-2 pr-3">{strategy.cityName}</td>
                  <td className="py-2 pr-3 tabular-nums">
                    {strategy.startYear}–{strategy.endYear}
                  </td>
                  <td className="py-2 pr-3 tabular-nums">
                    <time dateTime={strategy.publishedFrom}>
                      {format.dateTime(new Date(`${strategy.publishedFrom}T12:00:00Z`), {
                        dateStyle: 'long',
                      })}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>
      )}
    </PublicShell>
  );
}
