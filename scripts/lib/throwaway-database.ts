import crypto from 'node:crypto';
import postgres from 'postgres';

/**
 * A new, empty database on the PostgreSQL server of `serverUrl`, named `<prefix>_<random>`, for a
 * run that removes it afterwards with `drop()` (the tests, the end-to-end server, the bench). The
 * configured database itself is never touched.
 */
export async function createThrowawayDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
