/**
 * One client's telemetry stream. At most one frame per display tick, and only after the client acknowledged the
 * previous frame (back-pressure): a slow client gets the latest values, never a queue. The pump keeps a cursor
 * into the store's change journal, so the store's hot path does no per-client work; values overwritten before
 * they were sent are counted as dropped and reported in the next frame. Confirmation times travel per group.
 */
import type { SignalStore } from './signal-store';
import { SlotKind } from './signal-slots';
import { encodeSlots } from './slot-encoder';

export interface TelemetryPumpOptions {
  maxHz: number;
  send(frame: ArrayBuffer): void;
  now?: () => number;
  /** With nothing to send for this long, an empty frame goes anyway (default IDLE_FRAME_MS). */
  idleFrameMs?: number;
}

/**
 * A frame at least this often, empty when nothing changed or was confirmed: the screen judges the console link by
 * its newest frame's age, and a site at rest must not read as a stalled engine (nor a stalled one as a site at rest).
 */
export const IDLE_FRAME_MS = 500;

/** One client's telemetry stream. */
export class TelemetryPump {
  private store: SignalStore | undefined;
  private cursor = 0;
  private snapshotDue = false;
  private seq = 0;
  private awaitingAck: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private ids = new Uint32Array(0);
  private groups = new Uint32Array(0);
  /** Confirmation time of each group as last sent. */
  private sentConfirm = new Float64Array(0);
  /** When the last frame went (steady clock). */
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** Frames sent and values coalesced away, for diagnostics. */
  readonly stats = { framesSent: 0, valuesSent: 0, droppedTotal: 0 };

  constructor(private readonly options: TelemetryPumpOptions) {}

  /** Subscribes: the first frame carries every known value, later frames what changed. */
  start(store: SignalStore): void {
    if (this.closed) return; // a subscribe answered after its session closed must not start a timer nobody stops
    this.store = store;
    this.snapshotDue = true;
    this.timer ??= setInterval(() => this.flush(), Math.max(1, Math.round(1000 / this.options.maxHz)));
  }

  /** The client took frame `seq`; the next frame may go. Acks of other frames are ignored; returns whether it matched. */
  ack(seq: number): boolean {
    if (seq !== this.awaitingAck) return false;
    this.awaitingAck = undefined;
    return true;
  }

  /** Sends one frame if there is anything to send and the previous frame was acknowledged. */
  flush(): void {
    const store = this.store;
    if (!store || this.awaitingAck !== undefined) return;
    const idCapacity = Math.max(store.journal.idCapacity, store.slots.capacity);
    if (this.ids.length < idCapacity) this.ids = new Uint32Array(idCapacity);
    const { count, dropped } = this.snapshotDue ? this.snapshot(store) : this.changes(store);
    const groupCount = this.advancedGroups(store);
    if (count === 0 && groupCount === 0 && performance.now() - this.lastSentAt < (this.options.idleFrameMs ?? IDLE_FRAME_MS)) return;
    this.snapshotDue = false;
    this.cursor = store.journal.head;
    // The wire carries seq as uint32: wrap here too, or the client's ack of 0 would never match 2^32.
    const seq = (this.seq = (this.seq + 1) >>> 0);
    const engineTime = (this.options.now ?? Date.now)();
    const frame = encodeSlots(store, { seq, engineTime, dropped, ids: this.ids, count, groups: this.groups, groupCount });
    this.stats.framesSent++;
    this.stats.valuesSent += count;
    this.stats.droppedTotal += dropped;
    this.awaitingAck = seq;
    this.lastSentAt = performance.now();
    this.options.send(frame);
  }

  /** Ends the stream for good (the session closed). */
  stop(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private changes(store: SignalStore): { count: number; dropped: number } {
    const { count, superseded } = store.journal.collect(this.cursor, this.ids);
    return { count, dropped: superseded };
  }

  /** Every slot that holds a value; what changed before the client subscribed is not counted as dropped. */
  private snapshot(store: SignalStore): { count: number; dropped: number } {
    const kind = store.slots.kind;
    let count = 0;
    for (let id = 0; id < kind.length; id++) if (kind[id] !== SlotKind.none) this.ids[count++] = id;
    return { count, dropped: 0 };
  }

  /** Collects into `groups` the groups confirmed since they were last sent (a time that moved either way), and marks them sent. */
  private advancedGroups(store: SignalStore): number {
    const confirm = store.groupConfirm;
    if (this.sentConfirm.length < confirm.length) {
      const grown = new Float64Array(confirm.length);
      grown.set(this.sentConfirm);
      this.sentConfirm = grown;
      this.groups = new Uint32Array(confirm.length);
    }
    let count = 0;
    for (let group = 0; group < confirm.length; group++) {
      const time = confirm[group] as number;
      if (time !== (this.sentConfirm[group] as number)) {
        this.groups[count++] = group;
        this.sentConfirm[group] = time;
      }
    }
    return count;
  }
}
