/** The exact figures a link proxy applied, so a link monitor can be tested against them. */
import type { LinkParams } from './profiles';

/** What one direction (all connections together) applied. */
export interface DirectionStats {
  /** Chunks forwarded (released to the other side). */
  chunks: number;
  bytes: number;
  /** Chunks held longer than they arrived (delay, bandwidth, order or stall). */
  chunksDelayed: number;
  /** Sum / min / max of the one-way delays drawn (ms, before order and stalls). */
  delayMsSum: number;
  delayMsMin: number;
  delayMsMax: number;
  stalls: number;
  stallMsTotal: number;
  /** Bytes swallowed (half-open) or discarded with a connection an outage closed. */
  bytesDropped: number;
}

/** Everything `LinkProxy.stats()` reports. */
export interface LinkStats {
  profile: string;
  /** Round trip the current parameters add (ms): up + down one-way delay. */
  configuredRttMs: number;
  params: LinkParams;
  inOutage: boolean;
  halfOpen: boolean;
  connectionsAccepted: number;
  connectionsOpen: number;
  /** Connections the proxy closed because an outage began. */
  connectionsClosedByOutage: number;
  /** Connections reset on arrival during an outage. */
  connectionsRefused: number;
  outages: number;
  /** Totals over both directions. */
  chunksDelayed: number;
  stallsInjected: number;
  bytesDropped: number;
  up: DirectionStats;
  down: DirectionStats;
}

/** Zeroed counters of one direction. */
export function emptyDirectionStats(): DirectionStats {
  return { chunks: 0, bytes: 0, chunksDelayed: 0, delayMsSum: 0, delayMsMin: Infinity, delayMsMax: 0, stalls: 0, stallMsTotal: 0, bytesDropped: 0 };
}
