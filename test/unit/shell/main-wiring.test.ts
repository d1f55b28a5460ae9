/**
 * main/index.ts wires the shell's policies to Electron. The Electron binary cannot run here, so this test loads the
 * real file against a stand-in `electron` module that records what main registers, then drives those handlers:
 * navigation away from the app is prevented, new windows and webviews are denied, permissions refused, the CSP
 * header set, and the port hand-over listens. Removing any of those lines from main/index.ts fails this test.
 */
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;
const recorded = vi.hoisted(() => ({
  appOn: new Map<string, (...args: unknown[]) => unknown>(),
  contentsOn: new Map<string, ((...args: unknown[]) => unknown)[]>(),
  openHandler: undefined as undefined | (() => unknown),
  permission: undefined as undefined | ((...args: unknown[]) => unknown),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => unknown),
  /** app.isPackaged: an installed console. */
  packaged: false,
  headers: undefined as undefined | ((...args: unknown[]) => unknown),
  ipc: new Map<string, (...args: unknown[]) => unknown>(),
  loaded: [] as string[],
  windowOptions: undefined as unknown,
  focused: 0,
  lockAsked: 0,
  /** What happened to Electron's paths and lock, in order. */
  order: [] as string[],
  /** setPath throws (a folder Electron refuses). */
  refusePath: false,
  exitCodes: [] as number[],
}));

vi.mock('electron', () => {
  const contents = {
    on: (event: string, listener: Listener) => {
      recorded.contentsOn.set(event, [...(recorded.contentsOn.get(event) ?? []), listener]);
    },
    setWindowOpenHandler: (handler: () => unknown) => {
      recorded.openHandler = handler;
    },
  };
  const windows: unknown[] = [];
  class BrowserWindow {
    webContents = contents;
    constructor(options: unknown) {
      recorded.windowOptions = options;
      windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      recorded.focused++;
    }
    static getAllWindows() {
      return windows;
    }
    async loadURL(url: string) {
      recorded.loaded.push(url);
    }
  }
  return {
    app: {
      get isPackaged() {
        return recorded.packaged;
      },
      on: (event: string, listener: Listener) => recorded.appOn.set(event, listener),
      whenReady: () => Promise.resolve(),
      getAppPath: () => '/app',
      getPath: () => '/user-data',
      setPath: (name: string, path: string) => {
        if (recorded.refusePath) throw new Error('Failed to set path');
        recorded.order.push(`setPath ${name} ${path}`);
      },
      quit: () => undefined,
      requestSingleInstanceLock: () => {
        recorded.lockAsked++;
        recorded.order.push('lock');
        return true;
      },
      exit: (code: number) => recorded.exitCodes.push(code),
      disableHardwareAcceleration: () => recorded.order.push('no gpu'),
    },
    BrowserWindow,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (recorded.permission = handler),
        setPermissionCheckHandler: (handler: Listener) => (recorded.permissionCheck = handler),
        webRequest: { onHeadersReceived: (handler: Listener) => (recorded.headers = handler) },
      },
    },
    utilityProcess: { fork: () => ({ on: () => undefined, kill: () => undefined, postMessage: () => undefined }) },
    ipcMain: { on: (channel: string, listener: Listener) => recorded.ipc.set(channel, listener) },
    MessageChannelMain: class {},
  };
});

const argv = process.argv;
const profile = join(tmpdir(), `rec-main-wiring-profile-${process.pid}`);
beforeAll(async () => {
  process.argv = ['electron', '.', '--user-data', profile];
  await import('../../../main/index');
  await vi.waitUntil(() => recorded.loaded.length > 0);
});

afterAll(() => {
  process.argv = argv;
  vi.resetModules();
  rmSync(profile, { recursive: true, force: true });
});

const prevented = (event: string, url: string) => {
  let stopped = false;
  for (const listener of recorded.contentsOn.get(event) ?? []) listener({ preventDefault: () => (stopped = true) }, url);
  return stopped;
};

