/**
 * Per-tag history pacing (the tag's `history` in the site file): every change (the default), none, or paced. A paced
 * signal's change is stored at once when `minIntervalMs` has passed since its last stored sample (engine clock);
 * otherwise it is held, replacing any sample held before, and the held sample is stored once the interval is up, at
 * a flush (`due`). So under steady change one sample per interval is kept, the latest of it, at its own time. A
 * quality change is stored at once whatever the interval, after the held sample (the last value of the old quality):
 * an outage must show in the trend, and the value before it must not be lost.
 * Typed arrays by signal id: a change costs a few slot writes and allocates nothing (text values excepted).
 */
import type { Tag } from '../../../shared/site/schema';

/** A tag's history setting. */
export type HistoryPolicy = Tag['history'];

/** Stores one sample; false when it could not (the recorder's buffer is full). */
export type StoreSample = (id: number, t: number, value: number | string | bigint, quality: number) => boolean;

const EVERY_CHANGE = 0;
const NEVER = -1;
/** No sample stored yet (qualities are 0..3). */
const NO_QUALITY = -1;
/** A signal's place in the held list: not in it; in it with a sample held; in it, the sample since stored. */
const NOT_LISTED = 0;
const HELD = 1;
const LISTED = 2;

/** The pacing of every signal. */
export class HistoryPacing {
  /** Whether any signal is paced or off (else `offer` is never needed). */
  active = false;
  /** Per signal: EVERY_CHANGE, NEVER, or the interval in ms. */
  private interval = new Float64Array(0);
  /** Engine clock (monotonic) when the signal's last sample was stored. */
  private lastAt = new Float64Array(0);
  private lastQuality = new Int8Array(0);
  private state = new Uint8Array(0);
  private heldTime = new Float64Array(0);
  private heldValue = new Float64Array(0);
  private heldQuality = new Int8Array(0);
  /** Held values that are not numbers (text, 64-bit integers), by signal. */
  private readonly heldOther = new Map<number, string | bigint>();
  private listed: number[] = [];

  /** Signals paced or off (the recorder keeps this much buffer room for their held samples). */
  pacedSignals = 0;
  /** Changes lost because a held outage still had no room in the buffer. */
  lost = 0;

  /**
   * Sets a signal's policy (signals never defined store every change). Defining it again replaces the policy; a
   * sample it holds is kept and written at the next flush.
   */
  define(id: number, policy: HistoryPolicy): void {
    // A site built without the schema's defaults (tools, tests) has no policy: every change, as the default.
    const interval = policy === false ? NEVER : typeof policy === 'object' ? policy.minIntervalMs : EVERY_CHANGE;
    if (interval === EVERY_CHANGE && id >= this.interval.length) return; // what an undefined signal does anyway
    if (id >= this.interval.length) this.grow(id + 1);
    const was = this.interval[id] as number;
    this.interval[id] = interval;
    if (was !== EVERY_CHANGE) this.pacedSignals--;
    if (interval !== EVERY_CHANGE) this.pacedSignals++;
    this.active = this.pacedSignals > 0 || this.listed.length > 0;
  }

  /** Whether `id` is paced or off (else every change is stored, through the recorder's ordinary path). */
  paces(id: number): boolean {
    return id < this.interval.length && this.interval[id] !== EVERY_CHANGE;
  }

