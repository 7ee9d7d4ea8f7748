import 'server-only';
import type { Db } from '@/db/client';
import { getCurrentUser } from '@/server/current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { isPublicError } from '@/lib/errors';
import type { ActionResult } from '@/lib/actions/result';

/**
 * The one wrapper of every server action: resolves the current user from the database (null when
 * there is no valid session), runs the domain command, and turns its public errors into a result.
 * Anything unexpected is logged and reported as a generic failure, never as a 500.
 */
export async function runCommand<T>(
  command: (db: Db, user: CurrentUser | null) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const user = await getCurrentUser();
    const data = await command(await getDb(), user);
    return { status: 'success', data };
  } catch (error) {
    if (isPublicError(error)) {
      const { code, fieldErrors, messages } = error;
      return { status: 'error', code, fieldErrors, ...(messages ? { messages } : {}) };
    }
    console.error('[monitor] action failed', error);
    return { status: 'error', code: 'failed' };
  }
}
