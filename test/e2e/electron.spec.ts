import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../main/shell/electron-binary';

const binary = findElectronBinary();

test.describe('Electron shell', () => {
  test.skip(!binary, 'SKIPPED: the Electron binary is not installed on this machine (it cannot be downloaded here); these specs run where it exists');

  test('opens one sandboxed window that shows the demo equipment', async () => {
    // A profile of its own: a console already open on this machine holds the default profile's single-instance lock
    // (this launch would quit at once), and its audit log must not get this test's records.
    const profile = mkdtempSync(join(tmpdir(), 'rec-e2e-profile-'));
    const app = await electron.launch({ executablePath: binary!, args: ['.' /* the project folder: package.json main names the bundle */, '--user-data', profile] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('engine-link')).toContainText('connected');
      await expect(window.getByTestId('tile-sts-crane-1')).toBeVisible();
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await window.screenshot({ path: 'test/.artifacts/screenshots/electron-overview.png' });
    } finally {
      await app.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
