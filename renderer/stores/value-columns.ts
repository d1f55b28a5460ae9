/** The renderer's copy of every signal's latest value as typed-array columns by signal id (objects made on read). */
import { NO_GROUP } from '../../shared/contract/telemetry';

/** Growable columns; `version[id]` 0 means no value yet, and goes up with every change. */
export class ValueColumns {
  capacity = 0;
  value = new Float64Array(0);
  sourceTime = new Float64Array(0);
  /** Engine time of the frame that carried the current value. */
  receivedAt = new Float64Array(0);
  /** For a value that is not good: the engine time its group was last confirmed when it turned bad or stale. */
  frozenConfirm = new Float64Array(0);
  quality = new Uint8Array(0);
  group = new Uint16Array(0);
  version = new Uint32Array(0);
  readonly texts = new Map<number, string>();
  readonly exact = new Map<number, string>();

  /** Grows the columns so `id` fits. */
  ensure(id: number): void {
    if (id < this.capacity) return;
    let capacity = Math.max(64, this.capacity);
    while (capacity <= id) capacity *= 2;
    const grow = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.value = grow(this.value, new Float64Array(capacity));
    this.sourceTime = grow(this.sourceTime, new Float64Array(capacity));
    this.receivedAt = grow(this.receivedAt, new Float64Array(capacity));
    this.frozenConfirm = grow(this.frozenConfirm, new Float64Array(capacity));
    this.quality = grow(this.quality, new Uint8Array(capacity));
    this.group = grow(this.group, new Uint16Array(capacity).fill(NO_GROUP));
    this.version = grow(this.version, new Uint32Array(capacity));
    this.capacity = capacity;
  }
}
