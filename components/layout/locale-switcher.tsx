import { getLocale, getTranslations } from 'next-intl/server';

/**
 * Offers the other language; a plain form, so it works without JavaScript too. The page hands in
 * the server action that sets the language cookie.
 */
export async function LocaleSwitcher({ setLocale }: { setLocale: (formData: FormData) => Promise<void> }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  const other = locale === 'pl' ? 'en' : 'pl';
  // The button speaks the language it switches to (hence its `lang`), from that language's messages.
  const inOther = await getTranslations({ locale: other, namespace: 'common' });
  return (
    <form action={setLocale}>
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
