/*
 * The closed sets of the domain that screens name (a report's status, an indicator's type), for
 * components and pages: they take them from here, never from db/ (routes and components do not
 * reach into the tables).
 */
export type { ReportStatus } from '@/db/schema/reporting';
export type { IndicatorType } from '@/db/schema/strategy';
