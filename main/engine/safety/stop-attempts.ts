/**
 * The supplementary stop is written again until the device acknowledges it. Which attempt's result the operator and
 * the audit are told matters: an attempt that went out and was left unanswered may have stopped the machine, so a link
 * that is gone by the next attempt ("not sent") must not turn the outcome into a refusal.
 */
import type { DeviceResult } from './device-access';

/** Attempts at most, and the pause between two. */
export const STOP_ATTEMPTS = 10;
export const STOP_RETRY_MS = 50;

/**
 * Calls `write` until the device acknowledges, refuses the value, or the link is gone; the result to report. A write
 * that could not go out for a passing reason (a noisy line: `transient`) is tried again, like an unanswered one.
 */
export async function writeUntilAcknowledged(write: () => Promise<DeviceResult>, attempts = STOP_ATTEMPTS, retryMs = STOP_RETRY_MS): Promise<{ result: DeviceResult; attempts: number }> {
  let result: DeviceResult = { ok: false, kind: 'not-connected', code: 'no-stop', text: 'no stop command' };
  let made = 0;
  while (made < attempts) {
    made++;
    const next = await write();
    const unsent = !next.ok && next.kind === 'not-connected';
    // An earlier attempt left unanswered may have acted: one that never went out does not change what is reported.
    if (!(unsent && !result.ok && result.kind === 'timeout')) result = next;
    if (next.ok || next.kind === 'invalid' || (unsent && !next.transient)) break;
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  return { result, attempts: made };
}
