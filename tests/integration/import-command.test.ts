import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/client';
import { toImportJson } from '@/lib/cards/parse';
import { importMessageText as said } from '@/lib/cards/message-text';
import { getTaskCard } from '@/lib/strategy/task-card';
import { reader } from '../support/fixtures';
import { onlyTaskId, parseSeed, seedPath, seedText } from '../support/import-cards';
import { root } from '../support/import-screen';

/* The import command (scripts/import-cards.ts), run as the office runs it. */

describe('the import command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cards-'));
  const dataDir = path.join(tmp, 'data');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import-cards.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('without --commit writes nothing; --json prints one JSON document', () => {
    const json = run(seedPath, '--json');
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([toImportJson(parseSeed(), said)]);
    const text = run(seedPath);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Cel I › program 3 › zadanie 1.');
    expect(text.stdout).toContain('partners.4.name');
    expect(text.stdout).toContain('Nic nie zapisano');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('refuses bad input with a message and exit code 1, writing nothing', () => {
    const cut = path.join(tmp, 'urwana.txt');
    fs.writeFileSync(cut, seedText.split('\n').slice(0, 40).join('\n'));
    const truncated = run(cut, '--commit');
    expect(truncated.status).toBe(1);
    expect(truncated.stderr).toContain('Karta urywa się w sekcji');
    expect(truncated.stdout).toBe('');

    const big = path.join(tmp, 'duzy.txt');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 11 * 1024 * 1024);
    const tooBig = run(big, '--commit');
    expect(tooBig.status).toBe(1);
    expect(tooBig.stderr).toContain('więcej niż dopuszczalne 10 MB');

    const missing = run(path.join(tmp, 'nie-ma.txt'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Nie ma pliku');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('counts the refused cards in Polish plural forms', () => {
    const cut = seedText.split('\n').slice(0, 40).join('\n') + '\n';
    const counted = (cards: number) => {
      const file = path.join(tmp, `urwane-${cards}.txt`);
      fs.writeFileSync(file, cut.repeat(cards));
      const result = run(file);
      expect(result.status).toBe(1);
      return result.stderr.trim().split('\n').at(-1);
    };
    expect(counted(1)).toBe('Nic nie zapisano: 1 błąd; poprawnie odczytanych kart: 0.');
    expect(counted(2)).toBe('Nic nie zapisano: 2 błędy; poprawnie odczytanych kart: 0.');
    expect(counted(5)).toBe('Nic nie zapisano: 5 błędów; poprawnie odczytanych kart: 0.');
  });

  it('speaks English with --lang en, and refuses a language it does not have', () => {
    const summary = run(seedPath, '--lang', 'en');
    expect(summary.status, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('Card 1 (from line 1): Goal I › program 3 › task 1.');
    expect(summary.stdout).toContain('stages:        4 (plan 100 pts, done 86 pts)');
    // The import's own messages follow the same language.
    expect(summary.stdout).toContain('partners.4.name: In the word “TechnologiiRegionalna”');
    expect(summary.stdout).toContain('Nothing was saved. To save the cards in the database, add --commit.');
    expect(summary.stdout).not.toMatch(/Karta|Nic nie zapisano|etapy/);

    const missing = run(path.join(tmp, 'nie-ma.txt'), '--lang', 'en');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`There is no file ${path.join(tmp, 'nie-ma.txt')}.`);

    const unknown = run(seedPath, '--lang', 'de');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^Użycie: npm run import:cards -- PLIK .*\[--lang pl\|en\]/);
    expect(unknown.stdout).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('--commit imports the seed into an empty embedded database; a second run changes nothing', async () => {
    const first = run(seedPath, '--commit');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Zapisano: utworzono 1, zaktualizowano 0, bez zmian 0.');
    const second = run(seedPath, '--commit');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Zapisano: utworzono 0, zaktualizowano 0, bez zmian 1.');

    const database = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const card = await getTaskCard(database.db, reader, await onlyTaskId(database.db));
      expect(card.stages).toHaveLength(4);
      expect(card.partners).toHaveLength(5);
      expect(card.indicators).toHaveLength(5);
      expect(card.progress).toBe(86);
    } finally {
      await database.close();
    }
  }, 180_000);
});
