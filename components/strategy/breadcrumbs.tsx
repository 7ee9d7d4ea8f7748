import type { LinkComponent } from '@/components/ui/plain-link';
import { TextLink } from '@/components/ui/text-link';
import { useTranslations } from 'next-intl';

export interface Crumb {
  href?: string;
  label: string;
}

export function Breadcrumbs({
  items,
  link: Link = TextLink,
}: {
  items: Crumb[];
  /** The links' component (the public pages' plain links need no JavaScript). */
  link?: LinkComponent;
}) {
  const t = useTranslations('common');
  return (
    <nav aria-label={t('breadcrumbs')} className="no-print mb-4 text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-slate-700">
        {items.map((item, index) => (
          <li key={index} className="flex items-center gap-1">
            {index > 0 && <span aria-hidden="true">›</span>}
            {item.href && index < items.length - 1 ? (
              <Link href={item.href}>{item.label}</Link>
            ) : (
              <span aria-current={index === items.length - 1 ? 'page' : undefined}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
