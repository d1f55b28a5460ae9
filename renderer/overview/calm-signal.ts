/**
 * The overview's numbers change at most ten times a second: a person cannot read faster, and 50 tiles updating in
 * every animation frame would repaint the page 60 times a second. Changes are gathered and handed to React in one
 * batch per 100 ms tick, inside an animation frame. (The panels keep the store's per-frame updates for control.)
 */
import { useSyncExternalStore } from 'react';
import type { SignalValue, TelemetryStore } from '../stores/telemetry-store';
import { useServices } from '../stores/hooks';

const TICK_MS = 100;

/** Runs `flush` after a tick, inside an animation frame where the page has them. */
function afterTick(flush: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (run: () => void) => number }).requestAnimationFrame;
  setTimeout(() => (raf ? raf(flush) : flush()), TICK_MS);
}

/** Per-signal subscribe functions whose wake-ups are coalesced into a 100 ms tick. */
export class CalmSignals {
  private dirty = new Set<() => void>();
  private scheduled = false;
  private readonly subscribers = new Map<number, (listener: () => void) => () => void>();

  constructor(
    private readonly telemetry: TelemetryStore,
    private readonly schedule: (flush: () => void) => void = afterTick,
  ) {}

  /** A stable subscribe function for signal `id` (the same function every call). */
  subscriber(id: number): (listener: () => void) => () => void {
    let subscribe = this.subscribers.get(id);
    if (!subscribe) {
      subscribe = (listener) => {
        const off = this.telemetry.subscribeSignal(id, () => this.mark(listener));
        return () => {
          off();
          this.dirty.delete(listener);
        };
      };
      this.subscribers.set(id, subscribe);
    }
    return subscribe;
  }

  private mark(listener: () => void): void {
    this.dirty.add(listener);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const due = this.dirty;
    this.dirty = new Set();
    for (const listener of due) listener();
  }
}

const perStore = new WeakMap<TelemetryStore, CalmSignals>();
const noSignal = () => () => undefined;
const noValue = () => undefined;

/** One signal's latest value, re-rendered at most every 100 ms (see above). */
export function useCalmSignal(id: number | undefined): SignalValue | undefined {
  const { telemetry } = useServices();
  let calm = perStore.get(telemetry);
  if (!calm) perStore.set(telemetry, (calm = new CalmSignals(telemetry)));
  const getSnapshot = id === undefined ? noValue : telemetry.signalGetter(id);
  return useSyncExternalStore(id === undefined ? noSignal : calm.subscriber(id), getSnapshot, getSnapshot); // markup (tests) the same way
}
