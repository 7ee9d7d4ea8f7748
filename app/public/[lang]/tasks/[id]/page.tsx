import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { OpenDataLinks, PublicShell, publicPath } from '@/components/public/public-shell';
import { PlainLink } from '@/components/ui/plain-link';
import { Breadcrumbs } from '@/components/strategy/breadcrumbs';
import { IndicatorsTable, StageGrid } from '@/components/strategy/card-tables';
import {
  CardCostAndBudget,
  CardExecutorAndPartners,
  CardHeader,
  CardSection,
  CardSummary,
} from '@/components/strategy/card-body';
import { goalNumber } from '@/components/strategy/labels';
import { getPublicTask } from '@/lib/public/data';
import { publicLocale, publicMetadata, publicPageById } from '@/server/public-page';

type Params = Promise<{ lang: string; id: string }>;

const data = publicPageById((db, id) => getPublicTask(db, id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const card = await data(id);
  const t = await getTranslations({ locale: lang, namespace: 'public' });
  const title = `${card.task.number}. ${card.task.title}`;
  return publicMetadata(
    lang,
    `/tasks/${card.task.id}`,
    title,
    t('taskDescription', { task: title, city: card.strategy.cityName }),
  );
}

export default async function PublicTaskPage({ params }: { params: Params }) {
  const { lang: rawLang, id } = await params;
  const lang = publicLocale(rawLang);
  const card = await data(id);
  const t = await getTranslations('card');
  const p = await getTranslations('public');
  const s = await getTranslations('strategy');
  const source = await getTranslations('valueSource');
  const goalLabel = s('goalLabel', { number: goalNumber(card.goal.number) });
  const importedNote = <span className="block text-xs text-slate-600">({source('importedShort')})</span>;
  const hasImported =
    card.yearTotals.some((total) => total.pointsSource === 'imported') ||
    card.indicators.some((indicator) =>
      Object.values(indicator.years).some((value) => value.actualSource === 'imported'),
    );

  return (
    <PublicShell lang={lang} path={`/tasks/${card.task.id}`} strategy={card.strategy}>
      <div className="space-y-6">
        <Breadcrumbs
          link={PlainLink}
          items={[
            { href: publicPath(lang), label: p('home') },
            { href: publicPath(lang, `/strategies/${card.strategy.id}`), label: card.strategy.name },
            { href: publicPath(lang, `/goals/${card.goal.id}`), label: goalLabel },
            {
              href: publicPath(lang, `/programs/${card.program.id}`),
              label: `${card.program.number}. ${card.program.title}`,
            },
            { label: `${card.task.number}. ${card.task.title}` },
          ]}
        />
        <article className="space-y-5 rounded-lg border border-slate-200 bg-white p-6 shadow-sm print-plain">
          <CardHeader card={card} />
          <CardSummary card={card} />

          <CardSection id="stages" title={t('stages')}>
            <StageGrid
              years={card.years}
              stages={card.stages}
              yearTotals={card.yearTotals}
              yearNote={(year) =>
                card.yearTotals.find((total) => total.year === year)?.pointsSource === 'imported' &&
                importedNote
              }
            />
          </CardSection>

          <CardExecutorAndPartners card={card} />

          <CardSection id="indicators" title={t('indicators')}>
            <IndicatorsTable
              years={card.years}
              indicators={card.indicators}
              valueNote={(indicatorId, year) =>
                card.indicators.find((indicator) => indicator.id === indicatorId)?.years[year]
                  ?.actualSource === 'imported' && importedNote
              }
            />
            {hasImported && <p className="mt-2 text-sm text-slate-700">{p('sourceNote')}</p>}
          </CardSection>

          <CardCostAndBudget card={card} />
        </article>
        <OpenDataLinks base={`/public/data/tasks/${card.task.id}`} />
      </div>
    </PublicShell>
  );
}
