import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * A react-hook-form resolver that loads the validation code (zod, @hookform/resolvers and the form's
 * schema, through ./zod-resolver.ts) the first time the form checks its input, not with the page: a page that shows a form
 * nobody has typed in yet ships no validation code (issue 28). The schema is the same one the
 * server checks with; `load` is a dynamic import of its module, e.g.
 * `lazyZodResolver(() => import('@/lib/auth/login-schema').then((m) => m.loginSchema))`.
 */
export function lazyZodResolver<T extends FieldValues>(load: () => Promise<z.ZodType<T, T>>): Resolver<T> {
  let resolver: Promise<Resolver<T>> | null = null;
  return async (values, context, options) => {
    // The resolver's module first: it configures zod (no `new Function`, see zod-config.ts) before
    // the schema's module builds its schemas, which may already ask zod whether it may compile.
    resolver ??= import('./zod-resolver').then(
      async ({ zodResolver }) => zodResolver(await load()) as Resolver<T>,
    );
    return (await resolver)(values, context, options);
  };
}
