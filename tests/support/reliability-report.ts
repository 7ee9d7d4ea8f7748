import fs from 'node:fs';
import path from 'node:path';

/*
 * RELIABILITY.md is written by the suite itself: each reliability test records its figures with
 * `recordFigures` (tests/support/figures.ts); when the run ends, this global teardown assembles
 * them, with the database the run used, into RELIABILITY.md at the repository's root. Sections whose
 * keys follow one another with the same title are joined under one heading (a case split over
 * several test files, e.g. the faults: tests/support/fault-writes.ts).
 */

const root = path.resolve(import.meta.dirname, '../..');
export const FIGURES_DIR = path.join(root, 'test-results', 'reliability');

export function setup() {
  fs.rmSync(FIGURES_DIR, { recursive: true, force: true });
  fs.mkdirSync(FIGURES_DIR, { recursive: true });
}

export function teardown() {
  if (!fs.existsSync(FIGURES_DIR)) return;
  const files = fs
    .readdirSync(FIGURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const sections: { title: string; lines: string[] }[] = [];
  for (const file of files) {
    const section = JSON.parse(fs.readFileSync(path.join(FIGURES_DIR, file), 'utf8')) as {
      title: string;
      lines: string[];
    };
    const previous = sections.at(-1);
    if (previous?.title === section.title) previous.lines.push(...section.lines);
    else sections.push(section);
  }
  if (sections.length === 0) return;
  const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (embedded)';
  const body = [
    '# Reliability',
    '',
    `Written by \`npm run test:reliability\` on ${new Date().toISOString().slice(0, 10)}, database: ${database}. Every figure below`,
    'was counted by the run that wrote this file; a failing check fails the run.',
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', ...section.lines, '']),
  ].join('\n');
  fs.writeFileSync(path.join(root, 'RELIABILITY.md'), body);
}
