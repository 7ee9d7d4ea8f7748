import 'server-only';
import type { Db } from '@/db/client';
import { getCurrentUser } from '@/server/current-user';
import type { CurrentUser } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db';
import { isPublicError } from '@/lib/errors';
import type { ActionResult } from '@/lib/actions/result';

/**
 * The one wrapper of every server action that reads or writes data: resolves the current user from
 * the database (null when there is no valid session), runs the domain command, and turns its public
 * errors into a result (see runAction).
 */
export async function runCommand<T>(
  command: (db: Db, user: CurrentUser | null) => Promise<T>,
): Promise<ActionResult<T>> {
  return runAction(async () => command(await getDb(), await getCurrentUser()));
}

/**
 * Runs an action and turns its public errors into a result; anything unexpected is logged and
 * reported as a generic failure, never as a 500. An action's arguments come from the network as
 * anything at all (a forged call need not send what the page would): each is checked (lib/validation.ts
 * `parseInput`, `parseArgs`, `parseForm`) before use, so a wrong one is `invalid`, not a failure.
 */
export async function runAction<T>(action: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { status: 'success', data: await action() };
  } catch (error) {
    if (isPublicError(error)) {
      const { code, fieldErrors, messages } = error;
      return { status: 'error', code, fieldErrors, ...(messages ? { messages } : {}) };
    }
    console.error('[monitor] action failed', error);
    return { status: 'error', code: 'failed' };
  }
}
