import { useTranslations } from 'next-intl';

export function Forbidden() {
  const t = useTranslations('common');
  return (
    <div className="rounded border border-amber-300 bg-amber-50 p-6">
      <h1 className="text-xl font-semibold">{t('forbiddenTitle')}</h1>
      <p className="mt-2">{t('forbiddenText')}</p>
    </div>
  );
}
