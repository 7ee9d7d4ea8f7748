import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTarget } from '../../scripts/bench/setup';

/*
 * `npm run bench -- --both` runs on PGlite, then on PostgreSQL (BENCH_PG_URL, else DATABASE_URL).
 * Its PGlite run asks for no database URL; when that fell back to DATABASE_URL, the run labelled
 * PGlite ran on PostgreSQL, and its figures said nothing about the embedded default (issue 28).
 */
describe("the bench's target", () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is the embedded database when asked for none, even with DATABASE_URL set', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
    const target = await createTarget(undefined);
    try {
      expect(target.env.DATABASE_URL).toBeUndefined();
      expect(target.env.DATA_DIR).toBe(target.dataDir);
    } finally {
      await target.dropDatabase();
      fs.rmSync(target.dataDir, { recursive: true, force: true });
    }
  });
});
