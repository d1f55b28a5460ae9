/**
 * The last minute of a few signals (the overview's key values), in small fixed ring buffers outside React, for
 * sparklines drawn imperatively. Fed by the telemetry store's per-signal wake-ups, so a sample costs two typed-array
 * writes and no allocation; an uncertain value is kept flagged (drawn apart from good ones), and a bad or stale one
 * as a gap (NaN), never as a fresh-looking point.
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
  /** 1 where the value is uncertain (the device doubts it): drawn unlike a good one. */
  readonly uncertain: Uint8Array;
  next = 0;
  count = 0;
  /** Goes up with every sample, so a painter can tell whether it must redraw. */
  version = 0;

  constructor(readonly capacity = RECENT_CAPACITY) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.uncertain = new Uint8Array(capacity);
  }

  /** Appends a sample, overwriting the oldest when full. */
  push(time: number, value: number, uncertain = false): void {
    this.times[this.next] = time;
    this.values[this.next] = value;
    this.uncertain[this.next] = uncertain ? 1 : 0;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.version++;
  }

  /**
   * Puts older samples (time order) in front of what was recorded live, e.g. the last minute from the engine's history
   * when tracking starts; those at or after the first live sample are dropped (live wins), the oldest beyond capacity too.
   * `uncertain` flags history samples of uncertain quality (the engine's uncertain periods; none: all good); live ones
   * keep theirs.
   */
  prepend(times: ArrayLike<number>, values: ArrayLike<number>, uncertain: ArrayLike<boolean> = []): void {
    const firstLive = this.count > 0 ? (this.times[this.index(0)] as number) : Infinity;
    const older: number[] = [];
    for (let i = 0; i < times.length; i++) if ((times[i] as number) < firstLive) older.push(i);
    const liveTimes = Array.from({ length: this.count }, (_, i) => this.times[this.index(i)] as number);
    const liveValues = Array.from({ length: this.count }, (_, i) => this.values[this.index(i)] as number);
    const liveUncertain = Array.from({ length: this.count }, (_, i) => this.uncertain[this.index(i)] === 1);
    this.next = 0;
    this.count = 0;
    const keep = Math.max(0, older.length + liveTimes.length - this.capacity);
    older.slice(Math.max(0, keep)).forEach((i) => this.push(times[i] as number, values[i] as number, uncertain[i] === true));
    liveTimes.forEach((time, i) => this.push(time, liveValues[i] as number, liveUncertain[i]));
  }

  /** Forgets every sample (the painter sees the version move and redraws). */
  clear(): void {
    this.next = 0;
    this.count = 0;
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
  private readonly filled = new Set<number>();

  constructor(
    private readonly telemetry: TelemetryStore,
    private readonly now: () => number = Date.now,
  ) {
    // A new engine link may number signals differently, and what happened meanwhile is not in these rings: every
    // series starts empty and is back-filled again from that engine's history (which shows the outage as a gap).
    telemetry.onReset(() => {
      for (const series of this.series.values()) series.clear();
      this.filled.clear();
    });
  }

  /** Starts recording signal `id` (idempotent) and returns its series. */
  track(id: number): RecentSeries {
    const known = this.series.get(id);
    if (known) return known;
    const created = new RecentSeries();
    this.series.set(id, created);
    const record = () => {
      const value = this.telemetry.get(id);
      if (!value) return;
      const usable = (value.quality === GOOD || value.quality === UNCERTAIN) && typeof value.value === 'number';
      created.push(this.now(), usable ? (value.value as number) : Number.NaN, value.quality === UNCERTAIN);
    };
    record(); // the value known now is the first point
    this.telemetry.subscribeSignal(id, record);
    return created;
  }

  /** Signals tracked but not yet back-filled from history (each is handed out once). */
  takeUnfilled(ids: readonly number[]): number[] {
    const due = ids.filter((id) => this.series.has(id) && !this.filled.has(id));
    for (const id of due) this.filled.add(id);
    return due;
  }

  /** The series of a tracked signal. */
  get(id: number): RecentSeries | undefined {
    return this.series.get(id);
  }
}
