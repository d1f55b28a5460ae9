/**
 * Playwright: the renderer in Debian's Chromium through serve mode, and the same app under Electron where its
 * binary exists (the electron project reports itself skipped otherwise). Never downloads a browser.
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test/.artifacts/e2e-output',
  timeout: 90_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test/.artifacts/e2e-results.json' }]],
  use: { viewport: { width: 1440, height: 900 }, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron\.spec\.ts/,
      use: { launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS } },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
