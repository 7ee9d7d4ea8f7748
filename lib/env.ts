import { z } from 'zod';

/**
 * The environment the server runs with, checked once at start. A wrong value stops the start with
 * a message that names the variable.
 */
const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    DATA_DIR: z.string().min(1).default('data'),
    NEXTAUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (npm start generates one in DATA_DIR)'),
    NEXTAUTH_URL: z.url().optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(10),
    SEED_DEMO: z.enum(['true', 'false']).default('true'),
    /** Pages rendered at once per process; the rest wait in a queue (lib/server/request-queue.ts). */
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(8),
    /** Server processes sharing the port (scripts/serve.ts); more than one needs PostgreSQL. */
    APP_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  })
  .refine((env) => env.APP_PROCESSES === 1 || env.DATABASE_URL !== undefined, {
    path: ['APP_PROCESSES'],
    message:
      'more than one process needs DATABASE_URL: the embedded database (PGlite) opens its folder in one process only',
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
