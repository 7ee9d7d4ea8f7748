'use client';

import { useTranslations } from 'next-intl';
import type { PublicMessage } from '@/lib/errors';

type ErrorKey = Parameters<ReturnType<typeof useTranslations<'import.errors'>>>[0];
type ImportKey = Parameters<ReturnType<typeof useTranslations<'import'>>>[0];

/** An error key from the schema or the server as a sentence; a sentence from the importer as it is. */
export function useErrorText(): (key: string) => string {
  const t = useTranslations('import.errors');
  return (key: string) => (t.has(key as ErrorKey) ? t(key as ErrorKey) : key);
}

/** A message of the parser or importer (lib/cards/messages.ts: a key of `import` and its values) as a sentence. */
export function useImportMessage(): (message: PublicMessage) => string {
  const t = useTranslations('import');
  return (message: PublicMessage) => t(message.key as ImportKey, message.values as never);
}
