import { defineConfig } from '@playwright/test';
import { findSystemChromium } from './scripts/lib/runtime';

// This file is evaluated again in every worker: choose the port once and pass it on in the environment.
process.env.E2E_PORT ??= String(3100 + Math.floor(Math.random() * 800));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

/** The system's Chromium when present (no browser downloads on our machines), Playwright's own otherwise. */
const systemChromium = findSystemChromium() ?? undefined;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  // The long flows (three people passing one report around) take 40–60 s when the shared 2-core
  // machines are slow, as they are on some days; a generous limit keeps them from failing on time.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    locale: 'pl-PL',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    // The people screens deactivate a fixture account that other specs sign in as (the discussion's
    // executor): they run first, alone, so no other spec meets that account deactivated.
    { name: 'people', dependencies: ['setup'], testMatch: /admin-people\.spec\.ts/ },
    {
      name: 'chromium',
      dependencies: ['people'],
      testIgnore: [/.*\.setup\.ts/, /admin-people\.spec\.ts/],
    },
  ],
  webServer: {
    command: 'node --import tsx tests/support/e2e-server.ts',
    url: `${baseURL}/api/health`,
    env: { PORT: String(port) },
    timeout: 300_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
