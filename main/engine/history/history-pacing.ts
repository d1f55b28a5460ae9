/**
 * Per-tag history pacing (the tag's `history` in the site file): every change (the default), none, or at most one
 * sample per interval. A paced signal stores a change at once when its interval has passed since the last stored
 * one; otherwise the change is owed and `due` hands the signal back once the interval has passed, so the latest value
 * of each interval is kept. A quality change is stored at once whatever the interval: outages must show in trends.
 * Typed arrays by signal id, so a change costs a few slot reads and allocates nothing.
 */
import type { Tag } from '../../../shared/site/schema';

/** A tag's history setting. */
export type HistoryPolicy = Tag['history'];

const EVERY_CHANGE = 0;
const NEVER = -1;
/** No sample stored yet (qualities are 0..3). */
const NO_QUALITY = -1;

/** The pacing of every signal. */
export class HistoryPacing {
  /** Whether any signal is paced or off (else `admit` is never needed). */
  active = false;
  /** Per signal: EVERY_CHANGE, NEVER, or the interval in ms. */
  private interval = new Float64Array(0);
  /** Engine clock when the signal's last sample was stored. */
  private lastAt = new Float64Array(0);
  private lastQuality = new Int8Array(0);
  private owed = new Uint8Array(0);
  private owedIds: number[] = [];

  /** Sets a signal's policy (signals never defined store every change). */
  define(id: number, policy: HistoryPolicy): void {
    if (id >= this.interval.length) this.grow(id + 1);
    // A site built without the schema's defaults (tools, tests) has no policy: every change, as the default.
    const interval = policy === false ? NEVER : typeof policy === 'object' ? policy.minIntervalMs : EVERY_CHANGE;
    this.interval[id] = interval;
    if (interval !== EVERY_CHANGE) this.active = true;
  }

  /** Whether a change of `id` is stored now; one held back is owed (see `due`). */
  admit(id: number, quality: number, now: number): boolean {
    if (id >= this.interval.length) return true;
    const interval = this.interval[id] as number;
    if (interval === EVERY_CHANGE) return true;
    if (interval === NEVER) return false;
    if (quality !== this.lastQuality[id] || now - (this.lastAt[id] as number) >= interval) {
      this.stored(id, quality, now);
      return true;
    }
    if (this.owed[id] === 0) {
      this.owed[id] = 1;
      this.owedIds.push(id);
    }
    return false;
  }

  /**
   * Calls `store` for each owed signal whose interval has passed (every owed signal with `all`, when closing) and
   * counts it as stored; `store` returns the quality it stored, or undefined if it could not (then it stays owed).
   */
  due(now: number, all: boolean, store: (id: number) => number | undefined): void {
    const later: number[] = [];
    for (const id of this.owedIds) {
      if (this.owed[id] === 0) continue; // a later change was stored at once
      if (!all && now - (this.lastAt[id] as number) < (this.interval[id] as number)) {
        later.push(id);
        continue;
      }
      const quality = store(id);
      if (quality === undefined) later.push(id);
      else this.stored(id, quality, now);
    }
    this.owedIds = later;
  }

  /** Signals owed a sample. */
  get owing(): number {
    return this.owedIds.length;
  }

  private stored(id: number, quality: number, now: number): void {
    this.lastAt[id] = now;
    this.lastQuality[id] = quality;
    this.owed[id] = 0;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.interval.length * 2, 1024);
    const interval = new Float64Array(capacity);
    interval.set(this.interval);
    const lastAt = new Float64Array(capacity);
    lastAt.set(this.lastAt);
    const lastQuality = new Int8Array(capacity).fill(NO_QUALITY);
    lastQuality.set(this.lastQuality);
    const owed = new Uint8Array(capacity);
    owed.set(this.owed);
    this.interval = interval;
    this.lastAt = lastAt;
    this.lastQuality = lastQuality;
    this.owed = owed;
  }
}
