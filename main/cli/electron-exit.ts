/** How `rec-console start` ends after the Electron console it launched ended. */
import { CliError } from './cli-error';

/** What the Electron process did: its exit code or signal, or the error that kept it from starting. */
export interface ElectronExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/**
 * Undefined for a normal close (exit 0, or the SIGINT/SIGTERM a user's Ctrl+C or a shutdown sent); otherwise the
 * error to end with, so a script or a service manager sees the console failed (its own messages came before).
 */
export function electronFailure(exit: ElectronExit): CliError | undefined {
  if (exit.error) return new CliError(`could not start Electron: ${exit.error.message}`);
  if (exit.signal === 'SIGINT' || exit.signal === 'SIGTERM') return undefined;
  if (exit.signal) return new CliError(`Electron ended on ${exit.signal}`);
  if (exit.code === 0 || exit.code === null) return undefined;
  return new CliError(`Electron exited with code ${exit.code} (see its messages above)`, exit.code);
}
