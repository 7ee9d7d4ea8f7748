'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/actions/run';
import { LOCALE_COOKIE, locales } from '@/i18n/config';
import { parseForm } from '@/lib/validation';

const localeForm = z.object({ locale: z.enum(locales, 'invalid') });

/**
 * Switches the interface language for this browser. Touches nothing but the caller's own cookie.
 * Posted by a plain form; anything but form data with a known language is `invalid`.
 */
export async function setLocale(input: unknown) {
  return runAction(async () => {
    const { locale } = parseForm(localeForm, input);
    const store = await cookies();
    store.set(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    revalidatePath('/', 'layout');
    return null;
  });
}
