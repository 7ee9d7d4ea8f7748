import crypto from 'node:crypto';
import postgres from 'postgres';
import { type Database, openPglite, openPostgres } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A new, empty database (not migrated) that is removed by its close(). */
  create(): Promise<Database>;
}

/**
 * The databases the integration tests run on: PGlite (in memory) always, and a throw-away database
 * on the PostgreSQL server of DATABASE_URL when it is set (CI runs the suite both ways).
 */
export function testBackends(): Backend[] {
  const backends: Backend[] = [{ name: 'pglite', create: () => openPglite(undefined) }];
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) backends.push({ name: 'postgres', create: () => createThrowawayPostgres(serverUrl) });
  return backends;
}

export async function createThrowawayPostgres(serverUrl: string): Promise<Database & { url: string }> {
  const name = `ms_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 25 });
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

export async function createMigrated(backend: Backend): Promise<Database> {
  const database = await backend.create();
  await migrateDatabase(database);
  return database;
}
