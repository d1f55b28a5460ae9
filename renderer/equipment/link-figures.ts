/**
 * Live link figures of one equipment for its panel: RTT (p50/p95 over the monitor's 10 s window), quality and the
 * latency-adaptive jog limit. Read from `link.stats` about once a second while the panel is shown, and updated at
 * once by the `link.quality` / `jog.limit` events. The crane panel's prediction uses RTT/2 as the one-way delay.
 */
import { useEffect, useState } from 'react';
import type { ContractClient } from '../../shared/contract/client';
import type { JogLimitEvent, LinkQualityEvent } from '../../shared/contract/requests/link';
import type { z } from 'zod';
import { useServices } from '../stores/hooks';

/** What a panel shows of its link. */
export interface LinkFigures {
  rttP50Ms?: number;
  rttP95Ms?: number;
  quality?: z.infer<typeof LinkQualityEvent>['quality'];
  /** The latest quality report (reason code and text, p95 over the quality window, loss). */
  qualityEvent?: z.infer<typeof LinkQualityEvent>;
  /** Fraction (0..1) of full jog speed allowed now, and whether motion is refused outright. */
  jog?: z.infer<typeof JogLimitEvent>;
}

const POLL_MS = 1000;

/** Reads the figures of `equipmentId` on `connectionId` once; undefined when the engine has none yet. */
async function readFigures(client: ContractClient, connectionId: string, equipmentId: string): Promise<LinkFigures> {
  const { links } = await client.request('link.stats', { connectionId, historySeconds: 0 });
  const link = links[0];
  const shortWindow = link?.windows[0];
  const mine = link?.equipment.find((e) => e.quality.equipmentId === equipmentId);
  return {
    ...(shortWindow?.p50 !== undefined ? { rttP50Ms: shortWindow.p50 } : {}),
    ...(shortWindow?.p95 !== undefined ? { rttP95Ms: shortWindow.p95 } : {}),
    ...(mine ? { quality: mine.quality.quality, qualityEvent: mine.quality, jog: mine.jog } : {}),
  };
}

/** The link figures of one equipment, refreshed while the calling component is mounted. */
export function useLinkFigures(equipmentId: string, connectionId: string): LinkFigures {
  const { client } = useServices();
  const [figures, setFigures] = useState<LinkFigures>({});
  useEffect(() => {
    if (!client) return undefined;
    let alive = true;
    const refresh = () =>
      readFigures(client, connectionId, equipmentId).then(
        (next) => alive && setFigures(next),
        () => undefined, // engine busy or reconnecting: the next poll tries again
      );
    void refresh();
    const timer = setInterval(refresh, POLL_MS);
    const offQuality = client.on('link.quality', (e) => {
      if (e.equipmentId === equipmentId) setFigures((f) => ({ ...f, quality: e.quality, qualityEvent: e }));
    });
    const offJog = client.on('jog.limit', (e) => {
      if (e.equipmentId === equipmentId) setFigures((f) => ({ ...f, jog: e }));
    });
    return () => {
      alive = false;
      clearInterval(timer);
      offQuality();
      offJog();
    };
  }, [client, connectionId, equipmentId]);
  return figures;
}
