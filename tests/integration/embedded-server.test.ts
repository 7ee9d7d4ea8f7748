import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, embeddedFolderOf, openEmbeddedServer, openPglite } from '@/db/client';
import { departments } from '@/db/schema';
import { type EmbeddedServer, serveEmbeddedDatabase } from '@/scripts/lib/embedded-server';

/*
 * The embedded database as `npm start` runs it: the supervisor opens PGlite, migrates it and serves
 * it on a Unix socket (scripts/lib/embedded-server.ts); its serving process connects with
 * postgres.js (openEmbeddedServer). What the app relies on: the folder stays locked to the
 * supervisor, only this user can reach the socket, values come back as they went in, a transaction
 * has the engine to itself, and a serving process that dies mid-transaction leaves nothing behind.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-embedded-'));
const dataDir = path.join(tmp, 'data');
let server: EmbeddedServer;
let first: Database;
let second: Database;

beforeAll(async () => {
  server = await serveEmbeddedDatabase(dataDir, false);
  first = await openEmbeddedServer(server.socketPath);
  second = await openEmbeddedServer(server.socketPath);
});

afterAll(async () => {
  await first?.close();
  await second?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const departmentsNamed = async (db: Database, name: string) =>
  (await db.db.select({ id: departments.id }).from(departments).where(eq(departments.name, name))).length;

describe('the embedded database served on a socket', () => {
  it('is migrated, locked to the serving process, and reachable by this user only', async () => {
    expect(await departmentsNamed(first, 'no such department')).toBe(0);
    // The lock names the process that serves it (another process is refused: pglite-lock.test.ts).
    expect(fs.readFileSync(`${embeddedFolderOf(dataDir)}.lock`, 'utf8')).toBe(String(process.pid));
    expect(fs.statSync(path.dirname(server.socketPath)).mode & 0o777).toBe(0o700);
  });

  it('gives back bytes, dates, numbers and text as they went in', async () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    const when = new Date('2026-03-01T12:34:56.789Z');
    const [row] = (await first.db.execute(
      sql`select ${bytes}::bytea as bytes, ${when.toISOString()}::timestamptz as "when", 12.5::numeric as n, ${'Zażółć „gęślą” jaźń'}::text as t`,
    )) as unknown as { bytes: Buffer; when: Date; n: string; t: string }[];
    expect(Buffer.from(row!.bytes).equals(bytes)).toBe(true);
    expect(new Date(row!.when).toISOString()).toBe(when.toISOString());
    expect(row!.n).toBe('12.5');
    expect(row!.t).toBe('Zażółć „gęślą” jaźń');
  });

  it('runs a transaction alone: another connection waits for it and then sees its rows', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const transaction = first.db.transaction(async (tx) => {
      await tx.insert(departments).values({ name: 'Wydział w transakcji' });
      inside();
      await held;
    });
    await started;
    let answered = false;
    const reading = departmentsNamed(second, 'Wydział w transakcji').then((count) => {
      answered = true;
      return count;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    release();
    await transaction;
    expect(await reading).toBe(1);
  });

  it('rolls back the transaction of a serving process that dies in it, and serves the others on', async () => {
    const dying = await openEmbeddedServer(server.socketPath);
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const transaction = dying.db
      .transaction(async (tx) => {
        await tx.insert(departments).values({ name: 'Wydział porzucony' });
        inside();
        await new Promise(() => {});
      })
      .catch(() => 'ended');
    await started;
    // The connection cut as a killed process's would be.
    await dying.close().catch(() => {});
    void transaction;
    expect(await departmentsNamed(second, 'Wydział porzucony')).toBe(0);
    expect(await departmentsNamed(first, 'Wydział w transakcji')).toBe(1);
  });

  it('closes the engine and removes its socket when stopped', async () => {
    const other = path.join(tmp, 'other');
    const stopping = await serveEmbeddedDatabase(other, false);
    const socketFolder = path.dirname(stopping.socketPath);
    expect(fs.existsSync(stopping.socketPath)).toBe(true);
    await stopping.stop();
    expect(fs.existsSync(socketFolder)).toBe(false);
    const reopened = await openPglite(embeddedFolderOf(other));
    await reopened.close();
  });
});
