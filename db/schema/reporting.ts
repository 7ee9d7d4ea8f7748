import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './organisation';
import { indicators, stages, strategies, tasks } from './strategy';

/** A year of the strategy opened for reporting by the strategy office, with its deadline. */
export const reportingYears = pgTable(
  'reporting_years',
  {
    strategyId: integer()
      .notNull()
      .references(() => strategies.id),
    year: integer().notNull(),
    deadline: date({ mode: 'string' }).notNull(),
    /**
     * The year's steps: with the coordinator's review (the default), a submitted report goes to the
     * program's coordinator and then to the goal owner; without it, straight to the goal owner.
     */
    coordinatorReview: boolean().notNull().default(true),
    /** Days before the deadline when an unsubmitted report's executor is reminded (0: no early reminder). */
    reminderDays: integer().notNull().default(7),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    openedBy: integer().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.strategyId, t.year] }),
    check('reporting_years_reminder_days', sql`${t.reminderDays} between 0 and 60`),
  ],
);

/**
 * draft → submitted → accepted (coordinator) → approved (goal owner).
 * "returned" is a draft sent back with a comment; approved data is locked.
 */
export const reportStatus = pgEnum('report_status', [
  'draft',
  'submitted',
  'accepted',
  'approved',
  'returned',
]);

export const reports = pgTable(
  'reports',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    year: integer().notNull(),
    status: reportStatus().notNull().default('draft'),
    /** What was done, what got in the way. */
    narrative: text().notNull().default(''),
    submittedBy: integer().references(() => users.id),
    submittedAt: timestamp({ withTimezone: true }),
    /** The official values the approval replaced, so that withdrawing it can restore them. */
    officialBefore: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex().on(t.taskId, t.year),
    index().on(t.status),
    // The target of the discussion's (report, task) foreign keys: a comment or a file on a report
    // belongs to that report's task, checked by the database.
    unique('reports_id_task_id_unique').on(t.id, t.taskId),
  ],
);

export const reportStageValues = pgTable(
  'report_stage_values',
  {
    reportId: integer()
      .notNull()
      .references(() => reports.id),
    stageId: integer()
      .notNull()
      .references(() => stages.id),
    actualPoints: numeric({ precision: 7, scale: 2, mode: 'number' }),
    /** The reporter confirmed that this value takes the stage's done points past its plan. */
    overPlanConfirmed: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.stageId] }),
    index().on(t.stageId),
    check(
      'report_stage_values_points',
      sql`${t.actualPoints} is null or ${t.actualPoints} between 0 and 100`,
    ),
  ],
);

export const reportIndicatorValues = pgTable(
  'report_indicator_values',
  {
    reportId: integer()
      .notNull()
      .references(() => reports.id),
    indicatorId: integer()
      .notNull()
      .references(() => indicators.id),
    actualText: text(),
    actualNumber: numeric({ mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorId] }), index().on(t.indicatorId)],
);

export const reportAction = pgEnum('report_action', [
  'create',
  'save',
  'submit',
  'accept',
  'approve',
  'return',
  'withdraw_approval',
  'import',
]);

/** The timeline of a report: who did what, when, with which comment. */
export const reportEvents = pgTable(
  'report_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer()
      .notNull()
      .references(() => reports.id),
    actorUserId: integer().references(() => users.id),
    action: reportAction().notNull(),
    fromStatus: reportStatus(),
    toStatus: reportStatus().notNull(),
    comment: text().notNull().default(''),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.reportId)],
);

export type ReportingYear = typeof reportingYears.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type ReportStatus = (typeof reportStatus.enumValues)[number];
export type ReportEvent = typeof reportEvents.$inferSelect;