describe('main/index.ts wiring', () => {
  it('holds the single-instance lock, and a second launch brings this window forward', () => {
    expect(recorded.lockAsked).toBe(1);
    // The lock lives in the profile: --user-data is applied before it is asked for.
    expect(recorded.order).toEqual([`setPath userData ${profile}`, 'lock']);
    expect(existsSync(profile)).toBe(true); // made when missing: Electron refuses a folder that does not exist
    const secondInstance = recorded.appOn.get('second-instance');
    expect(secondInstance).toBeDefined();
    secondInstance?.();
    expect(recorded.focused).toBe(1);
  });

  it('loads only the app page, and prevents navigation and redirects anywhere else', () => {
    const appUrl = recorded.loaded[0] as string;
    expect(appUrl).toMatch(/^file:\/\/.*index\.html$/);
    expect(prevented('will-navigate', appUrl)).toBe(false);
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-redirect', 'http://127.0.0.1:9/steal')).toBe(true);
    expect(prevented('will-attach-webview', 'about:blank')).toBe(true);
  });

  it('denies new windows from the main window and from any web contents created later', () => {
    expect(recorded.openHandler?.()).toEqual({ action: 'deny' });
    let handler: (() => unknown) | undefined;
    recorded.appOn.get('web-contents-created')?.({}, { setWindowOpenHandler: (h: () => unknown) => (handler = h) });
    expect(handler?.()).toEqual({ action: 'deny' });
  });

  it('refuses every permission request and sets the CSP header on every response', () => {
    let granted: boolean | undefined;
    recorded.permission?.({}, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'hid', 'serial']) expect(recorded.permissionCheck?.({}, permission, 'file://', {}), permission).toBe(false);
    let headers: Record<string, string[]> = {};
    recorded.headers?.({ responseHeaders: {} }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/script-src 'self'/);
  });

  it('opens the window sandboxed and isolated, and listens for the port request', () => {
    expect(recorded.windowOptions).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(recorded.ipc.size).toBe(1);
  });
});

describe('a launch with a debugging port', () => {
  it('an installed console refuses it with exit code 1 and a line, before any profile, lock or window; a development run starts', async () => {
    const before = { locks: recorded.lockAsked, windows: recorded.loaded.length, exits: recorded.exitCodes.length, order: recorded.order.length };
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (lines.push(String(chunk)), true));
    recorded.packaged = true;
    vi.resetModules();
    process.argv = ['/opt/rec-console/rec-console', '--remote-debugging-port=9222'];
    try {
      await import('../../../main/index');
    } finally {
      recorded.packaged = false;
      stderr.mockRestore();
    }
    expect(recorded.exitCodes.slice(before.exits)).toEqual([1]);
    expect(lines.join('')).toContain('refusing to start with --remote-debugging-port=9222');
    expect(recorded.lockAsked).toBe(before.locks);
    expect(recorded.loaded.length).toBe(before.windows);
    expect(recorded.order.length).toBe(before.order);
  });
});

describe('a profile Electron refuses', () => {
  it('ends the launch with exit code 1 and a line saying why, before any lock or window', async () => {
    const before = { locks: recorded.lockAsked, windows: recorded.loaded.length, exits: recorded.exitCodes.length };
    recorded.refusePath = true;
    vi.resetModules();
    process.argv = ['electron', '.', '--user-data', profile];
    try {
      await import('../../../main/index');
    } finally {
      recorded.refusePath = false;
    }
    expect(recorded.exitCodes.slice(before.exits)).toEqual([1]);
    expect(recorded.lockAsked).toBe(before.locks);
    expect(recorded.loaded.length).toBe(before.windows);
  });
});

describe('a CLI launch (--cli)', () => {
  it('runs the command and exits with its code: no profile, no lock, no window, the data folder the console uses', async () => {
    const before = { locks: recorded.lockAsked, windows: recorded.loaded.length, exits: recorded.exitCodes.length, order: recorded.order.length };
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, done?: unknown) => {
      printed.push(String(chunk));
      if (typeof done === 'function') (done as () => void)();
      return true;
    });
    const dataDir = process.env.REC_DATA_DIR;
    process.env.REC_DATA_DIR = '/elsewhere'; // the window would not use it either: the shell passes its own folder
    vi.resetModules();
    process.argv = ['electron', '.', '--cli', 'validate', 'test/fixtures/sites/valid.yaml'];
    try {
      await import('../../../main/index');
      await vi.waitUntil(() => recorded.exitCodes.length > before.exits, { timeout: 10_000 });
      expect(recorded.exitCodes.at(-1)).toBe(0);
      expect(printed.join('')).toMatch(/valid\.yaml: ok — site "/);
      expect(process.env.REC_DATA_DIR).toBe('/user-data'); // Electron's profile folder, where the console keeps its data
    } finally {
      write.mockRestore();
      if (dataDir === undefined) delete process.env.REC_DATA_DIR;
      else process.env.REC_DATA_DIR = dataDir;
    }
    expect(recorded.lockAsked).toBe(before.locks);
    expect(recorded.loaded.length).toBe(before.windows);
    expect(recorded.order.slice(before.order)).toEqual(['no gpu']);
  });
});
