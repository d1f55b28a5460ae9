/** When a value may no longer be shown as live. */

/** Without a threshold from the engine, a value unconfirmed this long is stale. */
export const DEFAULT_STALE_MS = 2000;

/** Stale: no value yet, not good quality, or not confirmed within `staleAfterMs` (never drawn as live). */
export function isStale(quality: number | undefined, ageMs: number | undefined, staleAfterMs = DEFAULT_STALE_MS): boolean {
  return quality !== 0 || ageMs === undefined || ageMs > staleAfterMs;
}

/** The part of a tag's view these helpers read. */
interface Viewed {
  value: number | undefined;
  stale: boolean;
}

/**
 * A value to draw or to judge by (a limit mark, an abnormal colour, a side line, a twistlock drawn locked): only while
 * it is live. A stale one is shown as what it is, in its own readout, never as a fact about something else.
 */
export function fresh(view: Viewed): number | undefined {
  return view.stale ? undefined : view.value;
}

/** True only when the value is live and equals `expected`. */
export function freshIs(view: Viewed, expected: number): boolean {
  return !view.stale && view.value === expected;
}
