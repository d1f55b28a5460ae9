/**
 * Whether a tile's value has outlived its tag's stale threshold, checked on the shared age ticker: the engine marks a
 * value stale when its link stops answering, but not when frames stop reaching this window or scan cycles are skipped,
 * so the tile judges the age itself, as the panels do.
 */
import { useEffect, useState } from 'react';
import { isStale } from '../equipment/panels/values/stale';
import { useServices } from '../stores/hooks';
import { everyAgeTick } from './age-ticker';

/** True while signal `signalId`'s last confirmation is older than `staleAfterMs` (or it has none). */
export function useAgedOut(signalId: number | undefined, staleAfterMs: number | undefined): boolean {
  const { telemetry } = useServices();
  // Judged at every render too, not only on the ticker: a tile's first render (or one for another signal) must not
  // show an old value as live until the next tick.
  const aged = signalId !== undefined && isStale(0, telemetry.ageMs(signalId), staleAfterMs);
  const [, setAged] = useState(aged);
  useEffect(() => {
    if (signalId === undefined) return undefined;
    // React skips the render when the flag is unchanged: four checks a second cost no renders.
    return everyAgeTick(() => setAged(isStale(0, telemetry.ageMs(signalId), staleAfterMs)));
  }, [signalId, telemetry, staleAfterMs]);
  return aged;
}
