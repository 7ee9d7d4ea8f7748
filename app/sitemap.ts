import type { MetadataRoute } from 'next';
import { locales } from '@/i18n/config';
import { getDb } from '@/lib/db';
import { getPublicStrategy, listPublishedStrategies } from '@/lib/public/data';
import { spanYears } from '@/lib/strategy/span';
import { siteOrigin } from '@/server/public-page';

/** Read from the database at each request: publishing or unpublishing shows at once. */
export const dynamic = 'force-dynamic';

/** Every public page of every published strategy, in both languages (each with its other language). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const db = await getDb();
  const origin = await siteOrigin();
  const paths = [''];
  for (const header of await listPublishedStrategies(db)) {
    const view = await getPublicStrategy(db, header.id);
    if (!view) continue;
    const base = `/strategies/${header.id}`;
    paths.push(base, `${base}/search`, ...spanYears(header).map((year) => `${base}/years/${year}`));
    for (const goal of view.goals) {
      paths.push(`/goals/${goal.id}`);
      for (const program of goal.programs) {
        paths.push(`/programs/${program.id}`, ...program.tasks.map((task) => `/tasks/${task.id}`));
      }
    }
  }
  const url = (lang: string, path: string) => `${origin}/public/${lang}${path}`;
  return paths.flatMap((path) =>
    locales.map((lang) => ({
      url: url(lang, path),
      alternates: { languages: Object.fromEntries(locales.map((other) => [other, url(other, path)])) },
    })),
  );
}
