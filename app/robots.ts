import type { MetadataRoute } from 'next';
import { siteOrigin } from '@/server/public-page';

export const dynamic = 'force-dynamic';

/** Crawlers may read the public pages and open data only; the rest is the city hall's intranet. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  const origin = await siteOrigin();
  return {
    rules: { userAgent: '*', allow: '/public/', disallow: '/' },
    sitemap: `${origin}/sitemap.xml`,
  };
}
