import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openPglite } from '@/db/client';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-lock-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('one process per embedded database folder', () => {
  it('a second process on the same folder fails fast with a clear message', async () => {
    const dataDir = path.join(tmp, 'shared');
    // The first process: opens the folder (as the server does) and keeps it open.
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${path.join(root, 'db/client.ts')}').then(async (m) => { await m.openPglite(${JSON.stringify(path.join(dataDir, 'pglite'))}); console.log('ready'); setInterval(() => {}, 1000); })`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      holder.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    });

    const second = spawnSync(tsx, ['scripts/db.ts', 'migrate'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`already open in process ${holder.pid}`);
  });

  it('takes over the lock of a process that is gone', async () => {
    const dataDir = path.join(tmp, 'stale', 'pglite');
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    fs.writeFileSync(`${dataDir}.lock`, dead.stdout);
    const database = await openPglite(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await database.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('refuses a folder whose lock belongs to a live process', async () => {
    const dataDir = path.join(tmp, 'live', 'pglite');
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(sleeper);
    fs.writeFileSync(`${dataDir}.lock`, String(sleeper.pid));
    await expect(openPglite(dataDir)).rejects.toBeInstanceOf(DatabaseLockedError);
  });
});
