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
 * value, good, from its end on, so a quiet good value after it does not hold dotted. Each of the engine's gaps (an
 * outage) breaks the line where it starts (a NaN point, as a live bad value does); a bucket the gap ends in is drawn
 * from the gap's end, its good values being after it, and a bucket wholly inside a gap is not drawn (the engine joins
 * gaps less than a bucket apart, and a cut-off list runs its last gap to the end: a brief good value inside must not
 * be held across the outage after it), so the line never runs through an outage.
 */
export function sparkPoints(s: TrendSeries, bucketMs: number, engineToLocal: number): { times: number[]; values: number[]; uncertain: boolean[] } {
  const points: { t: number; value: number; uncertain: boolean }[] = [];
  const spans = s.uncertain ?? [];
  const gaps = s.gaps ?? [];
  s.t.forEach((t, i) => {
    const end = t + bucketMs;
    const touching = spans.filter(([from, to]) => from < end && to > t);
    const endedGap = gaps.find(([from, to]) => from <= t && to > t && to < end);
    const at = endedGap ? endedGap[1] : t;
    if (!endedGap && gaps.some(([from, to]) => from <= t && t < to)) return;
    points.push({ t: at, value: s.min[i] as number, uncertain: touching.length > 0 }, { t: at, value: s.max[i] as number, uncertain: touching.length > 0 });
    const endsInside = touching.at(-1)?.[1];
    if (endsInside !== undefined && endsInside < end && endsInside > at) points.push({ t: endsInside, value: s.last?.[i] ?? (s.max[i] as number), uncertain: false });
  });
  for (const [from] of gaps) points.push({ t: from, value: Number.NaN, uncertain: false });
  // Stable: at one time a bucket's values come before the break a gap starting there makes.
  points.sort((a, b) => a.t - b.t);
  return { times: points.map((p) => p.t + engineToLocal), values: points.map((p) => p.value), uncertain: points.map((p) => p.uncertain) };
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
