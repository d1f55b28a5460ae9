/**
 * Latest value of every signal, outside React. Frames are applied as they arrive; subscribers are told once per
 * animation frame, and only then is the frame acknowledged, so the engine never outpaces what is drawn.
 */
import type { TelemetryFrame } from '../../shared/contract/telemetry';
import { FrameBatcher } from './frame-batcher';

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

/** The telemetry store with a getter/subscribe pair for hooks and imperative readers (charts). */
export class TelemetryStore {
  private readonly values = new Map<number, SignalValue>();
  private readonly listeners = new Set<() => void>();
  private pendingAcks: (() => void)[] = [];
  private readonly batcher: FrameBatcher;
  /** Frames applied and values the engine coalesced away (shown in diagnostics). */
  readonly stats = { frames: 0, dropped: 0, lastEngineTime: 0 };

  constructor(batcher?: (flush: () => void) => FrameBatcher) {
    this.batcher = batcher ? batcher(() => this.flush()) : new FrameBatcher(() => this.flush());
  }

  /** Applies a frame now; notifies and acknowledges on the next animation frame. */
  apply(frame: TelemetryFrame, ack: () => void): void {
    for (let i = 0; i < frame.ids.length; i++) {
      const id = frame.ids[i] as number;
      const text = frame.texts.get(id);
      const exact = frame.integers.get(id);
      this.values.set(id, {
        value: text ?? (frame.values[i] as number),
        ...(exact !== undefined ? { exact: exact.toString() } : {}),
        quality: frame.quality[i] as number,
        sourceTime: frame.sourceTimes[i] as number,
        receivedAt: frame.engineTime,
      });
    }
    this.stats.frames++;
    this.stats.dropped += frame.dropped;
    this.stats.lastEngineTime = frame.engineTime;
    this.pendingAcks.push(ack);
    this.batcher.request();
  }

  get(id: number): SignalValue | undefined {
    return this.values.get(id);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private flush(): void {
    for (const listener of this.listeners) listener();
    const acks = this.pendingAcks;
    this.pendingAcks = [];
    for (const ack of acks) ack();
  }
}
