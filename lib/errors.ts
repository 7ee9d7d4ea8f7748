/** Errors whose message may reach the user. Anything else is logged and shown as a generic failure. */
export type PublicErrorCode = 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'invalid';

/** A sentence for the user as a message key and its ICU values, put into words where it is shown. */
export interface PublicMessage {
  key: string;
  values: Record<string, string | number>;
}

export class PublicError extends Error {
  constructor(
    readonly code: PublicErrorCode,
    /** For `invalid`: message keys per field path. */
    readonly fieldErrors?: Record<string, string[]>,
    /** Per field path, a sentence with values where a bare key says too little (which card, which year). */
    readonly messages?: Record<string, PublicMessage>,
  ) {
    super(code);
    this.name = 'PublicError';
  }
}

export const unauthenticated = () => new PublicError('unauthenticated');
export const forbidden = () => new PublicError('forbidden');
export const notFound = () => new PublicError('not_found');
export const conflict = () => new PublicError('conflict');
export const invalid = (fieldErrors: Record<string, string[]>) => new PublicError('invalid', fieldErrors);

export function isPublicError(error: unknown, code?: PublicErrorCode): error is PublicError {
  return error instanceof PublicError && (code === undefined || error.code === code);
}

/**
 * The HTTP status of a refusal, the one map for every route handler: no session 401, not allowed
 * 403, no such record 404, a wrong request 400 (413 when what was sent is too big), a state that no
 * longer allows it 409. `failed` (an unexpected error, already logged) is a 500.
 */
export function httpStatusOf(
  code: PublicErrorCode | 'failed',
  fieldErrors?: Record<string, string[]>,
): number {
  switch (code) {
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'invalid':
      return Object.values(fieldErrors ?? {}).some((keys) => keys.includes('tooLarge')) ? 413 : 400;
    default:
      return 500;
  }
}
