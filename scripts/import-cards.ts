/**
 * `npm run import:cards -- FILE [--json] [--commit] [--strategy NAME] [--city NAME] [--actor LOGIN]`
 *
 * Reads task cards from a text file (the layout of the seed card). Without --commit it writes
 * nothing and shows what it found: a summary per card with its warnings, or with --json one JSON
 * document (an array of cards). With --commit it saves the cards into the configured database
 * (DATABASE_URL, else the embedded one in DATA_DIR/pglite) in one transaction.
 *
 *   --strategy NAME  strategy to import into (default: the name above each card's goal header)
 *   --city NAME      city of a strategy that has to be created (default: last word of its name)
 *   --actor LOGIN    user recorded in the audit log as the importer (default: none)
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
import { importMessageText as say } from '@/lib/cards/message-text';
import { type ParsedCard, parseCards, toImportJson } from '@/lib/cards/parse';
import { toRoman } from '@/lib/numbers';

const MAX_BYTES = 10 * 1024 * 1024;
const USAGE =
  'Użycie: npm run import:cards -- PLIK [--json] [--commit] [--strategy NAZWA] [--city MIASTO] [--actor LOGIN]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

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
    `Karta ${index + 1} (od wiersza ${card.line}): Cel ${toRoman(card.goal.number)} › program ${card.program.number} › zadanie ${card.task.number}. ${card.task.title}`,
    `  strategia:     ${card.strategy.name || '(brak nazwy)'}; lata ${card.years[0]}–${card.years[card.years.length - 1]}`,
    `  szef celu:     ${card.goal.owner || '—'}`,
    `  koordynator:   ${card.program.coordinator || '—'}`,
    `  realizator:    ${card.task.executorText.replace(/\n/g, ' / ') || '—'}`,
    `  etapy:         ${card.stages.length} (plan ${Math.round(planned * 100) / 100} pkt, wykonanie ${Math.round(actual * 100) / 100} pkt)`,
    `  partnerzy:     ${card.partners.length}`,
    `  mierniki:      ${card.indicators.length} (produktu ${byType('product')}, rezultatu ${byType('result')}, oddziaływania ${byType('impact')})`,
    `  koszt:         ${card.totalCost || '—'}`,
    `  finansowanie:  ${card.funding.map((item) => `${item.source} ${item.value}`.trim()).join('; ') || '—'}`,
  ];
  if (card.warnings.length === 0) lines.push('  ostrzeżenia:   brak');
  else {
    lines.push(`  ostrzeżenia (${card.warnings.length}):`);
    for (const warning of card.warnings) lines.push(`    - ${warning.path}: ${say(warning.message)}`);
  }
  return lines;
}

function describeCommit(summary: CommitSummary): string[] {
  const lines = [
    `Zapisano: utworzono ${summary.created}, zaktualizowano ${summary.updated}, bez zmian ${summary.unchanged}.`,
  ];
  const status = { created: 'utworzono', updated: 'zaktualizowano', unchanged: 'bez zmian' } as const;
  for (const task of summary.tasks) {
    const label = say({ key: 'commit.taskLabel', values: { task: task.task } });
    lines.push(`  ${label}: ${status[task.status]} (id ${task.taskId})`);
  }
  if (summary.unassigned.length > 0) {
    lines.push('Role nieprzydzielone (przydziel je w administracji):');
    for (const item of summary.unassigned) lines.push(`  - ${say(item)}`);
  }
  for (const item of summary.notes) lines.push(`  • ${say(item)}`);
  return lines;
}

const config = {
  options: {
    json: { type: 'boolean' },
    commit: { type: 'boolean' },
    strategy: { type: 'string' },
    city: { type: 'string' },
    actor: { type: 'string' },
    help: { type: 'boolean' },
  },
  allowPositionals: true,
} as const;
let args: ReturnType<typeof parseArgs<typeof config>>;
try {
  args = parseArgs(config);
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
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
  fail(`Nie ma pliku ${file}.`);
}
if (!stat.isFile()) fail(`${file} nie jest plikiem.`);
// Refused before reading: a card file is a few kilobytes.
if (stat.size > MAX_BYTES) {
  fail(
    `Plik ${file} ma ${(stat.size / 1024 / 1024).toFixed(1)} MB — więcej niż dopuszczalne 10 MB; nie wczytano go.`,
  );
}

const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
const result = parseCards(text);
if (result.errors.length > 0) {
  for (const error of result.errors) {
    const message = say(error.message);
    console.error(error.line ? `Błąd (wiersz ${error.line}): ${message}` : `Błąd: ${message}`);
  }
  console.error(
    `Nic nie zapisano: ${result.errors.length} ${result.errors.length === 1 ? 'błąd' : 'błędy'}; poprawnie odczytanych kart: ${result.cards.length}.`,
  );
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
  const out: string[] = [`Odczytano kart: ${result.cards.length} z pliku ${file}.`, ''];
  result.cards.forEach((card, index) => out.push(...describeCard(card, index), ''));
  if (!args.values.commit) out.push('Nic nie zapisano. Aby zapisać karty w bazie, dodaj --commit.');
  console.log(out.join('\n'));
}

if (args.values.commit) {
  const strategyName = args.values.strategy?.trim() || undefined;
  if (!strategyName && result.cards.some((card) => !card.strategy.name)) {
    fail('Nic nie zapisano: co najmniej jedna karta nie podaje nazwy strategii; podaj ją: --strategy „…”.');
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
        if (!actor) throw new Error(`Nie ma użytkownika o loginie ${args.values.actor}.`);
        actorUserId = actor.id;
      }
      const summary = await commitCards(database.db, result.cards, {
        actorUserId,
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
    console.error(`Nic nie zapisano: ${message}`);
    failed = true;
  }
  if (failed) process.exit(1);
}
