import type { z } from 'zod';

/**
 * A form's schema, loaded the first time the form checks its input, not with the page (issue 28):
 * for a form without react-hook-form (the sign-in form). zod is configured first (./zod-config.ts),
 * before the schema's module builds its schemas. `load` is a dynamic import of the schema's module,
 * the one the server checks with, e.g. `lazySchema(() => import('@/lib/auth/login-schema').then((m) =>
 * m.loginSchema))`. A failed load (the network) is tried again at the next check.
 */
export function lazySchema<T>(load: () => Promise<z.ZodType<T>>): () => Promise<z.ZodType<T>> {
  let schema: Promise<z.ZodType<T>> | null = null;
  return () => {
    schema ??= import('./zod-config').then(load).catch((error: unknown) => {
      schema = null;
      throw error;
    });
    return schema;
  };
}
