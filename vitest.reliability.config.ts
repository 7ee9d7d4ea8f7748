import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** The long reliability suite (`npm run test:reliability`): its figures go into RELIABILITY.md. */
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'tests/support/server-only-stub.ts'),
    },
  },
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    globalSetup: ['tests/support/reliability-report.ts'],
  },
});
