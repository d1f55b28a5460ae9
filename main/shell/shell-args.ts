/**
 * The Electron shell's command line: `--site FILE`, `--data-dir DIR` and `--user-data DIR`, with defaults for a packaged
 * app. `--user-data` gives the console a profile of its own (an end-to-end test, a training console beside the live
 * one): Electron's profile and single-instance lock live there, and so does the data unless `--data-dir` says otherwise.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';

/** What the shell needs to start. */
export interface ShellArgs {
  siteFile: string;
  dataDir: string;
  rendererDir: string;
  /** Electron's profile folder when not the default (`--user-data`). */
  userData?: string;
}

/** Parses Electron's argv (unknown Chromium switches are ignored); `appPath` is the app's root (asar or folder). */
export function parseShellArgs(argv: readonly string[], appPath: string, userData: string): ShellArgs {
  const { values } = parseArgs({
    args: argv.slice(1),
    options: { site: { type: 'string' }, 'data-dir': { type: 'string' }, 'user-data': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  // Absolute, as Electron requires of a path it is given; an empty value is no profile.
  const profile = typeof values['user-data'] === 'string' && values['user-data'].trim() !== '' ? resolve(values['user-data']) : undefined;
  return {
    siteFile: typeof values.site === 'string' ? values.site : join(appPath, 'main', 'sim', 'demo-site.yaml'),
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : (profile ?? userData),
    rendererDir: join(appPath, 'dist', 'renderer'),
    ...(profile ? { userData: profile } : {}),
  };
}
