/**
 * The engine's latest value of every signal, in typed-array slots by dense signal id (signal-slots.ts), and the
 * journal of what changed (change-journal.ts) that every client's telemetry pump reads with its own cursor.
 * A sample that repeats the stored value, or moves a numeric value no further than its tag's deadband, is not a
 * change: it only refreshes the value's confirmation time (and its group's). Per sample the work is O(1) with
 * no allocation, so even a large driver batch keeps the event loop free.
 */
import { NO_GROUP, Quality, type TelemetryValue } from '../../../shared/contract/telemetry';
import type { Sample } from '../drivers/driver';
import { steadyNow as steadyClock } from '../steady-clock';
import { ChangeJournal } from './change-journal';
import { SignalSlots, SlotKind } from './signal-slots';

/** A stored value as the engine's readers see it. */
export interface StoredValue extends TelemetryValue {
  /** When the engine last confirmed this value (poll answered, notification); 0 if never. */
  confirmTime: number;
}

/** How one signal is stored: its tag's deadband and its confirmation group. */
export interface SignalDefinition {
  deadband?: number;
  group?: number;
}

/** Latest values by signal id; change listeners hear every published change. */
export class SignalStore {
  readonly slots = new SignalSlots();
  readonly journal = new ChangeJournal();
  /** Latest confirmation time per group (engine clock). */
  groupConfirm = new Float64Array(0);
  // Arrays replaced on (un)subscribe, so the per-change loop needs no iterator object.
  private changeListeners: ((id: number) => void)[] = [];
  /** Hear values kept inside their deadband too (not published): what alarms compare with their limits. */
  private inBandListeners: ((id: number) => void)[] = [];
  private valueListeners: ((id: number, value: StoredValue) => void)[] = [];
  /** Samples applied and how many of them were changes, for diagnostics and benchmarks. */
  readonly stats = { samples: 0, changes: 0 };

  constructor(
    private readonly now: () => number = Date.now,
    private readonly steadyNow: () => number = steadyClock,
  ) {}

  /** Sizes the slots and the journal for `count` signals up front (optional; they grow on demand). */
  reserve(count: number): void {
    if (count > 0) this.slots.ensure(count - 1);
    this.journal.reserve(Math.max(1 << 16, count * 4));
  }

  /** Sets a signal's deadband (engineering units, numeric values only) and confirmation group. */
  define(id: number, definition: SignalDefinition): void {
    this.slots.ensure(id);
    this.slots.deadband[id] = definition.deadband ?? 0;
    const group = definition.group ?? NO_GROUP;
    this.slots.group[id] = group;
    this.slots.homeGroup[id] = group;
    if (group !== NO_GROUP && group >= this.groupConfirm.length) {
      const grown = new Float64Array(group + 1);
      grown.set(this.groupConfirm);
      this.groupConfirm = grown;
    }
  }

  /**
   * Of `all`, the signals in `alone` leave their confirmation group (only their own samples confirm them, so the screen
   * ages them from their own arrival, as the gate does); the others return to the group they were defined with. A moved
   * value goes to clients again, carrying its new group (nothing changed: no listener hears it).
   */
  confirmAlone(all: readonly number[], alone: ReadonlySet<number>): void {
    const s = this.slots;
    for (const id of all) {
      if (id >= s.capacity) continue;
      const group = alone.has(id) ? NO_GROUP : (s.homeGroup[id] as number);
      if (s.group[id] === group) continue;
      s.group[id] = group;
      if (s.kind[id] !== SlotKind.none) this.journal.record(id);
    }
  }

  /** Number of confirmation groups defined. */
  get groupCount(): number {
    return this.groupConfirm.length;
  }

  /** Applies samples. A stale marker without a value keeps the last known value, flagged stale. */
  apply(samples: readonly Sample[]): void {
    const now = this.now();
    const steady = this.steadyNow();
    // Counted before the loop, not after: see encodeSlots (slot-encoder.ts) on code after a long first loop.
    this.stats.samples += samples.length;
    for (let i = 0; i < samples.length; i++) this.applyOne(samples[i] as Sample, now, steady);
  }

  /** Confirms values without new samples (e.g. a subscription keep-alive): their age restarts, nothing is sent. */
  confirm(ids: readonly number[], at = this.now()): void {
    const s = this.slots;
    const steady = this.steadyNow();
    for (const id of ids) {
      if (id >= s.capacity || s.kind[id] === SlotKind.none) continue;
      const q = s.quality[id];
      if (q === Quality.good || q === Quality.uncertain) this.confirmSlot(id, at, steady);
    }
  }

  /**
   * How long ago the engine last confirmed the value (ms, on the steady clock: a wall clock stepped back cannot make
   * an old value look fresh); Infinity if never. What the gate judges interlock inputs by.
   */
  confirmAge(id: number): number {
    const s = this.slots;
    if (!(id >= 0 && id < s.capacity) || s.kind[id] === SlotKind.none || s.confirmSteady[id] === 0) return Number.POSITIVE_INFINITY;
    return this.steadyNow() - (s.confirmSteady[id] as number);
  }

