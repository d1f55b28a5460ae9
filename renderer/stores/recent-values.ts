/**
 * The last minute of a few signals (the overview's key values), in small fixed ring buffers outside React, for
 * sparklines drawn imperatively. Fed by the telemetry store's per-signal wake-ups, so a sample costs two typed-array
 * writes and no allocation; a value that is not good is kept as a gap (NaN), never as a fresh-looking point.
 */
import type { TelemetryStore } from './telemetry-store';

/** Samples kept per signal: a minute at the fast scan's 10 Hz, doubled for headroom. */
export const RECENT_CAPACITY = 1200;
const GOOD = 0;
const UNCERTAIN = 3;

/** One signal's ring: `count` samples ending before `next` (oldest at `(next - count) mod capacity`). */
export class RecentSeries {
  readonly times: Float64Array;
  readonly values: Float64Array;
  next = 0;
  count = 0;
  /** Goes up with every sample, so a painter can tell whether it must redraw. */
  version = 0;

  constructor(readonly capacity = RECENT_CAPACITY) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** Appends a sample, overwriting the oldest when full. */
  push(time: number, value: number): void {
    this.times[this.next] = time;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.version++;
  }

  /** The i-th oldest sample's index in the arrays. */
  index(i: number): number {
    return (this.next - this.count + i + this.capacity) % this.capacity;
  }
}

/** Recent values of the tracked signals; tracking lasts for the window's life so history survives navigation. */
export class RecentValues {
  private readonly series = new Map<number, RecentSeries>();

  constructor(
    private readonly telemetry: TelemetryStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts recording signal `id` (idempotent) and returns its series. */
  track(id: number): RecentSeries {
    const known = this.series.get(id);
    if (known) return known;
    const created = new RecentSeries();
    this.series.set(id, created);
    const record = () => {
      const value = this.telemetry.get(id);
      if (!value) return;
      const good = value.quality === GOOD || value.quality === UNCERTAIN;
      created.push(this.now(), good && typeof value.value === 'number' ? value.value : Number.NaN);
    };
    record(); // the value known now is the first point
    this.telemetry.subscribeSignal(id, record);
    return created;
  }

  /** The series of a tracked signal. */
  get(id: number): RecentSeries | undefined {
    return this.series.get(id);
  }
}
