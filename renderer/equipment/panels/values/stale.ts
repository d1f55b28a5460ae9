/** When a value may no longer be shown or judged as live. */
import { DEFAULT_STALE_MS, valueStatus } from './value-status';

export { DEFAULT_STALE_MS };

/** Not live: no value yet, any quality but good (bad, stale, uncertain), or not confirmed within `staleAfterMs`. */
export function isStale(quality: number | undefined, ageMs: number | undefined, staleAfterMs = DEFAULT_STALE_MS): boolean {
  return valueStatus(quality, ageMs, staleAfterMs) !== 'good';
}

/** The part of a tag's view these helpers read. */
interface Viewed {
  value: number | undefined;
  stale: boolean;
}

/**
 * A value to draw or to judge by (a limit mark, an abnormal colour, a side line, a twistlock drawn locked): only while
 * it is live and good. An uncertain, stale or bad one is shown as what it is, in its own readout, never as a fact about
 * something else.
 */
export function fresh(view: Viewed): number | undefined {
  return view.stale ? undefined : view.value;
}

/** True only when the value is live and equals `expected`. */
export function freshIs(view: Viewed, expected: number): boolean {
  return !view.stale && view.value === expected;
}
