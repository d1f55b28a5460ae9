/**
 * Writes that must get through are tried again: the supplementary stop until the device acknowledges it, a jog's zero
 * and the owner register's release while a noisy line lets nothing out. Which attempt's result the operator and the
 * audit are told matters: an attempt that went out and was left unanswered may have acted, so a later one that never
 * went out ("not sent") must not turn the outcome into a refusal.
 */
import type { DeviceResult } from './device-access';

/** Attempts at most, and the pause between two. */
export const STOP_ATTEMPTS = 10;
export const STOP_RETRY_MS = 50;
/** Attempts at a release of control that a noisy line did not let out. */
export const RELEASE_ATTEMPTS = 3;

/** What to report after `next`, given what was reported before: an unanswered attempt outweighs a later unsent one. */
export function reportedAfter(previous: DeviceResult | undefined, next: DeviceResult): DeviceResult {
  const unsent = !next.ok && next.kind === 'not-connected';
  return unsent && previous && !previous.ok && previous.kind === 'timeout' ? previous : next;
}

/**
 * Calls `write` until the device acknowledges, refuses the value, or the link is gone; the result to report. A write
 * that could not go out for a passing reason (a noisy line: `transient`) is tried again, like an unanswered one.
 */
export async function writeUntilAcknowledged(write: () => Promise<DeviceResult>, attempts = STOP_ATTEMPTS, retryMs = STOP_RETRY_MS): Promise<{ result: DeviceResult; attempts: number }> {
  let result: DeviceResult | undefined;
  let made = 0;
  while (made < attempts) {
    made++;
    const next = await write();
    result = reportedAfter(result, next);
    if (next.ok || next.kind === 'invalid' || (next.kind === 'not-connected' && !next.transient)) break;
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  return { result: result ?? { ok: false, kind: 'not-connected', code: 'no-stop', text: 'no stop command' }, attempts: made };
}

/** Calls `write` again (up to `attempts` in all) only while it could not go out for a passing reason (`transient`). */
export async function writeWhileTransient(write: () => Promise<DeviceResult>, attempts = RELEASE_ATTEMPTS, retryMs = STOP_RETRY_MS): Promise<DeviceResult> {
  let result = await write();
  for (let made = 1; made < attempts && !result.ok && result.transient; made++) {
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    result = await write();
  }
  return result;
}
