import type { PublicErrorCode, PublicMessage } from '@/lib/errors';

/** What every server action returns, shaped for useActionState / a form's submit handler. */
export type ActionResult<T = null> =
  | { status: 'success'; data: T }
  | {
      status: 'error';
      code: PublicErrorCode | 'failed';
      fieldErrors?: Record<string, string[]>;
      messages?: Record<string, PublicMessage>;
    };
