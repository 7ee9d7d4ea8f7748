import { z } from 'zod';

/** The sign-in form; the same schema checks the browser's input and the server's. Messages are keys. */
export const loginSchema = z.object({
  login: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  password: z.string().min(1, 'required').max(1000, 'tooLong'),
});

export type LoginInput = z.infer<typeof loginSchema>;

/**
 * The error text next-auth passes to the form (`result.error`) when the login is locked by the
 * throttle; the form shows its own translated message for it. The same for every login, real or not.
 */
export const LOGIN_THROTTLED = 'LoginThrottled';
