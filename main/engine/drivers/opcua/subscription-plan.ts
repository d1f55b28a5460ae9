/**
 * Plans subscriptions for a connection's bindings (pure, unit-tested): one subscription per publishing interval
 * (the tag's scan class), inside it one monitored-item group per (sampling interval, queue size, deadband), each
 * group chunked to the server's MaxMonitoredItemsPerCall.
 */
import type { TagBinding } from '../driver';

/** One CreateMonitoredItems call's worth of bindings with identical monitoring parameters. */
export interface MonitoredItemChunk {
  samplingMs: number;
  queueSize: number;
  /** Absolute deadband in raw (device) units; 0 = every change. */
  deadband: number;
  bindings: TagBinding[];
}

/** One subscription and its chunks. */
export interface SubscriptionPlan {
  publishingMs: number;
  chunks: MonitoredItemChunk[];
}

const NUMERIC = new Set(['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'int64', 'uint64']);

/** Groups and chunks bindings; `maxPerCall` ≥ 1. Sampling defaults to the scan period; deadband is converted to raw units. */
export function planSubscriptions(bindings: readonly TagBinding[], scanClasses: Readonly<Record<string, number>>, maxPerCall: number): SubscriptionPlan[] {
  const perCall = Math.max(1, Math.floor(maxPerCall));
  const plans = new Map<number, Map<string, MonitoredItemChunk[]>>();
  for (const binding of bindings) {
    const { tag } = binding;
    const publishingMs = scanClasses[tag.scanClass] ?? 250;
    const samplingMs = tag.samplingMs ?? publishingMs;
    const queueSize = tag.queueSize ?? 1;
    const deadband = NUMERIC.has(tag.type) && tag.deadband > 0 ? tag.deadband / Math.abs(tag.scale) : 0;
    const key = `${samplingMs}|${queueSize}|${deadband}`;
    let groups = plans.get(publishingMs);
    if (!groups) plans.set(publishingMs, (groups = new Map()));
    let chunks = groups.get(key);
    if (!chunks) groups.set(key, (chunks = []));
    let last = chunks.at(-1);
    if (!last || last.bindings.length >= perCall) chunks.push((last = { samplingMs, queueSize, deadband, bindings: [] }));
    last.bindings.push(binding);
  }
  return [...plans.entries()]
    .sort(([a], [b]) => a - b)
    .map(([publishingMs, groups]) => ({ publishingMs, chunks: [...groups.values()].flat() }));
}
