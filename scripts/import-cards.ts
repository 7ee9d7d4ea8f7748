/**
 * `npm run import:cards -- FILE [--json] [--commit] [--strategy NAME] [--city NAME] [--actor LOGIN] [--lang pl|en]`
 *
 * Reads task cards from a text file (the layout of the seed card). Without --commit it writes
 * nothing and shows what it found: a summary per card with its warnings, or with --json one JSON
 * document (an array of cards). With --commit it saves the cards into the configured database
 * (DATABASE_URL, else the embedded one in DATA_DIR/pglite) in one transaction.
 *
 *   --strategy NAME  strategy to import into (default: the name above each card's goal header)
 *   --city NAME      city of a strategy that has to be created (default: last word of its name)
 *   --actor LOGIN    user recorded in the audit log as the importer (default: none)
 *   --lang pl|en     language of what it prints (default: Polish); the sentences are in
 *                    messages/{pl,en}/import.json (`cli.*`, and the import's own messages)
 *
 * Any error (unreadable file, a card that cannot be read, a database error): a message on stderr,
 * exit code 1, nothing written.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { users } from '@/db/schema';
import { CardImportError, commitCards, type CommitSummary } from '@/lib/cards/import';
import { type Locale, isLocale } from '@/i18n/config';
import type { ImportMessage } from '@/lib/cards/messages';
import { importMessageText, importTranslator } from '@/lib/cards/message-text';
import { type ParsedCard, parseCards, toImportJson } from '@/lib/cards/parse';
import { toRoman } from '@/lib/numbers';

const MAX_MEGABYTES = 10;
const MAX_BYTES = MAX_MEGABYTES * 1024 * 1024;

const config = {
  options: {
    json: { type: 'boolean' },
    commit: { type: 'boolean' },
    strategy: { type: 'string' },
    city: { type: 'string' },
    actor: { type: 'string' },
    lang: { type: 'string' },
    help: { type: 'boolean' },
  },
  allowPositionals: true,
} as const;

// The language first, so that even a wrong option is answered in it.
const asked = parseArgs({ ...config, strict: false }).values.lang;
const locale: Locale = isLocale(asked) ? asked : 'pl';
const t = importTranslator(locale);
const say = (message: ImportMessage) => importMessageText(message, locale);
const USAGE = t('cli.usage');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** One line of a card's summary: its label, then its value, in one column. */
const field = (label: Parameters<typeof t>[0], value: string) => `  ${`${t(label)}:`.padEnd(15)}${value}`;

function describeCard(card: ParsedCard, index: number): string[] {
  const planned = card.stages.reduce(
    (sum, stage) => sum + card.years.reduce((acc, year) => acc + (stage.cells[year]?.planned ?? 0), 0),
    0,
  );
  const actual = card.stages.reduce(
    (sum, stage) => sum + card.years.reduce((acc, year) => acc + (stage.cells[year]?.actual ?? 0), 0),
    0,
  );
  const byType = (type: string) => card.indicators.filter((indicator) => indicator.type === type).length;
  const lines = [
    t('cli.card', {
      index: index + 1,
      line: card.line,
      goal: toRoman(card.goal.number),
      program: card.program.number,
      task: card.task.number,
      title: card.task.title,
    }),
    field(
      'cli.labels.strategy',
      t('cli.strategyValue', {
        name: card.strategy.name || t('cli.noName'),
        from: card.years[0]!,
        to: card.years[card.years.length - 1]!,
      }),
    ),
    field('cli.labels.goalOwner', card.goal.owner || '—'),
    field('cli.labels.coordinator', card.program.coordinator || '—'),
    field('cli.labels.executor', card.task.executorText.replace(/\n/g, ' / ') || '—'),
    field(
      'cli.labels.stages',
      t('cli.stagesValue', {
        count: card.stages.length,
        planned: Math.round(planned * 100) / 100,
        actual: Math.round(actual * 100) / 100,
      }),
    ),
    field('cli.labels.partners', String(card.partners.length)),
    field(
      'cli.labels.indicators',
      t('cli.indicatorsValue', {
        count: card.indicators.length,
        product: byType('product'),
        result: byType('result'),
        impact: byType('impact'),
      }),
    ),
    field('cli.labels.cost', card.totalCost || '—'),
    field(
      'cli.labels.funding',
      card.funding.map((item) => `${item.source} ${item.value}`.trim()).join('; ') || '—',
    ),
  ];
  if (card.warnings.length === 0) lines.push(field('cli.labels.warnings', t('cli.noWarnings')));
  else {
    lines.push(`  ${t('cli.warningsCount', { count: card.warnings.length })}:`);
    for (const warning of card.warnings) lines.push(`    - ${warning.path}: ${say(warning.message)}`);
  }
  return lines;
}

