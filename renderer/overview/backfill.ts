/**
 * Fills sparklines with the last minute from the engine's history, once per signal. Requests from all tiles are
 * gathered and sent one at a time in chunks of at most 32 signals (the request's limit), so 50 tiles opening at
 * once cost a handful of queries instead of a burst the engine would refuse as too many in flight.
 */
import type { ContractClient } from '../../shared/contract/client';
import type { TelemetryStore } from '../stores/telemetry-store';
import type { RecentValues } from '../stores/recent-values';
import { SPARK_WINDOW_MS } from './sparklines';

const CHUNK = 32;
/** History buckets over the sparkline window (about one per canvas pixel). */
const BUCKETS = 120;

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
          const times: number[] = [];
          const values: number[] = [];
          s.t.forEach((t, i) => {
            // Each bucket as its min then its max, so a spike inside a bucket stays visible.
            times.push(t + engineToLocal, t + engineToLocal);
            values.push(s.min[i] as number, s.max[i] as number);
          });
          this.recent.get(s.signalId)?.prepend(times, values);
        }
      } catch {
        // No history here (none kept, or the engine is busy): these sparklines grow from live values instead.
      }
    }
    this.running = false;
  }
}
