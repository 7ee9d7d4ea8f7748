import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_LABELS, FIGURES_ROOT, databaseOfRun } from './figures';

/*
 * RELIABILITY.md is written by the suite itself: each reliability test records its figures with
 * `recordFigures` (tests/support/figures.ts) in a folder of the run's database; when the run ends,
 * this global teardown assembles the figures of every database that has run in this checkout (CI
 * runs the suite on PGlite, then on PostgreSQL: the file holds both) into RELIABILITY.md at the
 * repository's root, saying when each database's run was. A run clears only its own database's
 * figures. Sections whose keys follow one another with the same title are joined under one heading
 * (a case split over several test files, e.g. the faults: tests/support/fault-writes.ts).
 */

const root = path.resolve(import.meta.dirname, '../..');
const RUN_FILE = 'run.txt';

export function setup() {
  const dir = path.join(FIGURES_ROOT, databaseOfRun());
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, RUN_FILE),
    new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  );
}

interface Section {
  title: string;
  lines: string[];
}

export function teardown() {
  if (!fs.existsSync(FIGURES_ROOT)) return;
  const runs: string[] = [];
  const recorded: { key: string; section: Section }[] = [];
  for (const database of Object.keys(DATABASE_LABELS)) {
    const dir = path.join(FIGURES_ROOT, database);
    if (!fs.existsSync(path.join(dir, RUN_FILE))) continue;
    const files = fs.readdirSync(dir).filter((file) => file.endsWith('.json'));
    if (files.length === 0) continue;
    runs.push(`${DATABASE_LABELS[database]} on ${fs.readFileSync(path.join(dir, RUN_FILE), 'utf8')}`);
    for (const file of files) {
      const section = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Section;
      recorded.push({ key: `${file}\u0000${database}`, section });
    }
  }
  if (recorded.length === 0) return;
  recorded.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sections: Section[] = [];
  for (const { section } of recorded) {
    const previous = sections.at(-1);
    if (previous?.title === section.title) previous.lines.push(...section.lines);
    else sections.push({ title: section.title, lines: [...section.lines] });
  }
  const body = [
    '# Reliability',
    '',
    `Written by \`npm run test:reliability\`, from its latest run on each database in this checkout: ${runs.join('; ')}.`,
    'Every figure below was counted by the run that wrote it; a failing check fails the run.',
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', ...section.lines, '']),
  ].join('\n');
  fs.writeFileSync(path.join(root, 'RELIABILITY.md'), body);
}
