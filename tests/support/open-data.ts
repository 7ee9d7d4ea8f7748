import type { Database, Db } from '@/db/client';
import { GET as goalFile } from '@/app/public/data/goals/[file]/route';
import { GET as programFile } from '@/app/public/data/programs/[file]/route';
import { GET as schemaFile } from '@/app/public/data/schema.json/route';
import { GET as strategyFile } from '@/app/public/data/strategies/[id]/route';
import { GET as allFile } from '@/app/public/data/strategies/[id]/all.json/route';
import { GET as yearFile } from '@/app/public/data/strategies/[id]/years/[file]/route';
import { GET as strategyList } from '@/app/public/data/strategies.json/route';
import { GET as taskFile } from '@/app/public/data/tasks/[file]/route';

/*
 * The open data routes called as Next calls them (a Request and the address's params), on a test
 * database: lib/db.ts's getDb() answers with the database given to useDatabase().
 */

/** Makes the route handlers' getDb() answer with this database (lib/db.ts keeps it on globalThis). */
export function useDatabase(db: Db) {
  (globalThis as unknown as { __monitorDatabase?: Promise<Pick<Database, 'db'>> }).__monitorDatabase =
    Promise.resolve({ db });
  // lib/env.ts checks the server's settings on first use; the open data reads only its licence.
  process.env.NEXTAUTH_SECRET ??= 'open-data-test-secret-0123456789abcdef';
}

const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** GET an open data address (a path under /public/data/) through its route handler. */
export async function getOpenData(path: string): Promise<Response> {
  const request = new Request(`http://localhost${path}`);
  const rest = path.replace(/^\/public\/data\//, '');
  let match: RegExpExecArray | null;
  if (rest === 'strategies.json') return strategyList();
  if (rest === 'schema.json') return schemaFile();
  if ((match = /^strategies\/([^/]+)\/all\.json$/.exec(rest)))
    return allFile(request, params({ id: match[1]! }));
  if ((match = /^strategies\/([^/]+)\/years\/([^/]+)$/.exec(rest)))
    return yearFile(request, params({ id: match[1]!, file: match[2]! }));
  if ((match = /^strategies\/([^/]+)$/.exec(rest))) return strategyFile(request, params({ id: match[1]! }));
  if ((match = /^goals\/([^/]+)$/.exec(rest))) return goalFile(request, params({ file: match[1]! }));
  if ((match = /^programs\/([^/]+)$/.exec(rest))) return programFile(request, params({ file: match[1]! }));
  if ((match = /^tasks\/([^/]+)$/.exec(rest))) return taskFile(request, params({ file: match[1]! }));
  throw new Error(`no open data route for ${path}`);
}

interface AllJson {
  strategy: { id: number; startYear: number; endYear: number };
  goals: { id: number; programs: { id: number; tasks: { id: number }[] }[] }[];
}

/**
 * Every open data address of a published strategy, found the way a client finds them: the list of
 * strategies, then each strategy's whole download (its goals, programs and tasks) and its years.
 */
export async function everyOpenDataPath(): Promise<string[]> {
  const list = (await (await getOpenData('/public/data/strategies.json')).json()) as {
    strategies: { id: number }[];
  };
  const paths = ['/public/data/strategies.json', '/public/data/schema.json'];
  for (const { id } of list.strategies) {
    const all = (await (await getOpenData(`/public/data/strategies/${id}/all.json`)).json()) as AllJson;
    paths.push(`/public/data/strategies/${id}/all.json`);
    const both = (path: string) => [`${path}.json`, `${path}.csv`];
    paths.push(...both(`/public/data/strategies/${id}`));
    for (let year = all.strategy.startYear; year <= all.strategy.endYear; year++) {
      paths.push(...both(`/public/data/strategies/${id}/years/${year}`));
    }
    for (const goal of all.goals) {
      paths.push(...both(`/public/data/goals/${goal.id}`));
      for (const program of goal.programs) {
        paths.push(...both(`/public/data/programs/${program.id}`));
        for (const task of program.tasks) paths.push(...both(`/public/data/tasks/${task.id}`));
      }
    }
  }
  return paths;
}
