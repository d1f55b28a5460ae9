/**
 * Feeds the history store off the telemetry path: `offer` only appends to a bounded buffer; a timer writes the
 * buffer in one transaction per flush. When the store falls behind and the buffer is full, new samples are counted
 * and dropped (telemetry is never slowed); alarm transitions are never dropped.
 */
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import { Quality, type TelemetryValue } from '../../../shared/contract/telemetry';
import type { Logger } from '../drivers/driver';
import type { HistorySample, HistoryStore } from './history-store';

/** Alarm transitions kept for a retry while the store fails. */
const MAX_PENDING_ALARMS = 100_000;

/** Recorder settings. */
export interface RecorderOptions {
  flushMs?: number;
  /** Samples buffered between flushes before new ones are dropped. */
  maxBuffered?: number;
  compactMs?: number;
  now?: () => number;
}

/** Buffers changes and writes them in batches. */
export class HistoryRecorder {
  private samples: HistorySample[] = [];
  private alarms: AlarmTransition[] = [];
  private readonly flushTimer: ReturnType<typeof setInterval>;
  private readonly compactTimer: ReturnType<typeof setInterval>;
  private readonly maxBuffered: number;
  private flushing: Promise<void> | undefined;
  private readonly now: () => number;
  /** Samples dropped because the buffer was full. */
  dropped = 0;
  /** Samples written since start. */
  written = 0;

  constructor(
    readonly store: HistoryStore,
    private readonly log: Logger,
    options: RecorderOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 200_000;
    const now = (this.now = options.now ?? Date.now);
    this.flushTimer = setInterval(() => void this.flush(), options.flushMs ?? 1000);
    this.compactTimer = setInterval(() => void this.flush().then(() => store.compact(now())).catch((e: unknown) => this.failed('compact', e)), options.compactMs ?? 600_000);
    this.flushTimer.unref?.();
    this.compactTimer.unref?.();
  }

  /** A signal changed (called from the store's listener: O(1), never waits). */
  offer(signalId: number, value: TelemetryValue): void {
    if (this.samples.length >= this.maxBuffered) {
      this.dropped++;
      return;
    }
    const v = typeof value.value === 'bigint' ? value.value.toString() : value.value;
    // A value that turned stale keeps its old source time: recorded then, it would overwrite the last good sample and
    // hide when the outage began. It is recorded at the time the engine flagged it.
    const t = value.quality === Quality.stale ? Math.max(value.sourceTime, this.now()) : value.sourceTime;
    this.samples.push({ signalId, t, value: typeof v === 'number' && !Number.isFinite(v) ? String(v) : v, quality: value.quality });
  }

  /** An alarm transition: always kept. */
  alarm(transition: AlarmTransition): void {
    this.alarms.push(transition);
  }

  /** Writes what is buffered; one flush at a time. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.samples.length === 0 && this.alarms.length === 0) return Promise.resolve();
    const samples = this.samples;
    const alarms = this.alarms;
    this.samples = [];
    this.alarms = [];
    this.flushing = this.store
      .append(samples, alarms)
      .then(() => {
        this.written += samples.length;
      })
      .catch((error: unknown) => {
        // Alarm transitions go back to the front of the queue (bounded, should the store stay down); samples of a
        // failed batch are counted as dropped.
        this.alarms = [...alarms, ...this.alarms].slice(-MAX_PENDING_ALARMS);
        this.dropped += samples.length;
        this.failed('flush', error);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Flushes and closes the store. */
  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.compactTimer);
    await this.flush();
    await this.store.close();
  }

  private failed(what: string, error: unknown): void {
    this.log.error(`history.${what}-failed`, `history ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
