import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Points and percentages: two decimals are enough for `1.5/2.5%`; read as JS numbers. */
const points = () => numeric({ precision: 7, scale: 2, mode: 'number' });

export const strategies = pgTable(
  'strategies',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    /** The city (or municipality) whose strategy this is, printed on reports. */
    cityName: text().notNull(),
    startYear: integer().notNull(),
    endYear: integer().notNull(),
    /**
     * The day from which the strategy's approved data is public (its public pages and open data);
     * null: not published (the default). Set by the strategy office, audited.
     */
    publishedFrom: date({ mode: 'string' }),
    /** Whether the approved reports' narratives are public too (the office's choice, off by default). */
    publishNarratives: boolean().notNull().default(false),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    check('strategies_span', sql`${t.endYear} >= ${t.startYear} and ${t.startYear} between 1990 and 2200`),
  ],
);

export const goals = pgTable(
  'goals',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    strategyId: integer()
      .notNull()
      .references(() => strategies.id),
    /** Shown as a Roman numeral: Cel I, II, III. */
    number: integer().notNull(),
    title: text().notNull(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex().on(t.strategyId, t.number), check('goals_number', sql`${t.number} > 0`)],
);

export const programs = pgTable(
  'programs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    goalId: integer()
      .notNull()
      .references(() => goals.id),
    number: integer().notNull(),
    title: text().notNull(),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex().on(t.goalId, t.number), check('programs_number', sql`${t.number} > 0`)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    programId: integer()
      .notNull()
      .references(() => programs.id),
    number: integer().notNull(),
    title: text().notNull(),
    /** Weight within the program, in %; weights of a program need not sum to 100. */
    weight: points().notNull().default(100),
    addressees: text().notNull().default(''),
    justification: text().notNull().default(''),
    description: text().notNull().default(''),
    /** Planned total cost exactly as written ("", "ok. 100 mln zł", "1 250 000 zł") … */
    plannedTotalCostText: text().notNull().default(''),
    /** … and the amount in PLN where one can be read. */
    plannedTotalCostAmount: numeric({ precision: 16, scale: 2, mode: 'number' }),
    /** A heading the card puts above its funding sources, e.g. "Z budżetu projektu:". */
    budgetNote: text().notNull().default(''),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex().on(t.programId, t.number),
    check('tasks_number', sql`${t.number} > 0`),
    check('tasks_weight', sql`${t.weight} >= 0`),
  ],
);

/** A stage of a task (etap realizacji); numbered or not ("Ocena zrealizowanego zadania"). */
export const stages = pgTable(
  'stages',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    /** Order on the card. */
    position: integer().notNull(),
    /** The number printed before the name, if any. */
    number: integer(),
    name: text().notNull(),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.taskId)],
);

/**
 * One cell of the stage grid: `actual/planned%` in points of the whole task. No row, or both
 * null, is `-` (nothing planned that year). The actual here is the official (approved) value.
 */
export const stageYears = pgTable(
  'stage_years',
  {
    stageId: integer()
      .notNull()
      .references(() => stages.id),
    year: integer().notNull(),
    plannedPoints: points(),
    actualPoints: points(),
  },
  (t) => [
    primaryKey({ columns: [t.stageId, t.year] }),
    check('stage_years_planned', sql`${t.plannedPoints} is null or ${t.plannedPoints} between 0 and 100`),
    check('stage_years_actual', sql`${t.actualPoints} is null or ${t.actualPoints} >= 0`),
  ],
);

/** A cooperating entity (podmiot współpracujący) with its scope of cooperation (may be empty). */
export const partners = pgTable(
  'partners',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    position: integer().notNull(),
    name: text().notNull(),
    scope: text().notNull().default(''),
  },
  (t) => [index().on(t.taskId)],
);

export const indicatorType = pgEnum('indicator_type', ['product', 'result', 'impact']);

/** A measure (miernik): wskaźnik produktu / rezultatu / oddziaływania. */
export const indicators = pgTable(
  'indicators',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    type: indicatorType().notNull(),
    position: integer().notNull(),
    name: text().notNull(),
    /** Where the value comes from: a department's abbreviation ("WPiR") or an institution ("GUS"). */
    source: text().notNull().default(''),
    unit: text().notNull().default(''),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.taskId)],
);

/**
 * Target and actual of an indicator in a year. Each is kept exactly as typed ("bd.", "ok. 244 tys.")
 * and as the number read from it, if any. The actual is the official (approved) value.
 */
export const indicatorYears = pgTable(
  'indicator_years',
  {
    indicatorId: integer()
      .notNull()
      .references(() => indicators.id),
    year: integer().notNull(),
    targetText: text(),
    targetNumber: numeric({ mode: 'number' }),
    actualText: text(),
    actualNumber: numeric({ mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.year] })],
);

/** A funding source: a share ("Program Urbact 80%") or an amount ("Budżet miasta 85 000 zł"). */
export const fundingSources = pgTable(
  'funding_sources',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    position: integer().notNull(),
    source: text().notNull(),
    /** Exactly as written: "80%", "85 000 zł". */
    valueText: text().notNull().default(''),
    sharePercent: numeric({ precision: 7, scale: 2, mode: 'number' }),
    amount: numeric({ precision: 16, scale: 2, mode: 'number' }),
  },
  (t) => [index().on(t.taskId)],
);

export type Strategy = typeof strategies.$inferSelect;
export type Goal = typeof goals.$inferSelect;
export type Program = typeof programs.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type Stage = typeof stages.$inferSelect;
export type StageYear = typeof stageYears.$inferSelect;
export type Partner = typeof partners.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorYear = typeof indicatorYears.$inferSelect;
export type FundingSource = typeof fundingSources.$inferSelect;
export type IndicatorType = (typeof indicatorType.enumValues)[number];

/**
 * One row: a number that grows when a transaction that changes anything the public pages show
 * commits (the triggers of migration 0007 bump it at commit, once per transaction). Every app
 * process polls it and drops its cached public pages when it changes, so a change shows on every
 * instance within seconds with nothing shared between processes but the database.
 */
export const publicRevision = pgTable(
  'public_revision',
  {
    id: integer().primaryKey().default(1),
    revision: bigint({ mode: 'number' }).notNull().default(1),
    /** The transaction that made the last bump, so that one transaction bumps once. */
    bumpedBy: bigint({ mode: 'number' }),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('public_revision_one_row', sql`${t.id} = 1`)],
);
