/** The CLI's engine logger: errors only, one line each on stderr (the command's own output stays clean). */
import type { Logger } from '../engine/drivers/driver';
import { createLogger } from '../engine/log';

/** A logger for engine code the CLI runs in-process. */
export function cliLogger(): Logger {
  return createLogger('error', (line) => process.stderr.write(`${line}\n`));
}
