import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-start-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** `npm start` with a broken environment: it must stop before building, naming the variable. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start refuses a wrong environment', () => {
  it.each([
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ SESSION_IDLE_MINUTES: 'soon' }, 'SESSION_IDLE_MINUTES'],
    [{ NEXTAUTH_SECRET: 'short' }, 'NEXTAUTH_SECRET'],
    [{ NEXTAUTH_URL: 'not a url' }, 'NEXTAUTH_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    // Several processes on the embedded database would corrupt its folder.
    [{ DATABASE_URL: '', APP_PROCESSES: '2' }, 'APP_PROCESSES'],
  ])('%j stops the start with a message naming %s', (env, name) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${name}:`);
    expect(result.stdout).not.toContain('building');
  });

  it('generates a session secret once and keeps it with the local data', () => {
    // An invalid port after the secret step would stop too early; use a bad URL to stop after it.
    start({ DATABASE_URL: 'mysql://x' });
    const secret = fs.readFileSync(path.join(dataDir, 'auth-secret'), 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    start({ DATABASE_URL: 'mysql://x' });
    expect(fs.readFileSync(path.join(dataDir, 'auth-secret'), 'utf8')).toBe(secret);
    expect(fs.statSync(path.join(dataDir, 'auth-secret')).mode & 0o077).toBe(0);
  });
});
