import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '@/lib/admin/people-schema';

/*
 * The forms of the one-time password links, shared by the browser and the server. Messages are
 * keys of `passwordLink.errors` in messages/{pl,en}/mail-screens.json.
 */

export const forgotPasswordSchema = z.object({
  login: z
    .string('required')
    .trim()
    .min(1, 'required')
    .max(200, 'tooLong')
    // PostgreSQL text cannot hold a NUL byte: refused here, not failed at the database.
    .refine((value) => !value.includes('\u0000'), 'invalidCharacters'),
});
export type ForgotPasswordInput = z.infer<typeof forgotPasswordSchema>;

export const setPasswordSchema = z
  .object({
    token: z.string('tokenInvalid').regex(/^[A-Za-z0-9_-]{43}$/, 'tokenInvalid'),
    password: z
      .string('required')
      .max(PASSWORD_MAX, 'tooLong')
      .refine((value) => value.trim().length >= PASSWORD_MIN, 'passwordTooShort')
      .refine((value) => !value.includes('\u0000'), 'invalidCharacters'),
    confirmPassword: z.string('required').max(PASSWORD_MAX, 'tooLong'),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'passwordMismatch',
  });
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;
