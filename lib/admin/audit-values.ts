import { isId } from '@/lib/ids';
/*
 * The audit log's stored values in words (Dziennik zmian): a report's state by its label, the id
 * of a program, post, department, user, stage … by that record's name, an ISO date as a Warsaw
 * date (and time), a nested object as a "field: value" list with the fields' names translated.
 * Pure: the page gives it the translations and the names it loaded for the page.
 */

/** Fields that hold the id of another record, and which kind of record it is. */
export const AUDIT_REFERENCES = {
  programId: 'program',
  goalId: 'goal',
  taskId: 'task',
  strategyId: 'strategy',
  stageId: 'stage',
  indicatorId: 'indicator',
  postId: 'post',
  ownerPostId: 'post',
  coordinatorPostId: 'post',
  currentPostId: 'post',
  departmentId: 'department',
  userId: 'user',
} as const;
export type AuditReferenceKind = (typeof AUDIT_REFERENCES)[keyof typeof AUDIT_REFERENCES];

export function referenceKind(key: string): AuditReferenceKind | null {
  return Object.hasOwn(AUDIT_REFERENCES, key) ? AUDIT_REFERENCES[key as keyof typeof AUDIT_REFERENCES] : null;
}

/** The key under which a referenced record's name is kept: `post:5`. */
export const referenceKey = (kind: AuditReferenceKind, id: number) => `${kind}:${id}`;

/** A stored id as a number, when it is one. */
function idOf(value: unknown): number | null {
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  return isId(id) ? id : null;
}

/** The last field name of a path (`stageValues.0.actual` → `actual`), list positions skipped. */
export function leafKey(path: string): string {
  const segments = path.split('.').filter((segment) => segment !== '' && !/^\d+$/.test(segment));
  return segments.at(-1) ?? '';
}

/**
 * A change's path in words: fields by their name, list positions counted from 1, a year as a key
 * (a card's cells by year) as the year.
 */
export function auditPathText(path: string, field: (key: string) => string): string {
  return path
    .split('.')
    .map((segment) =>
      /^\d+$/.test(segment)
        ? Number(segment) >= 1000
          ? segment
          : String(Number(segment) + 1)
        : field(segment),
    )
    .join(' › ');
}

/** Every record id a value refers to (under a field of AUDIT_REFERENCES), at any depth. */
export function collectReferences(
  key: string,
  value: unknown,
  into: Map<AuditReferenceKind, Set<number>>,
): void {
  const kind = referenceKind(key);
  const id = kind ? idOf(value) : null;
  if (kind && id !== null) {
    const ids = into.get(kind) ?? new Set<number>();
    ids.add(id);
    into.set(kind, ids);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(key, item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [field, item] of Object.entries(value)) collectReferences(field, item, into);
  }
}

/** Every field name of a stored value, at any depth (list positions are not fields). */
export function fieldKeys(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) fieldKeys(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [field, item] of Object.entries(value)) {
      // A year as a key ("2012": …) is not a field: it shows as the year.
      if (!/^\d+$/.test(field)) into.add(field);
      fieldKeys(item, into);
    }
  }
  return into;
}

export interface AuditWords {
  /** The field's name in the user's language. */
  field: (key: string) => string;
  /** A coded value's label (a report's state, a role, a way of signing in …), or null. */
  code: (key: string, value: string) => string | null;
  /** The name of a referenced record, loaded for the page, or null when it no longer exists. */
  name: (kind: AuditReferenceKind, id: number) => string | null;
  /** "nr 5 (już nie istnieje)". */
  gone: (id: number) => string;
  yes: string;
  no: string;
  empty: string;
  date: (day: Date) => string;
  dateTime: (instant: Date) => string;
  number: (value: number) => string;
}

/** A value in words: text, or a list of "field: value" lines for an object or a list of objects. */
export type AuditValueWords = string | { label: string | null; value: AuditValueWords }[];

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether an instant falls on a Warsaw midnight (a day's start: shown as the day alone). */
function isWarsawMidnight(instant: Date): boolean {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Warsaw',
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(instant);
  return time === '00:00:00';
}

function textValue(value: string, words: AuditWords): string {
  if (ISO_INSTANT.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) {
      return isWarsawMidnight(instant) ? words.date(instant) : words.dateTime(instant);
    }
  }
  const day = ISO_DAY.exec(value);
  if (day) {
    // A calendar day: noon UTC is the same day in Warsaw.
    const noon = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12));
    if (!Number.isNaN(noon.getTime())) return words.date(noon);
  }
  return value;
}

/** A stored value (under the field `key`) in words. */
export function auditValueWords(value: unknown, key: string, words: AuditWords): AuditValueWords {
  if (value === undefined || value === null || value === '') return words.empty;
  const kind = referenceKind(key);
  const id = kind ? idOf(value) : null;
  if (kind && id !== null) return words.name(kind, id) ?? words.gone(id);
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return words.number(value);
  if (typeof value === 'string') return words.code(key, value) ?? textValue(value, words);
  if (Array.isArray(value)) {
    if (value.length === 0) return words.empty;
    const items = value.map((item) => auditValueWords(item, key, words));
    if (items.every((item) => typeof item === 'string')) return items.join(', ');
    return items.map((item, index) => ({ label: String(index + 1), value: item }));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return words.empty;
    return entries.map(([field, item]) => ({
      label: /^\d+$/.test(field) ? field : words.field(field),
      value: auditValueWords(item, field, words),
    }));
  }
  return String(value);
}

/** A translator of one namespace (next-intl's `t`, on the server or from createTranslator). */
export interface AuditTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has: (key: string) => boolean;
}

/**
 * The words of the log in the user's language: `t` is the `admin.audit` namespace, `status` the
 * `reportStatus` one; `names` what the page loaded (listAuditEntries).
 */
export function auditWords(
  t: AuditTranslator,
  status: AuditTranslator,
  format: {
    dateTime: (
      value: Date,
      options: { dateStyle: 'medium'; timeStyle?: 'short'; timeZone: string },
    ) => string;
    number: (value: number, options: { maximumFractionDigits: number }) => string;
  },
  names: Record<string, string>,
): AuditWords {
  return {
    field: (key) => (t.has(`fields.${key}`) ? t(`fields.${key}`) : key),
    code: (key, value) => {
      if (key === 'status' && status.has(value)) return status(value);
      return t.has(`codes.${key}.${value}`) ? t(`codes.${key}.${value}`) : null;
    },
    name: (kind, id) => names[referenceKey(kind, id)] ?? null,
    gone: (id) => t('goneRecord', { id }),
    yes: t('yes'),
    no: t('no'),
    empty: t('emptyValue'),
    date: (day) => format.dateTime(day, { dateStyle: 'medium', timeZone: 'Europe/Warsaw' }),
    dateTime: (instant) =>
      format.dateTime(instant, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Warsaw' }),
    number: (value) => format.number(value, { maximumFractionDigits: 2 }),
  };
}
