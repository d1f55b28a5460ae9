/**
 * Live link figures of one equipment for its panel: RTT (p50/p95 over the monitor's 10 s window), quality and the
 * latency-adaptive jog limit. Read from the window's link store (renderer/link/), the one poller of `link.stats`,
 * which also applies the `link.quality` / `jog.limit` events at once. The crane panel's prediction uses RTT/2 as the
 * one-way delay.
 */
import { useMemo } from 'react';
import type { z } from 'zod';
import type { JogLimitEvent, LinkQualityEvent } from '../../shared/contract/requests/link';
import { useLinkHealth } from '../link/link-services';
import { useSession } from '../stores/hooks';
import type { LinkSnapshot } from '../link/link-store';

/** What a panel shows of its link. */
export interface LinkFigures {
  rttP50Ms?: number;
  rttP95Ms?: number;
  quality?: z.infer<typeof LinkQualityEvent>['quality'];
  /** The latest quality report (reason code and text, p95 over the quality window, loss). */
  qualityEvent?: z.infer<typeof LinkQualityEvent>;
  /** Fraction (0..1) of full jog speed allowed now, and whether motion is refused outright. */
  jog?: z.infer<typeof JogLimitEvent>;
  /** The engine has said nothing of its links this long (ms): nothing above is given, its last figures being old. */
  silentMs?: number;
  /** There is no engine to ask: nothing above is known. */
  noEngine?: true;
  /**
   * Why the connection is down, while it is (an untrusted certificate, a refused login): more to the point than the
   * link monitor's "the connection is down".
   */
  connectionReason?: { code: string; message: string };
}

/** The figures of `equipmentId` on `connectionId` in a link snapshot (empty before the first poll). */
export function linkFigures(snapshot: LinkSnapshot, equipmentId: string, connectionId: string): LinkFigures {
  if (snapshot.noEngine) return { noEngine: true };
  if (snapshot.silentMs !== undefined) return { silentMs: snapshot.silentMs };
  const shortWindow = snapshot.stats.get(connectionId)?.windows[0];
  const quality = snapshot.quality.get(equipmentId);
  const jog = snapshot.jog.get(equipmentId);
  return {
    ...(shortWindow?.p50 !== undefined ? { rttP50Ms: shortWindow.p50 } : {}),
    ...(shortWindow?.p95 !== undefined ? { rttP95Ms: shortWindow.p95 } : {}),
    ...(quality ? { quality: quality.quality, qualityEvent: quality } : {}),
    ...(jog ? { jog } : {}),
  };
}

/** The link figures of one equipment, following the window's link store. */
export function useLinkFigures(equipmentId: string, connectionId: string): LinkFigures {
  const snapshot = useLinkHealth();
  const status = useSession().connections.get(connectionId);
  const down = status?.reason !== undefined && status.state !== 'connected' && status.state !== 'degraded' ? status.reason : undefined;
  return useMemo(() => {
    const figures = linkFigures(snapshot, equipmentId, connectionId);
    return down && !figures.noEngine ? { ...figures, connectionReason: { code: down.code, message: down.message } } : figures;
  }, [snapshot, equipmentId, connectionId, down]);
}
