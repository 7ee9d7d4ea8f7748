import 'server-only';
import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import diff from 'microdiff';
import { z } from 'zod';
import type { Db } from '@/db/client';
import {
  auditLog,
  departments,
  goals,
  indicators,
  posts,
  programs,
  reports,
  stages,
  strategies,
  tasks,
  users,
} from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/sessions';
import { toRoman } from '@/lib/numbers';
import { type AuditReferenceKind, collectReferences, leafKey, referenceKey } from './audit-values';
import { warsawMidnight } from './dates';
import { requireAdmin } from '@/lib/auth/permissions';
import { MAX_ID, isId } from '@/lib/ids';

/*
 * The strategy office's view of the audit log (Dziennik zmian): every change, newest first, with
 * who made it, what it changed and, for each changed field, the value before and after. The log
 * holds personal data (who did what when): only a current administrator reads it, re-checked in the
 * database.
 */

export const AUDIT_PAGE_SIZE = 50;

/** What the log records changes of, in the order the filter offers them. */
export const AUDIT_ENTITIES = [
  'report',
  'reporting_year',
  'task',
  'program',
  'goal',
  'strategy',
  'user',
  'post',
  'department',
  'mail',
  'mail_settings',
  'user_notifications',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

const maxId = 2 ** 53 - 1;
/**
 * The filter, from the page's address: each parameter on its own, an unusable one (edited by hand)
 * dropped rather than failing the page.
 */
const filterFields = {
  entity: z.enum(AUDIT_ENTITIES),
  actor: z.coerce.number().int().min(1).max(MAX_ID),
  from: z.iso.date(),
  to: z.iso.date(),
  /** Keyset paging: entries older than this one. */
  before: z.coerce.number().int().min(1).max(maxId),
};
export type AuditFilter = { [K in keyof typeof filterFields]?: z.infer<(typeof filterFields)[K]> };

/** The calendar day after YYYY-MM-DD. */
function nextDay(day: string): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

export function parseAuditFilter(params: Record<string, string | string[] | undefined>): AuditFilter {
  const filter: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(filterFields)) {
    const raw = params[key];
    if (typeof raw !== 'string' || raw === '') continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) filter[key] = parsed.data;
  }
  return filter as AuditFilter;
}

/** One changed value: where in the record (a path like `stages.2.name`), and before and after. */
export interface AuditChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntryView {
  id: number;
  at: Date;
  actor: string | null;
  entity: string;
  entityId: string;
  /** What the entry is about, in words ("Zadanie 3.1 …", "Jan Kowalski"), when it still exists. */
  subject: { label: string; href: string | null } | null;
  action: string;
  changes: AuditChange[];
}

/**
 * The changes between the record before and after: for an object, each changed field (nested
 * fields by their path); a creation lists what was set, a value that is not an object is one change.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const isRecord = (value: unknown): value is Record<string, unknown> | unknown[] =>
    typeof value === 'object' && value !== null;
  if (isRecord(before) && isRecord(after)) {
    return diff(before, after).map((change) => ({
      path: change.path.join('.'),
      before: change.type === 'CREATE' ? undefined : change.oldValue,
      after: change.type === 'REMOVE' ? undefined : change.value,
    }));
  }
  if (before === null && isRecord(after) && !Array.isArray(after)) {
    return Object.entries(after).map(([path, value]) => ({ path, before: undefined, after: value }));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: '', before: before ?? undefined, after: after ?? undefined }];
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** The `before` of the next (older) page, or null on the last. */
  next: number | null;
  /** Everyone who has made a change, for the filter. */
  actors: { id: number; name: string }[];
  /**
   * The names of the records the page's values refer to (`post:5` → the post's name), so that a
   * stored id shows as the record it was: loaded for the whole page, one query per kind of record.
   */
  names: Record<string, string>;
}

