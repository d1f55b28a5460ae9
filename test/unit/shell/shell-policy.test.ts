import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isTrustedSender, permissionPolicy, windowOpenPolicy } from '../../../main/shell/navigation-policy';
import { parseShellArgs } from '../../../main/shell/shell-args';
import { mainWindowOptions } from '../../../main/shell/window-options';
import { rendererCsp } from '../../../shared/security/csp';

const APP = 'file:///opt/rec/resources/app.asar/dist/renderer/index.html';

describe('Electron window policy', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    const prefs = mainWindowOptions('/x/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/x/preload.cjs' });
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('allows navigation to the app page only', () => {
    expect(isAllowedNavigation(`${APP}#/diagnostics`, APP)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', APP)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', APP)).toBe(false);
    expect(isAllowedNavigation('not a url', APP)).toBe(false);
  });

  it('denies new windows and every permission', () => {
    expect(windowOpenPolicy()).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(permissionPolicy(permission)).toBe(false);
  });

  it('trusts messages only from the app page in the main frame', () => {
    expect(isTrustedSender(APP, APP, true)).toBe(true);
    expect(isTrustedSender(APP, APP, false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', APP, true)).toBe(false);
    expect(isTrustedSender(undefined, APP, true)).toBe(false);
  });

  it('parses --site and --data-dir and defaults to the bundled demo site', () => {
    expect(parseShellArgs(['electron', 'main.cjs', '--site', '/s.yaml', '--data-dir', '/d'], '/app', '/ud')).toMatchObject({ siteFile: '/s.yaml', dataDir: '/d' });
    expect(parseShellArgs(['electron', '--inspect-brk=0'], '/app', '/ud')).toEqual({ siteFile: '/app/main/sim/demo-site.yaml', dataDir: '/ud', rendererDir: '/app/dist/renderer' });
    // A profile of its own: the data follows it unless --data-dir says otherwise.
    expect(parseShellArgs(['electron', '.', '--user-data', '/p'], '/app', '/ud')).toMatchObject({ userData: '/p', dataDir: '/p' });
    expect(parseShellArgs(['electron', '--user-data=/p', '--data-dir', '/d'], '/app', '/ud')).toMatchObject({ userData: '/p', dataDir: '/d' });
    // Electron takes absolute paths only; an empty value is no profile.
    expect(parseShellArgs(['electron', '--user-data', 'profiles/desk2'], '/app', '/ud').userData).toBe(join(process.cwd(), 'profiles/desk2'));
    expect(parseShellArgs(['electron', '--user-data='], '/app', '/ud')).toEqual({ siteFile: '/app/main/sim/demo-site.yaml', dataDir: '/ud', rendererDir: '/app/dist/renderer' });
  });
});

describe('content security policy', () => {
  it('forbids eval, inline script and remote origins', () => {
    const csp = rendererCsp();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
    expect(rendererCsp(['ws://127.0.0.1:5000'])).toContain("connect-src 'self' ws://127.0.0.1:5000");
  });
});

describe('engine restart policy', () => {
  it('allows a few restarts per window, then refuses (no crash loop)', async () => {
    const { RestartPolicy } = await import('../../../main/shell/restart-policy');
    let now = 0;
    const policy = new RestartPolicy(3, 1000, () => now);
    expect([policy.allow(), policy.allow(), policy.allow(), policy.allow()]).toEqual([true, true, true, false]);
    now = 1500;
    expect(policy.allow()).toBe(true);
  });
});
