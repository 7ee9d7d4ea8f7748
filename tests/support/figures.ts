import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the figures of a run on the current database go (one folder per database). Not under
 * test-results/: Playwright empties that folder at each run, and CI runs the end-to-end tests on
 * PostgreSQL between the two reliability runs.
 */
export const FIGURES_ROOT = path.resolve(import.meta.dirname, '../../.reliability-figures');
export const databaseOfRun = () => (process.env.DATABASE_URL ? 'postgresql' : 'pglite');
export const DATABASE_LABELS: Record<string, string> = {
  pglite: 'PGlite (embedded)',
  postgresql: 'PostgreSQL',
};

/**
 * Records a reliability section (a title and Markdown lines: a sentence, a table) for
 * RELIABILITY.md. `key` orders the sections and keeps one file per test; consecutive keys with the
 * same title end up under one heading.
 */
export function recordFigures(key: string, title: string, lines: string[]) {
  const dir = path.join(FIGURES_ROOT, databaseOfRun());
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ title, lines }));
}
