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

/** The CLI launch `argv` asks for, if it does (everything after the first `--cli` is the CLI's). */
export function cliLaunch(argv: readonly string[], appPath: string, userData: string): CliLaunch | undefined {
  const at = argv.indexOf('--cli');
  if (at < 0) return undefined;
  const shell = parseShellArgs(argv.slice(0, at), appPath, userData);
  // The window's data folder, as the shell hands it to the engine (which is why REC_DATA_DIR is not read here either).
  return { args: argv.slice(at + 1), dataDir: shell.dataDir };
}
