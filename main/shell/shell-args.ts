/** The Electron shell's command line: `--site FILE` and `--data-dir DIR`, with defaults for a packaged app. */
import { parseArgs } from 'node:util';
import { join } from 'node:path';

/** What the shell needs to start. */
export interface ShellArgs {
  siteFile: string;
  dataDir: string;
  rendererDir: string;
}

/** Parses Electron's argv (unknown Chromium switches are ignored); `appPath` is the app's root (asar or folder). */
export function parseShellArgs(argv: readonly string[], appPath: string, userData: string): ShellArgs {
  const { values } = parseArgs({
    args: argv.slice(1),
    options: { site: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return {
    siteFile: typeof values.site === 'string' ? values.site : join(appPath, 'main', 'sim', 'demo-site.yaml'),
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : userData,
    rendererDir: join(appPath, 'dist', 'renderer'),
  };
}
