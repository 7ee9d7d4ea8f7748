import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../../test-results/reliability');

/**
 * Records a reliability section (a title and Markdown lines: a sentence, a table) for
 * RELIABILITY.md. `key` orders the sections and keeps one file per test; consecutive keys with the
 * same title end up under one heading.
 */
export function recordFigures(key: string, title: string, lines: string[]) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${key}.json`), JSON.stringify({ title, lines }));
}