export async function listAuditEntries(
  db: Db,
  userOrNull: CurrentUser | null,
  filter: AuditFilter,
): Promise<AuditPage> {
  await requireAdmin(db, userOrNull);
  const conditions = [
    filter.entity ? eq(auditLog.entity, filter.entity) : undefined,
    filter.actor ? eq(auditLog.actorUserId, filter.actor) : undefined,
    filter.from ? gte(auditLog.at, warsawMidnight(filter.from)) : undefined,
    // The whole "to" day, in Warsaw: up to the next day's midnight.
    filter.to ? lt(auditLog.at, warsawMidnight(nextDay(filter.to))) : undefined,
    filter.before ? lt(auditLog.id, filter.before) : undefined,
  ];
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: users.displayName,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const subjects = await loadSubjects(db, page);
  const actors = await db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(auditLog, eq(auditLog.actorUserId, users.id))
    .orderBy(users.displayName, users.id);
  const entries = page.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    entity: row.entity,
    entityId: row.entityId,
    subject: subjects.get(`${row.entity}:${row.entityId}`) ?? null,
    action: row.action,
    changes: auditChanges(row.before, row.after),
  }));
  return {
    entries,
    next: rows.length > AUDIT_PAGE_SIZE ? page.at(-1)!.id : null,
    actors,
    names: await loadReferenceNames(
      db,
      entries.flatMap((entry) => entry.changes),
    ),
  };
}

/** Stage and indicator names as the card shows them: "2. Utworzenie Lokalnej Grupy Wsparcia". */
const numbered = (number: number | null, name: string) => (number === null ? name : `${number}. ${name}`);

/**
 * The names of every record the changes refer to by id, in one query per kind of record (never one
 * per entry). A record deleted since is simply not named.
 */
async function loadReferenceNames(db: Db, changes: AuditChange[]): Promise<Record<string, string>> {
  const wanted = new Map<AuditReferenceKind, Set<number>>();
  for (const change of changes) {
    const key = leafKey(change.path);
    collectReferences(key, change.before, wanted);
    collectReferences(key, change.after, wanted);
  }
  const names: Record<string, string> = {};
  const ids = (kind: AuditReferenceKind) => [...(wanted.get(kind) ?? [])];
  const put = (kind: AuditReferenceKind, rows: { id: number; label: string }[]) => {
    for (const row of rows) names[referenceKey(kind, row.id)] = row.label;
  };
  const load = async (
    kind: AuditReferenceKind,
    query: (list: number[]) => Promise<{ id: number; label: string }[]>,
  ) => {
    const list = ids(kind);
    if (list.length > 0) put(kind, await query(list));
  };
  await load('post', (list) =>
    db.select({ id: posts.id, label: posts.name }).from(posts).where(inArray(posts.id, list)),
  );
  await load('department', (list) =>
    db
      .select({ id: departments.id, label: departments.name })
      .from(departments)
      .where(inArray(departments.id, list)),
  );
  await load('user', (list) =>
    db.select({ id: users.id, label: users.displayName }).from(users).where(inArray(users.id, list)),
  );
  await load('strategy', (list) =>
    db
      .select({ id: strategies.id, label: strategies.name })
      .from(strategies)
      .where(inArray(strategies.id, list)),
  );
  await load('goal', async (list) =>
    (
      await db
        .select({ id: goals.id, number: goals.number, title: goals.title })
        .from(goals)
        .where(inArray(goals.id, list))
    ).map((row) => ({ id: row.id, label: `${toRoman(row.number)}. ${row.title}` })),
  );
  await load('program', async (list) =>
    (
      await db
        .select({ id: programs.id, number: programs.number, title: programs.title, goal: goals.number })
        .from(programs)
        .innerJoin(goals, eq(goals.id, programs.goalId))
        .where(inArray(programs.id, list))
    ).map((row) => ({ id: row.id, label: `${toRoman(row.goal)}.${row.number}. ${row.title}` })),
  );
  await load('task', async (list) =>
    (
      await db
        .select({
          id: tasks.id,
          number: tasks.number,
          title: tasks.title,
          program: programs.number,
          goal: goals.number,
        })
        .from(tasks)
        .innerJoin(programs, eq(programs.id, tasks.programId))
        .innerJoin(goals, eq(goals.id, programs.goalId))
        .where(inArray(tasks.id, list))
    ).map((row) => ({
      id: row.id,
      label: `${toRoman(row.goal)}.${row.program}.${row.number}. ${row.title}`,
    })),
  );
  await load('stage', async (list) =>
    (
      await db
        .select({ id: stages.id, number: stages.number, name: stages.name })
        .from(stages)
        .where(inArray(stages.id, list))
    ).map((row) => ({ id: row.id, label: numbered(row.number, row.name) })),
  );
  await load('indicator', (list) =>
    db
      .select({ id: indicators.id, label: indicators.name })
      .from(indicators)
      .where(inArray(indicators.id, list)),
  );
  return names;
}

