import { z } from 'zod';

/** The sign-in form; the same schema checks the browser's input and the server's. Messages are keys. */
export const loginSchema = z.object({
  login: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  password: z.string().min(1, 'required').max(1000, 'tooLong'),
});

export type LoginInput = z.infer<typeof loginSchema>;

export { LOGIN_THROTTLED } from './login-throttled';