  /** A change of `id` at engine clock `now`: stored through `store` now, held for later, or (history off) dropped. */
  offer(id: number, t: number, value: number | string | bigint, quality: number, now: number, store: StoreSample): void {
    const interval = id < this.interval.length ? (this.interval[id] as number) : EVERY_CHANGE;
    if (interval === EVERY_CHANGE) {
      store(id, t, value, quality);
      return;
    }
    if (interval === NEVER) return;
    // A quality change that could not be stored when it came (full buffer) goes first: an outage must not be erased.
    // While it still finds no room, a newer change is what is lost (counted), not the outage.
    if (this.state[id] === HELD && this.heldQuality[id] !== this.lastQuality[id]) {
      this.storeHeld(id, store, now);
      if (this.state[id] === HELD) {
        this.lost++;
        return;
      }
    }
    if (quality !== this.lastQuality[id]) {
      if (this.state[id] === HELD) this.storeHeld(id, store, now); // the last value before the quality changed
      if (this.state[id] === HELD) this.lost++; // no room for it: the quality change takes its place
      if (store(id, t, value, quality)) this.stored(id, quality, now);
      else this.hold(id, t, value, quality);
      return;
    }
    if (now - (this.lastAt[id] as number) >= interval && store(id, t, value, quality)) {
      this.stored(id, quality, now);
      if (this.state[id] === HELD) {
        this.state[id] = LISTED;
        if (this.heldOther.size > 0) this.heldOther.delete(id);
      }
      return;
    }
    this.hold(id, t, value, quality);
  }

  /**
   * Stores each held sample whose interval is up, or that is a quality change (`all`: every held sample, when
   * closing). With `only`, just the held samples of those signals, whatever their interval, for a trend up to now
   * (it must not show an older value as current); that write does not restart the interval.
   */
  due(now: number, all: boolean, store: StoreSample, only?: readonly number[]): void {
    if (only) {
      for (const id of only) if (id >= 0 && id < this.state.length && this.state[id] === HELD) this.storeHeld(id, store, now, false);
      return;
    }
    const still: number[] = [];
    for (const id of this.listed) {
      const up = all || now - (this.lastAt[id] as number) >= (this.interval[id] as number) || this.heldQuality[id] !== this.lastQuality[id];
      if (this.state[id] === HELD && up) this.storeHeld(id, store, now);
      if (this.state[id] === HELD) still.push(id);
      else this.state[id] = NOT_LISTED;
    }
    this.listed = still;
  }

  /** Signals holding a sample. */
  get held(): number {
    let n = 0;
    for (const id of this.listed) if (this.state[id] === HELD) n++;
    return n;
  }

  private hold(id: number, t: number, value: number | string | bigint, quality: number): void {
    this.heldTime[id] = t;
    this.heldQuality[id] = quality;
    if (typeof value === 'number') {
      this.heldValue[id] = value;
      if (this.heldOther.size > 0) this.heldOther.delete(id);
    } else {
      this.heldOther.set(id, value);
    }
    if (this.state[id] === NOT_LISTED) this.listed.push(id);
    this.state[id] = HELD;
  }

  private storeHeld(id: number, store: StoreSample, now: number, restartsInterval = true): void {
    const quality = this.heldQuality[id] as number;
    const other = this.heldOther.get(id);
    if (!store(id, this.heldTime[id] as number, other ?? (this.heldValue[id] as number), quality)) return; // stays held
    if (other !== undefined) this.heldOther.delete(id);
    if (restartsInterval) this.stored(id, quality, now);
    else this.lastQuality[id] = quality;
    this.state[id] = LISTED;
  }

  private stored(id: number, quality: number, now: number): void {
    this.lastAt[id] = now;
    this.lastQuality[id] = quality;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.interval.length * 2, 1024);
    const widen = <A extends Float64Array | Int8Array | Uint8Array>(old: A, make: (n: number) => A, fill?: number): A => {
      const next = make(capacity);
      if (fill !== undefined) next.fill(fill);
      next.set(old);
      return next;
    };
    this.interval = widen(this.interval, (n) => new Float64Array(n));
    this.lastAt = widen(this.lastAt, (n) => new Float64Array(n));
    this.lastQuality = widen(this.lastQuality, (n) => new Int8Array(n), NO_QUALITY);
    this.state = widen(this.state, (n) => new Uint8Array(n));
    this.heldTime = widen(this.heldTime, (n) => new Float64Array(n));
    this.heldValue = widen(this.heldValue, (n) => new Float64Array(n));
    this.heldQuality = widen(this.heldQuality, (n) => new Int8Array(n));
  }
}