/** Names and links of what a page of entries is about: one query per kind of record. */
async function loadSubjects(db: Db, rows: { entity: string; entityId: string }[]) {
  const ids = (entity: string) =>
    [...new Set(rows.filter((row) => row.entity === entity).map((row) => Number(row.entityId)))].filter(isId);
  const subjects = new Map<string, { label: string; href: string | null }>();
  const put = (entity: string, id: number | string, label: string, href: string | null) =>
    subjects.set(`${entity}:${id}`, { label, href });

  const taskIds = ids('task');
  const reportIds = ids('report');
  const reportRows = reportIds.length
    ? await db
        .select({ id: reports.id, taskId: reports.taskId, year: reports.year })
        .from(reports)
        .where(inArray(reports.id, reportIds))
    : [];
  const allTaskIds = [...new Set([...taskIds, ...reportRows.map((row) => row.taskId)])];
  const taskRows = allTaskIds.length
    ? await db
        .select({
          id: tasks.id,
          number: tasks.number,
          title: tasks.title,
          programNumber: programs.number,
          goalNumber: goals.number,
        })
        .from(tasks)
        .innerJoin(programs, eq(programs.id, tasks.programId))
        .innerJoin(goals, eq(goals.id, programs.goalId))
        .where(inArray(tasks.id, allTaskIds))
    : [];
  const taskLabel = new Map(
    taskRows.map((row) => [
      row.id,
      `${toRoman(row.goalNumber)}.${row.programNumber}.${row.number}. ${row.title}`,
    ]),
  );
  for (const id of taskIds) {
    const label = taskLabel.get(id);
    if (label) put('task', id, label, `/tasks/${id}`);
  }
  for (const row of reportRows) {
    const label = taskLabel.get(row.taskId);
    if (label) put('report', row.id, `${label} · ${row.year}`, `/tasks/${row.taskId}/reports/${row.year}`);
  }

  const named = async (
    entity: string,
    table: typeof users | typeof departments | typeof posts,
    label: typeof users.displayName | typeof departments.name | typeof posts.name,
    href: (id: number) => string,
  ) => {
    const wanted = ids(entity);
    if (!wanted.length) return;
    const found = await db.select({ id: table.id, label }).from(table).where(inArray(table.id, wanted));
    for (const row of found) put(entity, row.id, row.label, href(row.id));
  };
  await named('user', users, users.displayName, (id) => `/admin/users/${id}`);
  await named('post', posts, posts.name, (id) => `/admin/posts/${id}`);
  await named('department', departments, departments.name, () => '/admin/departments');

  const goalIds = ids('goal');
  if (goalIds.length) {
    for (const row of await db
      .select({ id: goals.id, number: goals.number, title: goals.title })
      .from(goals)
      .where(inArray(goals.id, goalIds)))
      put('goal', row.id, `${toRoman(row.number)}. ${row.title}`, `/goals/${row.id}`);
  }
  const programIds = ids('program');
  if (programIds.length) {
    for (const row of await db
      .select({ id: programs.id, number: programs.number, title: programs.title, goal: goals.number })
      .from(programs)
      .innerJoin(goals, eq(goals.id, programs.goalId))
      .where(inArray(programs.id, programIds)))
      put('program', row.id, `${toRoman(row.goal)}.${row.number}. ${row.title}`, `/programs/${row.id}`);
  }
  // A reporting year is "strategy/year".
  const yearKeys = rows.filter((row) => row.entity === 'reporting_year').map((row) => row.entityId);
  const strategyIds = [
    ...ids('strategy'),
    ...yearKeys.map((key) => Number(key.split('/')[0])).filter((id) => Number.isInteger(id) && id > 0),
  ];
  if (strategyIds.length) {
    const names = new Map(
      (
        await db
          .select({ id: strategies.id, name: strategies.name })
          .from(strategies)
          .where(inArray(strategies.id, [...new Set(strategyIds)].filter(isId)))
      ).map((row) => [row.id, row.name]),
    );
    for (const id of ids('strategy')) {
      const name = names.get(id);
      if (name) put('strategy', id, name, `/strategies/${id}`);
    }
    for (const key of yearKeys) {
      const [strategyId, year] = key.split('/').map(Number);
      const name = names.get(strategyId!);
      if (name && year) put('reporting_year', key, `${name} · ${year}`, '/admin/reporting');
    }
  }
  return subjects;
}