function describeCommit(summary: CommitSummary): string[] {
  const lines = [
    t('cli.saved', { created: summary.created, updated: summary.updated, unchanged: summary.unchanged }),
  ];
  for (const task of summary.tasks) {
    const label = say({ key: 'commit.taskLabel', values: { task: task.task } });
    lines.push(
      `  ${t('cli.savedTask', { task: label, status: t(`taskStatus.${task.status}`), id: task.taskId })}`,
    );
  }
  if (summary.unassigned.length > 0) {
    lines.push(t('cli.unassigned'));
    for (const item of summary.unassigned) lines.push(`  - ${say(item)}`);
  }
  for (const item of summary.notes) lines.push(`  • ${say(item)}`);
  return lines;
}

let args: ReturnType<typeof parseArgs<typeof config>>;
try {
  args = parseArgs(config);
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
if (args.values.lang !== undefined && !isLocale(args.values.lang)) fail(USAGE);
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [file, ...extra] = args.positionals;
if (!file || extra.length > 0) fail(USAGE);

let stat: fs.Stats;
try {
  stat = fs.statSync(file);
} catch {
  fail(t('cli.noFile', { file }));
}
if (!stat.isFile()) fail(t('cli.notAFile', { file }));
// Refused before reading: a card file is a few kilobytes.
if (stat.size > MAX_BYTES) {
  fail(t('cli.tooLarge', { file, megabytes: stat.size / 1024 / 1024, limit: MAX_MEGABYTES }));
}

const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
const result = parseCards(text);
if (result.errors.length > 0) {
  for (const error of result.errors) {
    const message = say(error.message);
    console.error(
      error.line ? t('cli.errorAtLine', { line: error.line, message }) : t('cli.error', { message }),
    );
  }
  console.error(t('cli.notSavedErrors', { errors: result.errors.length, cards: result.cards.length }));
  process.exit(1);
}

if (args.values.json) {
  console.log(
    JSON.stringify(
      result.cards.map((card) => toImportJson(card, say)),
      null,
      2,
    ),
  );
} else {
  const out: string[] = [t('cli.read', { count: result.cards.length, file }), ''];
  result.cards.forEach((card, index) => out.push(...describeCard(card, index), ''));
  if (!args.values.commit) out.push(t('cli.dryRun'));
  console.log(out.join('\n'));
}

if (args.values.commit) {
  const strategyName = args.values.strategy?.trim() || undefined;
  if (!strategyName && result.cards.some((card) => !card.strategy.name)) {
    fail(t('cli.noStrategyName'));
  }
  // The same configuration as the server and scripts/db.ts.
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.DATA_DIR || 'data';
  let failed = false;
  try {
    const database = await openDatabase({ databaseUrl, dataDir });
    try {
      await migrateDatabase(database);
      let actorUserId: number | null = null;
      if (args.values.actor) {
        const [actor] = await database.db
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.login}) = lower(${args.values.actor})`);
        if (!actor) throw new Error(t('cli.noActor', { login: args.values.actor }));
        actorUserId = actor.id;
      }
      // The command line is the operator: whoever runs it holds the database already (no user to check).
      const summary = await commitCards(database.db, result.cards, {
        importer: { operator: true, actorUserId },
        strategyName,
        cityName: args.values.city,
      });
      const report = describeCommit(summary).join('\n');
      // With --json stdout holds only the JSON document; the report goes to stderr.
      if (args.values.json) console.error(report);
      else console.log(report);
    } finally {
      await database.close();
    }
  } catch (error) {
    const message =
      error instanceof CardImportError
        ? say(error.importMessage)
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(t('cli.notSaved', { message }));
    failed = true;
  }
  if (failed) process.exit(1);
}
