/**
 * Latest value of every signal, outside React, in typed-array columns by signal id. Frames are applied as they
 * arrive; listeners are told once per animation frame, and only then is the frame acknowledged, so the engine
 * never outpaces what is drawn. Per-signal listeners wake only for the signals a frame changed; value objects are
 * made on first read after a change, so unread signals cost no allocation.
 * Age means confirmation: each value belongs to a confirmation group whose latest confirmation time (engine clock)
 * frames carry; `ageMs` turns it into an age on this window's clock using the engine clock offset.
 */
import { NO_GROUP, type TelemetryFrame } from '../../shared/contract/telemetry';
import { ClockOffset } from './clock-offset';
import { FrameBatcher } from './frame-batcher';
import { ValueColumns } from './value-columns';

/** One signal's value as the UI sees it. Replaced (never mutated) on change, so snapshots compare by identity. */
export interface SignalValue {
  /** For a 64-bit integer, the nearest double (for charts); show `exact` instead. */
  value: number | string;
  /** A 64-bit integer's exact decimal text. */
  exact?: string;
  quality: number;
  sourceTime: number;
  /** Engine time of the frame that carried it. */
  receivedAt: number;
}

type Listener = () => void;
const GOOD = 0;
const UNCERTAIN = 3;

/** The telemetry store with stable getter/subscribe pairs for hooks, and imperative readers (charts). */
export class TelemetryStore {
  private columns = new ValueColumns();
  private cache: (SignalValue | undefined)[] = [];
  private cacheVersion: number[] = [];
  private groupConfirm: number[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly signalListeners = new Map<number, Set<Listener>>();
  private readonly subscribers = new Map<number, (listener: Listener) => () => void>();
  private readonly getters = new Map<number, () => SignalValue | undefined>();
  private changed = new Set<number>();
  private pendingAcks: (() => void)[] = [];
  private readonly batcher: FrameBatcher;
  /** Engine clock → this window's clock. */
  readonly clock = new ClockOffset();
  /** Frames applied and values the engine coalesced away (shown in diagnostics). */
  readonly stats = { frames: 0, dropped: 0, lastEngineTime: 0 };

  constructor(batcher?: (flush: () => void) => FrameBatcher) {
    this.batcher = batcher ? batcher(() => this.flush()) : new FrameBatcher(() => this.flush());
  }

  /** Applies a frame now; notifies and acknowledges on the next animation frame. */
  apply(frame: TelemetryFrame, ack: () => void, receivedAt = Date.now()): void {
    const c = this.columns;
    for (let i = 0; i < frame.ids.length; i++) {
      const id = frame.ids[i] as number;
      c.ensure(id);
      const quality = frame.quality[i] as number;
      const group = frame.groups[i] as number;
      const wasLive = c.version[id] === 0 || c.quality[id] === GOOD || c.quality[id] === UNCERTAIN;
      c.value[id] = frame.values[i] as number;
      c.sourceTime[id] = frame.sourceTimes[i] as number;
      c.receivedAt[id] = frame.engineTime;
      c.quality[id] = quality;
      c.group[id] = group;
      // Turned bad or stale: its age stops at the last confirmation before this frame's (a stale marker confirms
      // nothing). Already not good (bad, then stale): it stays where it stopped, however far the group moved since.
      // None known before (the full frame after a reset): the group's time in this frame, so it still has an age.
      if (quality !== GOOD && quality !== UNCERTAIN && wasLive) c.frozenConfirm[id] = group === NO_GROUP ? 0 : (this.groupConfirm[group] ?? confirmationIn(frame, group) ?? 0);
      c.version[id] = (c.version[id] as number) + 1;
      const text = frame.texts.get(id);
      if (text === undefined) c.texts.delete(id);
      else c.texts.set(id, text);
      const exact = frame.integers.get(id);
      if (exact === undefined) c.exact.delete(id);
      else c.exact.set(id, exact.toString());
      if (this.signalListeners.has(id)) this.changed.add(id);
    }
    for (let i = 0; i < frame.groupIds.length; i++) this.groupConfirm[frame.groupIds[i] as number] = frame.groupConfirmTimes[i] as number;
    this.clock.observe(frame.engineTime, receivedAt);
    this.stats.frames++;
    this.stats.dropped += frame.dropped;
    this.stats.lastEngineTime = frame.engineTime;
    this.pendingAcks.push(ack);
    this.batcher.request();
  }

  /**
   * Forgets every value and confirmation: called when a new engine link is set up, before its catalog and its first
   * (full) frame. A restarted engine may number its signals differently, and a value the new engine never sent must
   * not show under another tag, nor take the age of a group that now belongs to another connection. Listeners of the
   * values forgotten hear it on the next animation frame.
   */
  reset(): void {
    for (const listener of this.resetListeners) listener();
    const had = this.columns;
    for (const id of this.signalListeners.keys()) if (id < had.capacity && had.version[id] !== 0) this.changed.add(id);
    this.columns = new ValueColumns();
    this.cache = [];
    this.cacheVersion = [];
    this.groupConfirm = [];
    this.batcher.request();
  }

  private readonly resetListeners = new Set<() => void>();

  /** Told at every reset (a new engine link): what keeps values of its own (sparklines) forgets them too. */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** The latest value; the same object until the signal changes. */
  get(id: number): SignalValue | undefined {
    const c = this.columns;
    if (!(id >= 0 && id < c.capacity) || c.version[id] === 0) return undefined;
    if (this.cacheVersion[id] === c.version[id]) return this.cache[id];
    const exact = c.exact.get(id);
    const value: SignalValue = {
      value: c.texts.get(id) ?? (c.value[id] as number),
      ...(exact !== undefined ? { exact } : {}),
      quality: c.quality[id] as number,
      sourceTime: c.sourceTime[id] as number,
      receivedAt: c.receivedAt[id] as number,
    };
    this.cache[id] = value;
    this.cacheVersion[id] = c.version[id] as number;
    return value;
  }

  /** When the engine last confirmed the value (engine clock): its group's latest confirmation, else the engine time of the frame that carried it. */
  confirmedAt(id: number): number | undefined {
    const c = this.columns;
    if (!(id >= 0 && id < c.capacity) || c.version[id] === 0) return undefined;
    const quality = c.quality[id] as number;
    const group = c.group[id] as number;
    if (quality !== GOOD && quality !== UNCERTAIN) return (c.frozenConfirm[id] as number) || undefined;
    return (group === NO_GROUP ? undefined : this.groupConfirm[group]) ?? (c.receivedAt[id] as number);
  }

  /** Time since the engine last confirmed the value, on this window's clock (`now`), in ms. */
  ageMs(id: number, now = Date.now()): number | undefined {
    const confirmed = this.confirmedAt(id);
    return confirmed === undefined ? undefined : Math.max(0, this.clock.toEngine(now) - confirmed);
  }

  /** Hears every flush that applied at least one frame. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears the flushes that changed signal `id`. */
  subscribeSignal(id: number, listener: Listener): () => void {
    let set = this.signalListeners.get(id);
    if (!set) this.signalListeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.signalListeners.delete(id);
    };
  }

  /** A stable subscribe function for signal `id` (the same function every call, as useSyncExternalStore wants). */
  signalSubscriber(id: number): (listener: Listener) => () => void {
    let subscribe = this.subscribers.get(id);
    if (!subscribe) this.subscribers.set(id, (subscribe = (listener) => this.subscribeSignal(id, listener)));
    return subscribe;
  }

  /** A stable snapshot getter for signal `id`. */
  signalGetter(id: number): () => SignalValue | undefined {
    let getter = this.getters.get(id);
    if (!getter) this.getters.set(id, (getter = () => this.get(id)));
    return getter;
  }

  private flush(): void {
    const changed = this.changed;
    this.changed = new Set();
    for (const id of changed) for (const listener of this.signalListeners.get(id) ?? []) listener();
    for (const listener of this.listeners) listener();
    const acks = this.pendingAcks;
    this.pendingAcks = [];
    for (const ack of acks) ack();
  }
}

/** The confirmation time `frame` carries for `group`, if any (a frame names a handful of groups). */
function confirmationIn(frame: TelemetryFrame, group: number): number | undefined {
  for (let i = 0; i < frame.groupIds.length; i++) if (frame.groupIds[i] === group) return frame.groupConfirmTimes[i] as number;
  return undefined;
}
