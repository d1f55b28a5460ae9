/** One direction of one proxied connection: reads chunks from a socket, holds each until its scheduled time, writes on. */
import type { Socket } from 'node:net';
import type { DirectionStats } from './link-stats';
import type { DirectionParams, LinkParams } from './profiles';
import { DirectionSchedule } from './schedule';

/** Queued bytes above which the source socket is paused (backpressure instead of unbounded memory). */
const HIGH_WATER_BYTES = 1024 * 1024;

/** What the pump asks its connection at each chunk. */
export interface PumpContext {
  /** Parameters in force now (profiles may ramp). */
  params(): LinkParams;
  /** True while bytes vanish. */
  halfOpen(): boolean;
}

type Item = { releaseAt: number; data: Buffer } | { releaseAt: number; close: true };

/** Moves bytes `from` → `to` under the schedule, closes (FIN) included. */
export class DirectionPump {
  private readonly queue: Item[] = [];
  private queuedBytes = 0;
  private timer: { timeout: NodeJS.Timeout } | { immediate: NodeJS.Immediate } | undefined;
  private stopped = false;
  private readonly schedule: DirectionSchedule;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly direction: 'up' | 'down',
    rngState: number,
    private readonly context: PumpContext,
    private readonly stats: DirectionStats,
  ) {
    this.schedule = new DirectionSchedule(rngState);
    from.on('data', (data: Buffer) => this.accept(data));
    to.on('drain', () => this.maybeResume());
  }

  /** Takes one chunk read from the source. */
  private accept(data: Buffer): void {
    if (this.stopped) return;
    if (this.context.halfOpen()) {
      this.stats.bytesDropped += data.length;
      return;
    }
    const params = this.context.params();
    const dir: DirectionParams = params[this.direction];
    const now = performance.now();
    const timing = this.schedule.schedule(now, data.length, dir, params.lossRate, params.stallMs);
    const s = this.stats;
    s.delayMsSum += timing.delayMs;
    s.delayMsMin = Math.min(s.delayMsMin, timing.delayMs);
    s.delayMsMax = Math.max(s.delayMsMax, timing.delayMs);
    if (timing.releaseAt > now) s.chunksDelayed += 1;
    if (timing.stalled) {
      s.stalls += 1;
      s.stallMsTotal += params.stallMs;
    }
    this.queue.push({ releaseAt: timing.releaseAt, data });
    this.queuedBytes += data.length;
    if (this.queuedBytes + this.to.writableLength > HIGH_WATER_BYTES) this.from.pause();
    this.arm();
  }

  /** Queues the close (FIN) of the source behind its data, held `closeDelayMs` longer. */
  closeAfterData(closeDelayMs: number): void {
    if (this.stopped) return;
    this.queue.push({ releaseAt: this.schedule.scheduleClose(performance.now(), closeDelayMs), close: true });
    this.arm();
  }

  /** Stops forwarding; returns the bytes that were still queued (they are dropped). */
  stop(): number {
    this.stopped = true;
    this.clearTimer();
    const dropped = this.queuedBytes;
    this.stats.bytesDropped += dropped;
    this.queue.length = 0;
    this.queuedBytes = 0;
    return dropped;
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    if ('timeout' in this.timer) clearTimeout(this.timer.timeout);
    else clearImmediate(this.timer.immediate);
    this.timer = undefined;
  }

  /** Arms one timer for the head of the queue. Timers fire up to ~1 ms early or late, so the last ms is polled. */
  private arm(): void {
    if (this.timer !== undefined || this.queue.length === 0 || this.stopped) return;
    const remaining = this.queue[0]!.releaseAt - performance.now();
    const fire = () => {
      this.timer = undefined;
      this.release();
    };
    if (remaining <= 0) this.release();
    else if (remaining < 1.5) this.timer = { immediate: setImmediate(fire) };
    else this.timer = { timeout: setTimeout(fire, Math.floor(remaining - 1)) };
  }

  /** Writes every item whose time has come, in order. */
  private release(): void {
    const now = performance.now();
    while (!this.stopped && this.queue.length > 0 && this.queue[0]!.releaseAt <= now) {
      const item = this.queue.shift()!;
      if ('close' in item) {
        if (!this.to.destroyed) this.to.end();
        continue;
      }
      this.queuedBytes -= item.data.length;
      this.stats.chunks += 1;
      this.stats.bytes += item.data.length;
      if (!this.to.destroyed && this.to.writable) this.to.write(item.data);
    }
    this.maybeResume();
    this.arm();
  }

  private maybeResume(): void {
    if (!this.stopped && this.from.isPaused() && this.queuedBytes + this.to.writableLength <= HIGH_WATER_BYTES / 2) this.from.resume();
  }
}
