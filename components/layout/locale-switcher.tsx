import { getLocale, getTranslations } from 'next-intl/server';
import type { ServerAction } from '@/lib/actions/result';

/** React ignores what a form's action returns (the action's result is for its other callers). */
const asFormAction = (action: ServerAction<null, [formData: FormData]>) =>
  action as (formData: FormData) => Promise<unknown> as (formData: FormData) => Promise<void>;

/**
 * Offers the other language; a plain form, so it works without JavaScript too. The page hands in
 * the server action that sets the language cookie.
 */
export async function LocaleSwitcher({ setLocale }: { setLocale: ServerAction<null, [formData: FormData]> }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  const other = locale === 'pl' ? 'en' : 'pl';
  // The button speaks the language it switches to (hence its `lang`), from that language's messages.
  const inOther = await getTranslations({ locale: other, namespace: 'common' });
  return (
    <form action={asFormAction(setLocale)}>
      <input type="hidden" name="locale" value={other} />
      <button
        type="submit"
        lang={other}
        aria-label={inOther('switchToThisLanguage')}
        className="rounded px-2 py-1 text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
      >
        {t(other === 'en' ? 'english' : 'polish')}
      </button>
    </form>
  );
}
