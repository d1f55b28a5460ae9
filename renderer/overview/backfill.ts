/**
 * Fills sparklines with the last minute from the engine's history, once per signal. Requests from all tiles are
 * gathered and sent one at a time in chunks of at most 32 signals (the request's limit), so 50 tiles opening at
 * once cost a handful of queries instead of a burst the engine would refuse as too many in flight.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { TrendSeries } from '../../shared/contract/requests/history';
import type { TelemetryStore } from '../stores/telemetry-store';
import type { RecentValues } from '../stores/recent-values';
import { SPARK_WINDOW_MS } from './sparklines';

const CHUNK = 32;
/** History buckets over the sparkline window (about one per canvas pixel). */
const BUCKETS = 120;

/**
 * A history trend as sparkline samples in local time: each bucket as its min then its max (a spike inside a bucket
 * stays visible), flagged uncertain when the bucket touches one of the engine's uncertain periods (its extremes may
 * come from any part of it: err on the side of marking). A period ending inside a bucket ends there: the bucket's last
 * value, good, from its end on, so a quiet good value after it does not hold dotted.
 */
export function sparkPoints(s: TrendSeries, bucketMs: number, engineToLocal: number): { times: number[]; values: number[]; uncertain: boolean[] } {
  const out = { times: [] as number[], values: [] as number[], uncertain: [] as boolean[] };
  const spans = s.uncertain ?? [];
  const add = (t: number, value: number, uncertain: boolean) => {
    out.times.push(t + engineToLocal);
    out.values.push(value);
    out.uncertain.push(uncertain);
  };
  s.t.forEach((t, i) => {
    const end = t + bucketMs;
    const touching = spans.filter(([from, to]) => from < end && to > t);
    add(t, s.min[i] as number, touching.length > 0);
    add(t, s.max[i] as number, touching.length > 0);
    const endsInside = touching.at(-1)?.[1];
    if (endsInside !== undefined && endsInside < end) add(endsInside, s.last?.[i] ?? (s.max[i] as number), false);
  });
  return out;
}

/** The back-fill queue of one window. */
export class SparklineBackfill {
  private queue: number[] = [];
  private running = false;

  constructor(
    private readonly recent: RecentValues,
    private readonly telemetry: TelemetryStore,
  ) {}

  /** Back-fills the tracked signals among `ids` that were not filled yet. */
  request(client: ContractClient, ids: readonly number[]): void {
    this.queue.push(...this.recent.takeUnfilled(ids));
    if (!this.running) void this.drain(client);
  }

  private async drain(client: ContractClient): Promise<void> {
    this.running = true;
    // Let every tile of this render queue its signals first.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const chunk = this.queue.splice(0, CHUNK);
      const to = this.telemetry.clock.toEngine(Date.now());
      try {
        const { series } = await client.request('history.query', { signalIds: chunk, from: to - SPARK_WINDOW_MS, to, widthPx: BUCKETS });
        const engineToLocal = Date.now() - this.telemetry.clock.toEngine(Date.now());
        for (const s of series) {
          const { times, values, uncertain } = sparkPoints(s, Math.ceil(SPARK_WINDOW_MS / BUCKETS), engineToLocal);
          this.recent.get(s.signalId)?.prepend(times, values, uncertain);
        }
      } catch {
        // No history here (none kept, or the engine is busy): these sparklines grow from live values instead.
      }
    }
    this.running = false;
  }
}
