/** What the CLI makes of a write's outcome: an error line for anything but a recorded success. */
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { CliError } from '../cli-error';

/** Throws (exit 1) unless `outcome` is ok and audited; a write the audit log could not record is not a silent success. */
export function checkWriteOutcome(address: string, outcome: CommandOutcome): void {
  if (outcome.status !== 'ok') throw new CliError(`write ${address}: ${outcome.text}`);
  if (outcome.unaudited) throw new CliError(`write ${address}: written, but the audit log could not record it; it refuses further writes until it works again`);
}
