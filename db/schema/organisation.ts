import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { goals, programs, tasks } from './strategy';

/** A department of the city hall or a municipal unit (Wydział Promocji i Rozwoju, MOPR …). */
export const departments = pgTable('departments', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  /** The abbreviation used on cards as an indicator source, e.g. "WPiR". */
  abbreviation: text(),
  archivedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
});

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The sign-in name (as in the office's directory), compared case-insensitively. */
    login: text().notNull(),
    displayName: text().notNull(),
    email: text(),
    /** The language of the user's mails: the interface language they last chose ('pl' or 'en'). */
    locale: text().notNull().default('pl'),
    /** argon2id; null for an account that can only sign in through the directory. */
    passwordHash: text(),
    isActive: boolean().notNull().default(true),
    departmentId: integer().references(() => departments.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex('users_login_unique').on(sql`lower(${t.login})`), index().on(t.departmentId)],
);

/**
 * A post (stanowisko): "Sekretarz Miasta Leszna", "Naczelnik Wydziału Promocji i Rozwoju".
 * Roles belong to posts, people hold posts over time.
 */
export const posts = pgTable(
  'posts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The full name of the post as written in documents. */
    name: text().notNull(),
    /** The function within the department ("Naczelnik", "Dyrektor"), shown after the department on a card. */
    function: text(),
    departmentId: integer().references(() => departments.id),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index().on(t.departmentId)],
);

/** Who holds a post, from when to when (validTo null: still holds it). */
export const postHolders = pgTable(
  'post_holders',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    postId: integer()
      .notNull()
      .references(() => posts.id),
    userId: integer()
      .notNull()
      .references(() => users.id),
    validFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.postId),
    index().on(t.userId),
    check('post_holders_period', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
  ],
);

export const roleKind = pgEnum('role_kind', ['admin', 'goal_owner', 'coordinator', 'executor']);

/**
 * What a post is responsible for, from when to when: owner of a goal, coordinator of a program,
 * executor of a task, or administrator of the system. Ending a row keeps the history.
 */
export const postRoles = pgTable(
  'post_roles',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    postId: integer()
      .notNull()
      .references(() => posts.id),
    role: roleKind().notNull(),
    goalId: integer().references(() => goals.id),
    programId: integer().references(() => programs.id),
    taskId: integer().references(() => tasks.id),
    validFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    validTo: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.postId),
    index().on(t.goalId),
    index().on(t.programId),
    index().on(t.taskId),
    // Exactly the scope column that the role needs, and no other.
    check(
      'post_roles_scope',
      sql`(${t.role} = 'admin' and ${t.goalId} is null and ${t.programId} is null and ${t.taskId} is null)
       or (${t.role} = 'goal_owner' and ${t.goalId} is not null and ${t.programId} is null and ${t.taskId} is null)
       or (${t.role} = 'coordinator' and ${t.programId} is not null and ${t.goalId} is null and ${t.taskId} is null)
       or (${t.role} = 'executor' and ${t.taskId} is not null and ${t.goalId} is null and ${t.programId} is null)`,
    ),
    check('post_roles_period', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    // One current owner per goal, one current coordinator per program, one current executor per task.
    uniqueIndex('post_roles_current_goal_owner')
      .on(t.goalId)
      .where(sql`${t.role} = 'goal_owner' and ${t.validTo} is null`),
    uniqueIndex('post_roles_current_coordinator')
      .on(t.programId)
      .where(sql`${t.role} = 'coordinator' and ${t.validTo} is null`),
    uniqueIndex('post_roles_current_executor')
      .on(t.taskId)
      .where(sql`${t.role} = 'executor' and ${t.validTo} is null`),
  ],
);

/**
 * Server-side record of a sign-in. The JWT only carries this id: logging out, deactivating the user
 * or passing the idle/absolute limits makes the row invalid and the cookie useless on every instance.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  // Rows past their end are found by it and deleted (lib/auth/sessions.ts, forgetEndedSessions).
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
);

/**
 * Failed sign-in attempts per login text (lower-cased), whether or not such an account exists, so
 * that throttling and lockout reveal nothing about which logins are real. Kept in the database so
 * that every app instance sees the same counters (lib/auth/login-throttle.ts).
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    /** lower(trim(login)) as typed into the form. */
    login: text().primaryKey(),
    /** Attempts since the window started that have not (yet) succeeded. */
    failures: integer().notNull().default(0),
    firstFailureAt: timestamp({ withTimezone: true }).notNull(),
    lockedUntil: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Stale rows are found by their last failure and deleted (forgetStaleAttempts).
  (t) => [index().on(t.updatedAt)],
);

export type Department = typeof departments.$inferSelect;
export type User = typeof users.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type PostRole = typeof postRoles.$inferSelect;
export type LoginAttempt = typeof loginAttempts.$inferSelect;
export type RoleKind = (typeof roleKind.enumValues)[number];
