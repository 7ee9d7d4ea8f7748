import { z } from 'zod';
import { MAX_ID } from '@/lib/ids';

/*
 * The schemas of the strategy office's people screens (users, departments, posts), one per form,
 * shared by react-hook-form in the browser and the data layer on the server. Messages are keys of
 * `people.errors` in messages/{pl,en}/people.json. Input and output types are the same (no
 * transforms beyond trimming), so one type serves the form and the server.
 */

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;
export const NAME_MAX = 200;
export const POST_NAME_MAX = 300;
export const EMAIL_MAX = 254;
export const LOGIN_MAX = 64;
export const ABBREVIATION_MAX = 20;
export const FUNCTION_MAX = 100;

const id = z.number('required').int('required').positive('required').max(MAX_ID, 'required');
const version = z.number('invalid').int('invalid').min(1, 'invalid').max(MAX_ID, 'invalid');

/** PostgreSQL text cannot hold NUL bytes: refuse them with a message instead of failing the write. */
const noNul = (value: string) => !value.includes('\u0000');

/** A required line of text: surrounding spaces dropped, so "   " is empty. */
const requiredText = (max: number) =>
  z.string().trim().min(1, 'required').max(max, 'tooLong').refine(noNul, 'invalidCharacters');
const optionalText = (max: number) =>
  z.string().trim().max(max, 'tooLong').refine(noNul, 'invalidCharacters');

/** Optional: an empty field means "no e-mail"; otherwise it must be an address. */
const email = z
  .string()
  .trim()
  .max(EMAIL_MAX, 'tooLong')
  .refine((value) => value === '' || z.email().safeParse(value).success, 'invalidEmail');

/** A select with "none": null, or the id of a department. */
const optionalId = id.nullable();

/** Sign-in name as in the office's directory: letters, digits, dot, dash, underscore, @; no spaces. */
const login = z
  .string()
  .trim()
  .min(1, 'required')
  .max(LOGIN_MAX, 'tooLong')
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'loginFormat');

/**
 * How an account signs in: with its own password (kept as an argon2id hash), or through the
 * office's directory (LDAP / Active Directory; no password kept in the app, lib/auth/directory.ts).
 */
export const SIGN_IN_METHODS = ['password', 'directory'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
const signIn = z.enum(SIGN_IN_METHODS, 'required');

/** Checked as a field; its rules apply only to an account that signs in with a password. */
const password = z.string().max(PASSWORD_MAX, 'tooLong');

/** The password's rules, on the `password` field, when the account signs in with one. */
function checkPassword(value: { signIn: SignInMethod; password: string }, ctx: z.RefinementCtx) {
  if (value.signIn !== 'password') return;
  if (value.password.trim().length < PASSWORD_MIN)
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'passwordTooShort' });
  else if (!noNul(value.password))
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'invalidCharacters' });
}

/** A calendar day (YYYY-MM-DD), taken as midnight in Warsaw; within the years a strategy may span. */
const day = z.iso.date('invalidDate').refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= 1990 && year <= 2200;
}, 'invalidDate');

// ---------------------------------------------------------------------------------------------
// Users

/** A directory account is created without a password: whatever the password field holds is ignored. */
export const createUserSchema = z
  .object({
    login,
    displayName: requiredText(NAME_MAX),
    email,
    departmentId: optionalId,
    signIn,
    password,
  })
  .superRefine(checkPassword);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  id,
  version,
  displayName: requiredText(NAME_MAX),
  email,
  departmentId: optionalId,
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const setUserActiveSchema = z.object({ id, version, active: z.boolean('invalid') });
export type SetUserActiveInput = z.infer<typeof setUserActiveSchema>;

/**
 * How an account signs in from now on: a new password of its own (typed twice), or the directory
 * (the password it had is removed; the fields are ignored).
 */
export const resetPasswordSchema = z
  .object({ id, signIn, password, confirmPassword: z.string().max(PASSWORD_MAX, 'tooLong') })
  .superRefine(checkPassword)
  .refine((value) => value.signIn !== 'password' || value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'passwordMismatch',
  });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

// ---------------------------------------------------------------------------------------------
// Departments

export const createDepartmentSchema = z.object({
  name: requiredText(NAME_MAX),
  abbreviation: optionalText(ABBREVIATION_MAX),
});
export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;

export const updateDepartmentSchema = createDepartmentSchema.extend({ id, version });
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentSchema>;

export const archiveDepartmentSchema = z.object({ id, version });
export type ArchiveDepartmentInput = z.infer<typeof archiveDepartmentSchema>;

// ---------------------------------------------------------------------------------------------
// Posts

export const createPostSchema = z.object({
  name: requiredText(POST_NAME_MAX),
  function: optionalText(FUNCTION_MAX),
  departmentId: optionalId,
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const updatePostSchema = createPostSchema.extend({ id, version });
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

export const archivePostSchema = z.object({ id, version });
export type ArchivePostInput = z.infer<typeof archivePostSchema>;

/**
 * Who holds the post from a day on. `userId` null ends the current holding without a successor.
 * The post's version guards against two admins changing the holder at the same time.
 */
export const setPostHolderSchema = z.object({
  postId: id,
  version,
  userId: optionalId,
  from: day,
});
export type SetPostHolderInput = z.infer<typeof setPostHolderSchema>;

/** The "assign a person" form: the same fields, a person required (none would end the holding). */
export const assignPostHolderSchema = setPostHolderSchema.extend({ userId: id });
export type AssignPostHolderInput = z.infer<typeof assignPostHolderSchema>;

export const ROLE_KINDS = ['admin', 'goal_owner', 'coordinator', 'executor'] as const;
export type RoleKindInput = (typeof ROLE_KINDS)[number];

/** Gives the post a role: admin (no scope), or a goal, program or task (`targetId`) to answer for. */
export const grantPostRoleSchema = z
  .object({
    postId: id,
    version,
    role: z.enum(ROLE_KINDS, 'required'),
    targetId: optionalId,
  })
  .superRefine((value, ctx) => {
    if (value.role !== 'admin' && value.targetId === null)
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'required' });
    if (value.role === 'admin' && value.targetId !== null)
      ctx.addIssue({ code: 'custom', path: ['targetId'], message: 'unknownTarget' });
  });
export type GrantPostRoleInput = z.infer<typeof grantPostRoleSchema>;

export const endPostRoleSchema = z.object({ postId: id, version, roleId: id });
export type EndPostRoleInput = z.infer<typeof endPostRoleSchema>;
