import { Client, Filter, InvalidCredentialsError, SizeLimitExceededError } from 'ldapts';
import { type Env, getEnv } from '@/lib/env';

/**
 * Signing in through the office's directory (Active Directory or another LDAP server), for the
 * accounts that have no password of their own in the app (`users.passwordHash` is null). The app
 * keeps who may sign in and what they answer for; the directory only says whether the password is
 * right. Nothing is copied from the directory.
 *
 * Two ways to find the person, as directories are set up:
 * - direct bind: bind as LDAP_USER_DN with {login} filled in ("{login}@leszno.local" for Active
 *   Directory, "uid={login},ou=people,dc=leszno,dc=pl" for OpenLDAP);
 * - search, then bind: look up LDAP_SEARCH_FILTER under LDAP_SEARCH_BASE (as LDAP_BIND_DN, or
 *   anonymously), and bind as the one entry found.
 */
export interface DirectoryConfig {
  url: string;
  userDn?: string;
  searchBase?: string;
  searchFilter: string;
  bindDn?: string;
  bindPassword?: string;
  startTls: boolean;
  timeoutMs: number;
}

/** The directory settings of the environment, or null when no directory is configured. */
export function directoryConfig(env: Env): DirectoryConfig | null {
  if (!env.LDAP_URL) return null;
  return {
    url: env.LDAP_URL,
    userDn: env.LDAP_USER_DN,
    searchBase: env.LDAP_SEARCH_BASE,
    searchFilter: env.LDAP_SEARCH_FILTER,
    bindDn: env.LDAP_BIND_DN,
    bindPassword: env.LDAP_BIND_PASSWORD,
    startTls: env.LDAP_STARTTLS === 'true',
    timeoutMs: env.LDAP_TIMEOUT_MS,
  };
}

/** Whether the server's environment configures a directory (what the screens say, who may switch to it). */
export function isDirectoryConfigured(): boolean {
  return directoryConfig(getEnv()) !== null;
}

/**
 * `valid`: the directory accepted the password. `invalid`: it refused it, or the person is not
 * there (or not exactly once). `unavailable`: the directory could not be asked (down, timed out,
 * the search account refused): the sign-in fails like a wrong password, and the log says why.
 */
export type DirectoryVerdict = 'valid' | 'invalid' | 'unavailable';

/**
 * The sign-in names the app stores (people-schema's `login`) hold no character that means something
 * in a DN; a name that does is refused rather than escaped into a template we cannot parse.
 */
const SAFE_LOGIN = /^[\p{L}\p{N}._@-]+$/u;

export async function verifyDirectoryPassword(
  config: DirectoryConfig,
  login: string,
  password: string,
): Promise<DirectoryVerdict> {
  // An empty password is an "unauthenticated bind" in LDAP, which many servers accept: never send one.
  if (password === '' || !SAFE_LOGIN.test(login)) return 'invalid';
  const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs });
  try {
    if (config.startTls) await client.startTLS({ servername: new URL(config.url).hostname });
    let personDn: string;
    if (config.userDn) {
      personDn = config.userDn.replaceAll('{login}', login);
    } else {
      if (config.bindDn) await client.bind(config.bindDn, config.bindPassword);
      const filter = config.searchFilter.replaceAll('{login}', Filter.escape(login));
      const found = await searchOne(client, config.searchBase ?? '', filter);
      if (!found) return 'invalid';
      personDn = found;
    }
    try {
      await client.bind(personDn, password);
      return 'valid';
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return 'invalid';
      throw error;
    }
  } catch (error) {
    console.error(`[directory] ${config.url} could not be asked: ${(error as Error).message}`);
    return 'unavailable';
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** The DN of the one entry the filter finds, or null for none or several. */
async function searchOne(client: Client, base: string, filter: string): Promise<string | null> {
  try {
    const { searchEntries } = await client.search(base, {
      scope: 'sub',
      filter,
      attributes: ['dn'],
      sizeLimit: 2,
    });
    return searchEntries.length === 1 ? searchEntries[0]!.dn : null;
  } catch (error) {
    if (error instanceof SizeLimitExceededError) return null;
    throw error;
  }
}
