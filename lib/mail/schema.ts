import { z } from 'zod';
import { MAX_ID } from '@/lib/ids';

/*
 * The mail screens' forms, shared by the browser and the server. Messages are keys of `mail.errors`
 * in messages/{pl,en}/mail-screens.json.
 */

export const NOTIFICATION_MODES = ['immediate', 'digest', 'off'] as const;
/** The kinds a user chooses for (at once, daily digest, off), in the order the screen lists them. */
export const PREFERENCE_KINDS = [
  'year_opened',
  'reminder_before',
  'reminder_after',
  'report_submitted',
  'report_returned',
  'report_approved',
  'report_withdrawn',
  'task_assigned',
  'mention',
] as const;

const mode = z.enum(NOTIFICATION_MODES, 'invalid');

export const preferencesSchema = z.object(
  Object.fromEntries(PREFERENCE_KINDS.map((kind) => [kind, mode])) as Record<
    (typeof PREFERENCE_KINDS)[number],
    typeof mode
  >,
  'invalid',
);
export type PreferencesInput = z.infer<typeof preferencesSchema>;

export const resendMailSchema = z.object({
  id: z.number('invalid').int('invalid').positive('invalid').max(Number.MAX_SAFE_INTEGER, 'invalid'),
});

export const mailSettingsSchema = z.object({
  digestHour: z
    .number('digestHourRange')
    .int('digestHourRange')
    .min(0, 'digestHourRange')
    .max(23, 'digestHourRange'),
  version: z.number('invalid').int('invalid').min(1, 'invalid').max(MAX_ID, 'invalid'),
});
export type MailSettingsInput = z.infer<typeof mailSettingsSchema>;
