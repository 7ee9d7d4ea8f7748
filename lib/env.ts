import { z } from 'zod';

/**
 * The environment the server runs with, checked once at start. A wrong value stops the start with
 * a message that names the variable.
 */
/** An optional setting: unset and empty both mean "not set". */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/** The evidence attachments' limits (lib/discussion/attachments.ts), checked with the rest at start. */
const attachmentSettings = {
  /** The largest evidence file a report takes, in MB. */
  ATTACHMENT_MAX_FILE_MB: z.coerce.number().int().min(1).max(1024).default(20),
  /** All the evidence of one task's reports together, in MB. */
  ATTACHMENT_MAX_TASK_MB: z.coerce.number().int().min(1).max(100_000).default(200),
};

/**
 * The attachment limits alone, read at each use: the start has already refused a wrong value
 * (parseEnv), and the upload needs no session secret to know them.
 */
export function attachmentSettingsOf(source: Record<string, string | undefined> = process.env) {
  return z.object(attachmentSettings).parse(source);
}

const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    DATA_DIR: z.string().min(1).default('data'),
    /**
     * Set by `npm start`'s supervisor for its serving processes, never by hand: the Unix socket on
     * which it serves the embedded database (scripts/lib/embedded-server.ts).
     */
    EMBEDDED_DATABASE_SOCKET: z.string().min(1).optional(),
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
    /** Pages rendered at once per process; the rest wait in a queue (scripts/lib/request-queue.ts). */
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).default(8),
    /** Server processes sharing the port (scripts/serve.ts); more than one needs PostgreSQL. */
    APP_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
    /**
     * Each serving process's JavaScript heap limit, MiB (Node's --max-old-space-size, scripts/serve.ts);
     * 0 (the default) leaves Node's own (a share of the machine's memory). See README, "Memory".
     */
    APP_HEAP_MIB: z.coerce
      .number()
      .int()
      .min(0)
      .max(64 * 1024)
      .refine((mib) => mib === 0 || mib >= 256, 'must be 0 (Node decides) or at least 256')
      .default(0),
    /*
     * The office's directory (Active Directory or another LDAP server) for accounts without a
     * password of their own (lib/auth/directory.ts). Unset: every account signs in with its password.
     */
    LDAP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^ldaps?:\/\/[^\s]+$/, 'must be an ldap:// or ldaps:// URL')
        .optional(),
    ),
    /** Direct bind: the name to bind as, with {login} for the sign-in name ("{login}@leszno.local"). */
    LDAP_USER_DN: optionalString.pipe(
      z.string().includes('{login}', { message: 'must contain {login}' }).optional(),
    ),
    /** Search, then bind: where to look for the person, and how (the default suits OpenLDAP). */
    LDAP_SEARCH_BASE: optionalString,
    LDAP_SEARCH_FILTER: optionalString
      .pipe(z.string().includes('{login}', { message: 'must contain {login}' }).optional())
      .transform((value) => value ?? '(uid={login})'),
    /** The account the search binds as (none: an anonymous search). */
    LDAP_BIND_DN: optionalString,
    LDAP_BIND_PASSWORD: optionalString,
    /** Upgrade an ldap:// connection with StartTLS before sending any password. */
    LDAP_STARTTLS: z.enum(['true', 'false']).default('false'),
    /** How long to wait for the directory, per connection and per operation. */
    LDAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    /**
     * The mail server (smtp:// or smtps://, with user and password in the URL if it needs them).
     * Unset: mails are kept in the outbox and shown on the office's outgoing-mail screen.
     */
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
        .optional(),
    ),
    /** The sender of every mail, e.g. `Monitor Strategii <strategia@leszno.pl>`. */
    MAIL_FROM: optionalString
      .pipe(z.string().max(300).regex(/@/, 'must contain an e-mail address').optional())
      .transform((value) => value ?? 'Monitor Strategii <no-reply@localhost>'),
    /** Set to false to run no mail loop in this process (tests that drive the sender themselves). */
    MAIL_WORKER: z.enum(['true', 'false']).default('true'),
    ...attachmentSettings,
    /**
     * The licence every open data file names (README, "Open data"): the city's choice, Creative
     * Commons Attribution 4.0 unless set. Unset or empty: the default.
     */
    OPEN_DATA_LICENCE: optionalString.transform((value) => value?.trim() ?? 'CC BY 4.0'),
  })
  .refine((env) => !env.LDAP_URL || env.LDAP_USER_DN !== undefined || env.LDAP_SEARCH_BASE !== undefined, {
    path: ['LDAP_URL'],
    message: 'needs LDAP_USER_DN (bind as the person) or LDAP_SEARCH_BASE (search for them, then bind)',
  })
  .refine((env) => (env.LDAP_BIND_DN === undefined) === (env.LDAP_BIND_PASSWORD === undefined), {
    path: ['LDAP_BIND_PASSWORD'],
    message: 'LDAP_BIND_DN and LDAP_BIND_PASSWORD go together',
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
