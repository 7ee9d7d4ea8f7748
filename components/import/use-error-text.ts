'use client';

import { useTranslations } from 'next-intl';

type ErrorKey = Parameters<ReturnType<typeof useTranslations<'import.errors'>>>[0];

/** An error key from the schema or the server as a sentence; a sentence from the importer as it is. */
export function useErrorText(): (key: string) => string {
  const t = useTranslations('import.errors');
  return (key: string) => (t.has(key as ErrorKey) ? t(key as ErrorKey) : key);
}
