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

/**
 * A server action as a component receives it: from its page, as a prop (components never import
 * actions/, the layer above them). `Args` are the action's parameters, `Data` what the component
 * reads of a success.
 */
export type ServerAction<Data = unknown, Args extends unknown[] = [input: unknown]> = (
  ...args: Args
) => Promise<ActionResult<Data>>;
