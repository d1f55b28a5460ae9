/**
 * A command's check right before it goes out: once when its attempt is recorded, and again where the driver sends it
 * (a queued Modbus write when its turn on the link comes, an OPC UA write or call right before it is sent). Every
 * command has one: a command may wait behind an exchange stalled on a bad link for up to its timeout, and meanwhile
 * the link can be judged lost (control then ends), the login end, or an interlock trip. It remembers the refusal of
 * its last check, so a command a driver withdrew unsent is reported with that reason (an interlock, local mode, the
 * link, the motion ended) rather than as a bare cancellation.
 */
import type { CommandOutcome } from '../../../shared/contract/outcome';

export class SendGuard {
  private refusal: CommandOutcome | undefined;

  /** `check` answers undefined while the command may still go, else the refusal. */
  constructor(private readonly check: () => CommandOutcome | undefined) {}

  /** Checks now: the refusal, or undefined. */
  now(): CommandOutcome | undefined {
    this.refusal = this.check();
    return this.refusal;
  }

  /** For a driver, right before sending: true while the command may still go. */
  readonly wanted = (): boolean => this.now() === undefined;

  /** The refusal of the last check, if it refused (what withdrew the command). */
  withdrawnBy(): CommandOutcome | undefined {
    return this.refusal;
  }
}
