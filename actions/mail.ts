'use server';

import { revalidatePath } from 'next/cache';
import { runAction, runCommand } from '@/actions/run';
import { requestPasswordReset, setPasswordWithLink } from '@/lib/auth/password-links';
import { getDb } from '@/lib/db';
import { resendMail, saveMailSettings } from '@/lib/mail/office';
import { saveMyPreferences } from '@/lib/mail/preferences';

/*
 * The mail actions: the office's (resend a failed mail, the digest hour), a user's own
 * notification choices, and the two password-link forms of the sign-in page (no session: the
 * data layer checks the login's throttle and the link itself).
 */

export async function resendMailAction(input: unknown) {
  const result = await runCommand((db, user) => resendMail(db, user, input));
  if (result.status === 'success') revalidatePath('/admin/mail');
  return result;
}

export async function saveMailSettingsAction(input: unknown) {
  const result = await runCommand((db, user) => saveMailSettings(db, user, input));
  if (result.status === 'success') revalidatePath('/admin/mail');
  return result;
}

export async function saveNotificationPreferencesAction(input: unknown) {
  const result = await runCommand((db, user) => saveMyPreferences(db, user, input));
  if (result.status === 'success') revalidatePath('/account/notifications');
  return result;
}

/** "Forgot password": one answer whatever the login (see requestPasswordReset). */
export async function requestPasswordResetAction(input: unknown) {
  return runAction(async () => requestPasswordReset(await getDb(), input));
}

export async function setPasswordWithLinkAction(input: unknown) {
  return runAction(async () => setPasswordWithLink(await getDb(), input));
}
