/**
 * `--cli COMMAND …`: an installed console runs one CLI command (validate a site file, probe a device, read the audit
 * log) instead of opening its window. Its default data folder is the console's own (Electron's profile, or
 * `--user-data` given before `--cli`), where the plain CLI would look in its own folder.
 */
import { parseShellArgs } from './shell-args';

/** A CLI launch: the CLI's own arguments and the data folder its commands default to. */
export interface CliLaunch {
  args: string[];
  dataDir: string;
}

/** The CLI launch `argv` asks for, if it does (everything after the first `--cli` is the CLI's; `--cli=CMD` too). */
export function cliLaunch(argv: readonly string[], appPath: string, userData: string): CliLaunch | undefined {
  const at = argv.findIndex((arg) => arg === '--cli' || arg.startsWith('--cli='));
  if (at < 0) return undefined;
  const shell = parseShellArgs(argv.slice(0, at), appPath, userData);
  const joined = (argv[at] as string).slice('--cli='.length);
  // The window's data folder, as the shell hands it to the engine (which is why REC_DATA_DIR is not read here either).
  return { args: [...(joined ? [joined] : []), ...argv.slice(at + 1)], dataDir: shell.dataDir };
}

/**
 * Switches Chromium or Electron act on before any of our code runs (`--type=X` makes the process a Chromium child
 * of type X: it never reaches main/index.ts). No option of the installed console's CLI may be one of them.
 */
export const CHROMIUM_SWITCHES: readonly string[] = ['type', 'user-data-dir', 'lang', 'js-flags', 'inspect', 'inspect-brk', 'inspect-port', 'remote-debugging-port', 'remote-debugging-pipe', 'no-sandbox', 'disable-gpu', 'enable-logging', 'log-file', 'log-level', 'v', 'vmodule', 'proxy-server', 'host-rules', 'ignore-certificate-errors', 'app', 'enable-features', 'disable-features'];
