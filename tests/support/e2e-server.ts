/**
 * The server for the end-to-end tests: `npm start` on a database of its own, removed afterwards,
 * with an office directory of its own (tests/support/slapd.ts) for the directory accounts.
 * Embedded: a fresh DATA_DIR in the temp folder. With DATABASE_URL: a throw-away database created
 * on that server (the configured database itself is never touched).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client';
import { reports } from '../../db/schema';
import { migrateDatabase } from '../../db/migrate';
import { createThrowawayDatabase } from '../../scripts/lib/throwaway-database';
import { seedDemoData } from '../../scripts/seed/demo';
import { addWorkflowFixture } from './fixtures';
import { DIRECTORY, startSlapd } from './slapd';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-e2e-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'true' };
delete env.NEXTAUTH_SECRET;
delete env.NEXTAUTH_URL;

let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const throwaway = await createThrowawayDatabase(process.env.DATABASE_URL, 'ms_e2e');
  env.DATABASE_URL = throwaway.url;
  console.log(`[e2e] PostgreSQL database ${throwaway.name}`);
  dropDatabase = throwaway.drop;
} else {
  console.log(`[e2e] embedded database in ${dataDir}`);
}

// The test data set: the demo data plus the fixture people and tasks, written before the server
// starts (an embedded database can only be open in one process at a time).
{
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: dataDir });
  await migrateDatabase(database);
  await seedDemoData(database.db);
  const fixture = await addWorkflowFixture(database.db);
  // A draft report of a year nobody opens (so no inbox, list or default year changes), on the other
  // goal's task: the discussion test's own (tests/e2e/discussion.spec.ts).
  await database.db.insert(reports).values({ taskId: fixture.otherTaskId, year: 2010 });
  await database.close();
}

// The office's directory (a real OpenLDAP server of the run's own) for the directory accounts:
// searched as the service account, as a city would configure it.
const directory = await startSlapd();
Object.assign(env, {
  LDAP_URL: directory.url,
  LDAP_SEARCH_BASE: DIRECTORY.people,
  LDAP_BIND_DN: DIRECTORY.serviceDn,
  LDAP_BIND_PASSWORD: DIRECTORY.servicePassword,
});

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
  cwd: root,
  env,
  stdio: 'inherit',
});

let stopping = false;
async function cleanUp(code: number) {
  if (stopping) return;
  stopping = true;
  try {
    await directory.stop().catch((error: unknown) => console.error(error));
    await dropDatabase();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => void cleanUp(code ?? 0));
