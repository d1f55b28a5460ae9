/** When a value may no longer be shown as live. */

/** Without a threshold from the engine, a value unconfirmed this long is stale. */
export const DEFAULT_STALE_MS = 2000;

/** Stale: no value yet, not good quality, or not confirmed within `staleAfterMs` (never drawn as live). */
export function isStale(quality: number | undefined, ageMs: number | undefined, staleAfterMs = DEFAULT_STALE_MS): boolean {
  return quality !== 0 || ageMs === undefined || ageMs > staleAfterMs;
}
