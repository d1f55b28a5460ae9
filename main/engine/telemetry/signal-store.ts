/** The engine's latest value of every signal, and the fan-out of changes to telemetry pumps. */
import { Quality, type TelemetryValue } from '../../../shared/contract/telemetry';
import type { Sample } from '../drivers/driver';

/** Latest values by signal id; listeners hear every accepted change. */
export class SignalStore {
  private readonly latest = new Map<number, TelemetryValue>();
  private readonly listeners = new Set<(id: number, value: TelemetryValue) => void>();

  /** Applies samples. A stale marker without a value keeps the last known value, flagged stale. */
  apply(samples: readonly Sample[]): void {
    for (const sample of samples) {
      const previous = this.latest.get(sample.signalId);
      const raw = typeof sample.value === 'boolean' ? (sample.value ? 1 : 0) : sample.value;
      const keepOld = sample.quality === Quality.stale && typeof raw === 'number' && Number.isNaN(raw);
      if (keepOld && !previous) continue;
      const value: TelemetryValue = keepOld && previous ? { ...previous, quality: Quality.stale } : { value: raw, quality: sample.quality, sourceTime: sample.sourceTime };
      if (previous && previous.value === value.value && previous.quality === value.quality && previous.sourceTime === value.sourceTime) continue;
      this.latest.set(sample.signalId, value);
      for (const listener of this.listeners) listener(sample.signalId, value);
    }
  }

  get(id: number): TelemetryValue | undefined {
    return this.latest.get(id);
  }

  entries(): IterableIterator<[number, TelemetryValue]> {
    return this.latest.entries();
  }

  subscribe(listener: (id: number, value: TelemetryValue) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
