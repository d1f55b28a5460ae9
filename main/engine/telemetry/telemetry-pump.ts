/**
 * Coalesces value changes for one client and sends at most one frame per display tick, and only after the
 * client acknowledged the previous frame (back-pressure): a slow client gets the latest values, never a queue.
 * Values overwritten before they were sent are counted as dropped and reported in the next frame.
 */
import { encodeTelemetry, type TelemetryValue } from '../../../shared/contract/telemetry';

export interface TelemetryPumpOptions {
  maxHz: number;
  send(frame: ArrayBuffer): void;
  now?: () => number;
}

/** One client's telemetry stream. */
export class TelemetryPump {
  private readonly dirty = new Map<number, TelemetryValue>();
  private seq = 0;
  private awaitingAck: number | undefined;
  private dropped = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Frames sent and values coalesced away, for diagnostics. */
  readonly stats = { framesSent: 0, valuesSent: 0, droppedTotal: 0 };

  constructor(private readonly options: TelemetryPumpOptions) {}

  start(initial: Iterable<[number, TelemetryValue]>): void {
    for (const [id, value] of initial) this.dirty.set(id, value);
    this.timer ??= setInterval(() => this.flush(), Math.max(1, Math.round(1000 / this.options.maxHz)));
  }

  /** Records a change; an unsent older value of the same signal is replaced and counted as dropped. */
  offer(id: number, value: TelemetryValue): void {
    if (this.timer === undefined) return; // not subscribed: start() sends every known value anyway
    if (this.dirty.has(id)) {
      this.dropped++;
      this.stats.droppedTotal++;
    }
    this.dirty.set(id, value);
  }

  /** The client took frame `seq`; the next frame may go. Acks of other frames are ignored. */
  ack(seq: number): void {
    if (seq === this.awaitingAck) this.awaitingAck = undefined;
  }

  /** Sends one frame if there is anything to send and the previous frame was acknowledged. */
  flush(): void {
    if (this.awaitingAck !== undefined || this.dirty.size === 0) return;
    const seq = ++this.seq;
    const frame = encodeTelemetry(seq, (this.options.now ?? Date.now)(), this.dropped, this.dirty);
    this.stats.framesSent++;
    this.stats.valuesSent += this.dirty.size;
    this.dirty.clear();
    this.dropped = 0;
    this.awaitingAck = seq;
    this.options.send(frame);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