  get(id: number): StoredValue | undefined {
    const s = this.slots;
    if (!(id >= 0 && id < s.capacity) || s.kind[id] === SlotKind.none) return undefined;
    const kind = s.kind[id];
    const value = kind === SlotKind.number ? (s.value[id] as number) : (s.exact.get(id) as string | bigint);
    const group = s.group[id] as number;
    return { value, quality: s.quality[id] as Quality, sourceTime: s.sourceTime[id] as number, confirmTime: s.confirmTime[id] as number, ...(group !== NO_GROUP ? { group } : {}) };
  }

  /** A signal's current value alone, without building a value object (hot paths: the history recorder). */
  valueOf(id: number): number | string | bigint {
    const s = this.slots;
    return s.kind[id] === SlotKind.number ? (s.value[id] as number) : (s.exact.get(id) as string | bigint);
  }

  *entries(): IterableIterator<[number, StoredValue]> {
    for (let id = 0; id < this.slots.capacity; id++) {
      const value = this.get(id);
      if (value) yield [id, value];
    }
  }

  /** Hears every published change with its value (allocates the value object; hot paths use onChange). */
  subscribe(listener: (id: number, value: StoredValue) => void): () => void {
    this.valueListeners = [...this.valueListeners, listener];
    return () => (this.valueListeners = this.valueListeners.filter((l) => l !== listener));
  }

  /**
   * Hears a value that moved inside its tag's deadband: kept exact, not published (no telemetry, no history). A limit
   * alarm must still see it: 17.95 then 18.04 crosses 18 inside a band of 0.1.
   */
  onInBandChange(listener: (id: number) => void): () => void {
    this.inBandListeners = [...this.inBandListeners, listener];
    return () => (this.inBandListeners = this.inBandListeners.filter((l) => l !== listener));
  }

  /** Hears the id of every published change; allocation-free (read what you need with get()). */
  onChange(listener: (id: number) => void): () => void {
    this.changeListeners = [...this.changeListeners, listener];
    return () => (this.changeListeners = this.changeListeners.filter((l) => l !== listener));
  }

  private applyOne(sample: Sample, now: number, steady: number): void {
    const id = sample.signalId;
    if (!Number.isInteger(id) || id < 0) return; // not a signal of this engine
    const s = this.slots;
    s.ensure(id);
    const raw = sample.value;
    const q = sample.quality;
    if (q === Quality.stale && typeof raw === 'number' && Number.isNaN(raw)) {
      // A stale marker: the last value stays, flagged stale; nothing was confirmed.
      if (s.kind[id] === SlotKind.none || s.quality[id] === Quality.stale) return;
      s.quality[id] = Quality.stale;
      this.publish(id);
      return;
    }
    if (sample.onlyIfStale === true && s.kind[id] !== SlotKind.none && s.quality[id] !== Quality.stale) return; // a newer value is already here
    if (q === Quality.good || q === Quality.uncertain) this.confirmSlot(id, now, steady);
    const kind = typeof raw === 'string' ? SlotKind.string : typeof raw === 'bigint' ? SlotKind.bigint : SlotKind.number;
    const number = typeof raw === 'boolean' ? (raw ? 1 : 0) : typeof raw === 'string' ? Number.NaN : Number(raw);
    if (s.kind[id] === kind && s.quality[id] === q) {
      if (kind === SlotKind.number) {
        const old = s.value[id] as number;
        if (number === old || (number !== number && old !== old)) return; // unchanged: confirmation only
        const band = s.deadband[id] as number;
        if (band > 0 && Math.abs(number - (s.reference[id] as number)) <= band) {
          s.value[id] = number; // kept exact for the engine's own readers, but not published
          const inBand = this.inBandListeners;
          for (let i = 0; i < inBand.length; i++) (inBand[i] as (id: number) => void)(id);
          return;
        }
      } else if (s.exact.get(id) === raw) return;
    }
    if (kind !== SlotKind.number) s.exact.set(id, raw as string | bigint);
    else if (s.kind[id] !== SlotKind.number && s.kind[id] !== SlotKind.none) s.exact.delete(id);
    s.kind[id] = kind;
    s.value[id] = number;
    s.reference[id] = number;
    s.quality[id] = q;
    s.sourceTime[id] = sample.sourceTime;
    this.publish(id);
  }

  private confirmSlot(id: number, at: number, steady: number): void {
    const s = this.slots;
    s.confirmTime[id] = at;
    s.confirmSteady[id] = steady;
    const group = s.group[id] as number;
    // The latest, not the highest: after the wall clock steps back, a group keeping a time now in the future would read
    // as just confirmed (age 0) until the clock caught up, however long nothing confirmed it.
    if (group !== NO_GROUP) this.groupConfirm[group] = at;
  }

  private publish(id: number): void {
    this.journal.record(id);
    this.stats.changes++;
    const changeListeners = this.changeListeners;
    for (let i = 0; i < changeListeners.length; i++) (changeListeners[i] as (id: number) => void)(id);
    if (this.valueListeners.length === 0) return;
    const value = this.get(id) as StoredValue;
    for (const listener of this.valueListeners) listener(id, value);
  }
}
