'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/actions/run';
import { LOCALE_COOKIE, locales } from '@/i18n/config';
import { getDb } from '@/lib/db';
import { setMyMailLocale } from '@/lib/mail/preferences';
import { parseForm } from '@/lib/validation';
import { getCurrentUser } from '@/server/current-user';

const localeForm = z.object({ locale: z.enum(locales, 'invalid') });

/**
 * Switches the interface language for this browser, and for a signed-in user the language of their
 * mails (users.locale). Touches nothing but the caller's own cookie and own account.
 * Posted by a plain form; anything but form data with a known language is `invalid`.
 */
export async function setLocale(input: unknown) {
  return runAction(async () => {
    const { locale } = parseForm(localeForm, input);
    const store = await cookies();
    store.set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    const user = await getCurrentUser();
    if (user) await setMyMailLocale(await getDb(), user.id, locale);
    revalidatePath('/', 'layout');
    return null;
  });
}
