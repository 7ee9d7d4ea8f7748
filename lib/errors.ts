/** Errors whose message may reach the user. Anything else is logged and shown as a generic failure. */
export class PublicError extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'invalid',
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'PublicError';
  }
}

export const unauthenticated = () => new PublicError('unauthenticated');
export const forbidden = () => new PublicError('forbidden');
export const notFound = () => new PublicError('not_found');
export const conflict = () => new PublicError('conflict');

export function isPublicError(error: unknown, code?: PublicError['code']): error is PublicError {
  return error instanceof PublicError && (code === undefined || error.code === code);
}

/** Route ids come from the URL: only a positive 32-bit integer is an id. */
export function parseId(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value <= 2_147_483_647 ? value : null;
}
