/**
 * The error text next-auth passes to the form (`result.error`) when the login is locked by the
 * throttle; the form shows its own translated message for it. The same for every login, real or not.
 * A module of its own so that the sign-in form can read it without loading the schema (zod).
 */
export const LOGIN_THROTTLED = 'LoginThrottled';
