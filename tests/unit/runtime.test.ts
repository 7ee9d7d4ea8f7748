import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { supportedNodeMajors, unsupportedNodeMessage } from '@/scripts/lib/runtime';

const root = path.resolve(import.meta.dirname, '../..');

describe('the supported runtime', () => {
  it('is the LTS lines package.json names, never an ended one', () => {
    expect(supportedNodeMajors()).toEqual([24, 26]);
    expect(unsupportedNodeMessage('24.21.0')).toBeNull();
    expect(unsupportedNodeMessage('26.1.0')).toBeNull();
    expect(unsupportedNodeMessage('20.20.2')).toMatch(/^Node 20\.20\.2 is not supported: .* Node 24 or 26/);
    expect(unsupportedNodeMessage('22.12.0')).toContain('npm install --prefix');
  });

  it('the check before the tests stops at once, naming what to do, when the browser it is told to use is missing', () => {
    const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/test-prereqs.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHROMIUM_PATH is set to "/nonexistent/chromium", which does not exist');
  });
});
