/**
 * An engine that could not start (a site file with errors, the audit log held by another console) still answers its
 * windows: every request gets the reason, so the operator reads why the console is not running instead of watching
 * the engine link cycle between connecting and lost while the host is restarted.
 */
import type { Carrier } from '../../shared/contract/carriers/carrier';
import { decodeFrame, encodeEnvelope, MAX_INBOUND_FRAME_BYTES } from '../../shared/contract/envelope';

/** Reasons shown in the window; the rest are counted (the engine's log has them all). */
export const SHOWN_REASONS = 3;

/** One line for the window from the start's errors. */
export function startFailureText(errors: readonly string[]): string {
  const shown = errors.slice(0, SHOWN_REASONS).map((e) => e.trim()).filter((e) => e !== '');
  const more = errors.length - Math.min(errors.length, SHOWN_REASONS);
  const reasons = shown.length > 0 ? shown.join('; ') : 'no reason given';
  return `the engine could not start: ${reasons}${more > 0 ? `; … and ${more} more (see the engine's log)` : ''}`;
}

/** Answers every request on `carrier` with `engine-failed` and `text`; nothing else is sent. */
export function answerWithStartFailure(carrier: Carrier, text: string): void {
  carrier.onFrame((frame) => {
    const decoded = decodeFrame(frame, MAX_INBOUND_FRAME_BYTES);
    if (decoded.kind !== 'envelope' || decoded.envelope.t !== 'req' || !carrier.isOpen) return;
    carrier.send(encodeEnvelope({ t: 'res', id: decoded.envelope.id, ok: false, error: { code: 'engine-failed', message: text } }));
  });
}
