/**
 * The latest value of every signal as typed-array columns indexed by dense signal id: no object per value, and a
 * frame is encoded straight from them. Memory per signal: 54 bytes here (6 f64, 2 u16, 2 u8), 24 in the change
 * journal (f64 latest sequence, a ring of 4 u32 entries per signal), 4 per attached client (its id scratch):
 * ~82 bytes, fixed, whatever the update rate. Strings and 64-bit integers also keep their exact value in a side map.
 */
import { NO_GROUP } from '../../../shared/contract/telemetry';

/** What a slot holds. `none`: no value received yet. */
export const SlotKind = { none: 0, number: 1, string: 2, bigint: 3 } as const;

/** Columns of the signal slots; replaced as a whole when they grow, so read them through the store each time. */
export class SignalSlots {
  /** Latest value (a bigint's nearest double; NaN for strings). */
  value: Float64Array;
  /** Source time of the value as it last changed (a repeated equal value does not move it). */
  sourceTime: Float64Array;
  /** When the engine last confirmed the value: a poll answered or a notification (engine clock). */
  confirmTime: Float64Array;
  /** The same on the steady clock (steady-clock.ts): ages the gate judges must not move with the wall clock. */
  confirmSteady: Float64Array;
  /** The value last published as a change: the deadband is measured from it. */
  reference: Float64Array;
  deadband: Float64Array;
  quality: Uint8Array;
  kind: Uint8Array;
  /** Confirmation group (a connection's scan class) or NO_GROUP. */
  group: Uint16Array;
  /** The group the signal was defined with (it leaves it while only its own samples confirm it: confirmAlone). */
  homeGroup: Uint16Array;
  /** Exact strings and 64-bit integers by id. */
  readonly exact = new Map<number, string | bigint>();

  constructor(public capacity = 64) {
    this.value = new Float64Array(capacity);
    this.sourceTime = new Float64Array(capacity);
    this.confirmTime = new Float64Array(capacity);
    this.confirmSteady = new Float64Array(capacity);
    this.reference = new Float64Array(capacity);
    this.deadband = new Float64Array(capacity);
    this.quality = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.group = new Uint16Array(capacity).fill(NO_GROUP);
    this.homeGroup = new Uint16Array(capacity).fill(NO_GROUP);
  }

  /** Grows the columns so `id` fits (doubling, so growth is amortised O(1)). */
  ensure(id: number): void {
    if (id < this.capacity) return;
    let capacity = this.capacity;
    while (capacity <= id) capacity *= 2;
    this.value = grow(this.value, new Float64Array(capacity));
    this.sourceTime = grow(this.sourceTime, new Float64Array(capacity));
    this.confirmTime = grow(this.confirmTime, new Float64Array(capacity));
    this.confirmSteady = grow(this.confirmSteady, new Float64Array(capacity));
    this.reference = grow(this.reference, new Float64Array(capacity));
    this.deadband = grow(this.deadband, new Float64Array(capacity));
    this.quality = grow(this.quality, new Uint8Array(capacity));
    this.kind = grow(this.kind, new Uint8Array(capacity));
    this.group = grow(this.group, new Uint16Array(capacity).fill(NO_GROUP));
    this.homeGroup = grow(this.homeGroup, new Uint16Array(capacity).fill(NO_GROUP));
    this.capacity = capacity;
  }
}

function grow<T extends Float64Array | Uint8Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
