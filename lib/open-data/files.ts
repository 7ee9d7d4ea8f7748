import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { publicRevision } from '@/db/schema';
import { parseId } from '@/lib/ids';
import { toRoman } from '@/lib/numbers';
import {
  getPublicGoal,
  getPublicProgram,
  getPublicStrategy,
  getPublicTask,
  getPublicTaskCards,
  getPublicYear,
  listPublishedStrategies,
} from '@/lib/public/data';
import { goalCsv, programCsv, strategyCsv, taskCsv, yearCsv } from './csv';
import {
  type DocumentContext,
  allFile,
  goalFile,
  programFile,
  strategyFile,
  strategyListFile,
  taskFile,
  yearFile,
} from './documents';

/*
 * The open data files (README, "Open data"): which file an address names, and the file itself, or
 * null when there is no such file — an unknown record, a strategy that is not published (or not
 * yet), an archived record, a year outside the span: the same answer as the public pages give.
 * Every read goes through lib/public/data.ts, which checks the publication.
 */

export type OpenDataFormat = 'json' | 'csv';

export type OpenDataRequest =
  | { kind: 'strategies' }
  | { kind: 'strategy' | 'goal' | 'program' | 'task'; id: number; format: OpenDataFormat }
  | { kind: 'year'; strategyId: number; year: number; format: OpenDataFormat }
  | { kind: 'all'; strategyId: number };

export interface OpenDataFile {
  format: OpenDataFormat;
  /** A name for the download: strategy-1.csv, task-17.json, strategy-1-2012.csv, strategy-1-all.json. */
  fileName: string;
  body: string;
}

/** "17.json" or "17.csv" (an id or a year and a format); null for anything else. */
export function parseFileSegment(segment: string): { id: number; format: OpenDataFormat } | null {
  const match = /^(\d+)\.(json|csv)$/.exec(segment);
  if (!match) return null;
  const id = parseId(match[1]!);
  return id === null ? null : { id, format: match[2] as OpenDataFormat };
}

/**
 * The date of the data: when the public data last changed (the commit of the last approval,
 * withdrawal, card edit, import or publication change, as migration 0007's triggers record it in
 * public_revision.changed_at), as an ISO 8601 instant.
 */
export async function readDataDate(db: Db): Promise<string> {
  const [row] = await db
    .select({ changedAt: publicRevision.changedAt })
    .from(publicRevision)
    .where(eq(publicRevision.id, 1));
  return (row?.changedAt ?? new Date()).toISOString();
}

export async function buildOpenDataFile(
  db: Db,
  request: OpenDataRequest,
  options: { licence: string; today?: Date },
): Promise<OpenDataFile | null> {
  const today = options.today ?? new Date();
  const context: DocumentContext = {
    licence: options.licence,
    dataDate: await readDataDate(db),
    numeral: toRoman,
  };
  const json = (fileName: string, document: unknown): OpenDataFile => ({
    format: 'json',
    fileName: `${fileName}.json`,
    body: JSON.stringify(document),
  });
  const either = <T>(
    format: OpenDataFormat,
    fileName: string,
    document: T,
    csv: (document: T) => string,
  ): OpenDataFile =>
    format === 'json'
      ? json(fileName, document)
      : { format, fileName: `${fileName}.csv`, body: csv(document) };

  switch (request.kind) {
    case 'strategies':
      return json('strategies', strategyListFile(await listPublishedStrategies(db, today), context));
    case 'strategy': {
      const view = await getPublicStrategy(db, request.id, today);
      return (
        view && either(request.format, `strategy-${request.id}`, strategyFile(view, context), strategyCsv)
      );
    }
    case 'goal': {
      const view = await getPublicGoal(db, request.id, today);
      return view && either(request.format, `goal-${request.id}`, goalFile(view, context), goalCsv);
    }
    case 'program': {
      const view = await getPublicProgram(db, request.id, today);
      return view && either(request.format, `program-${request.id}`, programFile(view, context), programCsv);
    }
    case 'task': {
      const card = await getPublicTask(db, request.id, today);
      return card && either(request.format, `task-${request.id}`, taskFile(card, context), taskCsv);
    }
    case 'year': {
      const view = await getPublicYear(db, request.strategyId, request.year, today);
      return (
        view &&
        either(
          request.format,
          `strategy-${request.strategyId}-${request.year}`,
          yearFile(view, context),
          yearCsv,
        )
      );
    }
    case 'all': {
      const view = await getPublicStrategy(db, request.strategyId, today);
      if (!view) return null;
      const taskIds = view.goals.flatMap((goal) =>
        goal.programs.flatMap((program) => program.tasks.map((task) => task.id)),
      );
      // Every card in a few queries (lib/public's batch loader), not a card's queries per task.
      const cards = await getPublicTaskCards(db, request.strategyId, taskIds, today);
      if (!cards) return null;
      return json(`strategy-${request.strategyId}-all`, allFile(view, cards, context));
    }
  }
}
