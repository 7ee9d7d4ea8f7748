import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Forbidden } from '@/components/layout/forbidden';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('common'))('forbiddenTitle') };
}

/** What `forbidden()` renders (server/page-data.ts), with the status 403. */
export default function ForbiddenPage() {
  return <Forbidden />;
}
