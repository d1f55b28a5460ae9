/**
 * The header's console-link verdict from the figures (pure, tested). Stalled or slow is judged from the newest frame's
 * age alone (plus the delivery p95 while frames still arrive): the delivery figures only cover frames of the last
 * 10 s, so an engine that stopped sending on an open socket has none, and must not read as calm. "Measuring" is only
 * for a window that never showed a frame (since this engine link began).
 */
import type { ConsoleLatencyFigures } from './console-latency';

/** A newest frame older than this on screen: the console is behind (or the engine stalled). */
export const STALE_FRAME_MS = 1000;
/** Delivery p95 above this: frames arrive, but slowly. */
export const SLOW_DELIVERY_P95_MS = 250;

/** What the badge says. `p50Ms` is absent when no frame arrived within the figures' window. */
export type ConsoleBadge = { kind: 'measuring' } | { kind: 'ok'; p50Ms?: number } | { kind: 'slow'; p50Ms?: number; ageMs: number };

/** The verdict for `f` (ConsoleLatency.figures). */
export function consoleBadge(f: ConsoleLatencyFigures): ConsoleBadge {
  const ageMs = f.newestFrameAgeMs;
  if (ageMs === undefined) return { kind: 'measuring' };
  const p50 = f.deliveryP50Ms !== undefined ? { p50Ms: f.deliveryP50Ms } : {};
  const slow = ageMs > STALE_FRAME_MS || (f.deliveryP95Ms ?? 0) > SLOW_DELIVERY_P95_MS;
  return slow ? { kind: 'slow', ageMs, ...p50 } : { kind: 'ok', ...p50 };
}
