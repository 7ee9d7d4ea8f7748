import { useTranslations } from 'next-intl';

/** "(wymagane)" after a label: a required field is said in words, not by colour or an asterisk. */
export function RequiredMark() {
  const t = useTranslations('common');
  return <span className="font-normal text-slate-600"> {t('requiredMark')}</span>;
}
