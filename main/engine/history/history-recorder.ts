/**
 * Feeds the history store off the telemetry path: `record` only appends to a bounded columnar buffer (no object per
 * change); a timer hands the buffer to the store, which writes it in one transaction per flush. When the store falls behind and the buffer is full, new samples are counted
 * and dropped (telemetry is never slowed); alarm transitions are never dropped.
 */
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import { Quality, type TelemetryValue } from '../../../shared/contract/telemetry';
import type { Logger } from '../drivers/driver';
import { HistoryPacing, type HistoryPolicy } from './history-pacing';
import type { HistoryStore } from './history-store';
import { SampleColumns } from './sample-columns';

/** How often the clock paced tags are measured against is read (a clock read per change costs more than the rest). */
const PACING_CLOCK_MS = 50;
/** How long past a value back from stale later samples of the signal keep the order they came in (see `record`). */
const FLOOR_MS = 5000;
/** Alarm transitions kept for a retry while the store fails. */
const MAX_PENDING_ALARMS = 100_000;

/** Recorder settings. */
export interface RecorderOptions {
  flushMs?: number;
  /**
   * Samples buffered between flushes before new ones are dropped (default 500k: ~10 MB at 21 bytes a sample). At
   * 1M changes/s the history thread would otherwise take a core from telemetry; what is dropped is counted and shown.
   */
  maxBuffered?: number;
  compactMs?: number;
  now?: () => number;
  /** A monotonic clock (ms) for tags' history intervals: a wall clock set back must not hold samples back. */
  monotonic?: () => number;
}

/** Buffers changes and writes them in batches. */
export class HistoryRecorder {
  private samples = new SampleColumns();
  private alarms: AlarmTransition[] = [];
  private readonly flushTimer: ReturnType<typeof setInterval>;
  private readonly compactTimer: ReturnType<typeof setInterval>;
  private readonly maxBuffered: number;
  private flushing: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly pacing = new HistoryPacing();
  private readonly monotonic: () => number;
  /**
   * Stores one sample of a paced tag (made once, so pacing a change allocates nothing). Paced tags get room beyond the
   * buffer's cap, one sample per paced signal: a held sample (the value before an outage, or at closing) must find a
   * place even when the flood of other signals filled the buffer, and pacing itself bounds how many they write.
   */
  private readonly storeSample = (id: number, t: number, value: number | string | bigint, quality: number): boolean => this.push(id, t, value, quality, this.pacing.pacedSignals);
  // (A sample pacing could not store is not counted here: it stays held and is written later. Pacing counts what it
  // loses in `lost`.)
  /** The monotonic clock as of the last tick of `clockTimer` or flush; read by pacing instead of a clock call per change. */
  private clock = 0;
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private droppedSamples = 0;
  /**
   * By signal id: the last time the engine chose for a sample of it (a stale marker, a value back from stale), until a
   * sample's own time passes it; 0: none. Later samples are never placed at or before it.
   */
  private floors = new Float64Array(0);
  /** By signal id: until when (monotonic ms) its floor holds; infinite while its value is stale. */
  private floorUntil = new Float64Array(0);
  /** Samples written since start. */
  written = 0;
  /** The last write failure, until a write succeeds again. */
  failing: string | undefined;

  constructor(
    readonly store: HistoryStore,
    private readonly log: Logger,
    options: RecorderOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 500_000;
    this.monotonic = options.monotonic ?? (() => performance.now());
    const now = (this.now = options.now ?? Date.now);
    this.flushTimer = setInterval(() => void this.flush(), options.flushMs ?? 1000);
    this.compactTimer = setInterval(() => void this.flush().then(() => store.compact(now())).catch((e: unknown) => this.failed('compact', e)), options.compactMs ?? 600_000);
    this.flushTimer.unref?.();
    this.compactTimer.unref?.();
  }

  /**
   * Continues after the last run, which ended at `at` (its stale markers): a first sample of `signalIds` timed at or
   * before that (an OPC UA server keeps an unchanged value's old source time, and a new session delivers it again) is
   * recorded when the engine had it, so the gap of the time the engine was off ends there instead of lasting until the
   * value next changes. A sample timed after it keeps its own time. A floor as a stale marker sets one (see record).
   */
  afterRun(signalIds: readonly number[], at: number): void {
    const mono = this.monotonic();
    for (const signalId of signalIds) {
      // A later floor this run set already (a stale marker of its own) stays, unless it has run out: samples never go before it.
      const kept = signalId < this.floors.length && (this.floors[signalId] as number) >= at && (this.floorUntil[signalId] as number) >= mono;
      if (!kept) this.setFloor(signalId, at, Number.POSITIVE_INFINITY);
    }
    // Samples that came before this was known (the store told it a round trip after start) move to now, as they would
    // have been recorded: still buffered, as the first flush comes a second after start.
    const rows = this.samples;
    if (rows.length === 0) return;
    const ids = new Set(signalIds);
    const now = Math.max(at, this.now());
    for (let i = 0; i < rows.length; i++) if ((rows.times[i] as number) < at && ids.has(rows.ids[i] as number)) rows.times[i] = now;
  }

  /** Sets what history keeps of a signal (its tag's `history`); undefined signals keep every change. */
  define(signalId: number, policy: HistoryPolicy): void {
    this.pacing.define(signalId, policy);
    if (this.pacing.active && !this.clockTimer) {
      this.clock = this.monotonic();
      this.clockTimer = setInterval(() => (this.clock = this.monotonic()), PACING_CLOCK_MS);
      this.clockTimer.unref?.();
    }
  }

  /** A signal changed (called from the store's change listener: O(1), allocates nothing, never waits). */
  record(signalId: number, sourceTime: number, value: number | string | bigint, quality: number): void {
    // A value that turned stale keeps its old source time: recorded then, it would overwrite the last good sample and
    // hide when the outage began. It is recorded at the time the engine flagged it (never at the last sample's
    // millisecond, which a device clock ahead of the engine's would give).
    let t = quality === Quality.stale ? Math.max(sourceTime + 1, this.now()) : sourceTime;
    // After a time the engine chose (a stale marker, or a value back from stale with its pre-outage source time,
    // which an OPC UA server keeps for an unchanged value), a sample whose own time is not later goes after it, at
    // the time the engine had it: history keeps the order the values came in, so the last one stays the current one
    // and the outage's gap ends when the value was back. Past a value back from stale this holds for FLOOR_MS only
    // (engine's monotonic clock): a device clock running behind the engine's would otherwise keep every later
    // sample of the signal at the engine's time.
    let floor = signalId < this.floors.length ? (this.floors[signalId] as number) : 0;
    if (floor !== 0 && (this.floorUntil[signalId] as number) < this.monotonic()) floor = this.floors[signalId] = 0;
    if (floor !== 0 && t <= floor) t = Math.max(floor + 1, this.now());
    if (quality === Quality.stale) this.setFloor(signalId, t, Number.POSITIVE_INFINITY);
    else if (t !== sourceTime) this.setFloor(signalId, t, Math.min(this.floorUntil[signalId] as number, this.monotonic() + FLOOR_MS));
    else if (floor !== 0) this.floors[signalId] = 0; // its own time is past the floor: source times rule again
    // Only paced tags go through pacing: the buffer room kept for their held samples is not for the others.
    if (this.pacing.active && this.pacing.paces(signalId)) this.pacing.offer(signalId, t, value, quality, this.clock, this.storeSample);
    else if (!this.push(signalId, t, value, quality)) this.droppedSamples++;
  }

  /** Sets a signal's floor and how long it holds (the arrays grow with the highest signal id that needs one). */
  private setFloor(signalId: number, t: number, until: number): void {
    if (signalId >= this.floors.length) {
      const size = Math.max(signalId + 1, 2 * this.floors.length, 1024);
      const floors = new Float64Array(size);
      const untils = new Float64Array(size);
      floors.set(this.floors);
      untils.set(this.floorUntil);
      this.floors = floors;
      this.floorUntil = untils;
    }
    this.floors[signalId] = t;
    this.floorUntil[signalId] = until;
  }

  /** Buffers one sample; false when the buffer is full. */
  private push(signalId: number, t: number, value: number | string | bigint, quality: number, extraRoom = 0): boolean {
    if (this.samples.length >= this.maxBuffered + extraRoom) return false;
    this.samples.push(signalId, t, typeof value === 'bigint' ? value.toString() : value, quality);
    return true;
  }

  /** `record` for a value object (tests, tools). */
  offer(signalId: number, value: TelemetryValue): void {
    this.record(signalId, value.sourceTime, value.value, value.quality);
  }

  /**
   * Samples dropped: the buffer was full, or a failed write took them; with paced tags' samples that pacing had to
   * give up (held ones that never found room stay held and are not counted).
   */
  get dropped(): number {
    return this.droppedSamples + this.pacing.lost;
  }

  /** Samples waiting for the next flush. */
  get buffered(): number {
    return this.samples.length;
  }

  /** An alarm transition: always kept. */
  alarm(transition: AlarmTransition): void {
    this.alarms.push(transition);
  }

  /**
   * Writes what is buffered, with the held samples of paced tags whose interval is up (`closing`: all of them).
   * `heldOf`: a query up to now is about to read these signals; their held samples are written now, whatever their
   * interval, so the query never shows an older value as the current one.
   */
  flush(options: { closing?: boolean; heldOf?: readonly number[] } = {}): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush(options));
    if (this.pacing.active) {
      this.clock = this.monotonic();
      if (options.heldOf) this.pacing.due(this.clock, false, this.storeSample, options.heldOf);
      this.pacing.due(this.clock, options.closing === true, this.storeSample);
    }
    if (this.samples.length === 0 && this.alarms.length === 0) return Promise.resolve();
    const samples = this.samples;
    const alarms = this.alarms;
    this.samples = new SampleColumns(Math.min(this.maxBuffered, Math.max(1024, samples.length))); // sized like the last second
    this.alarms = [];
    this.flushing = this.store
      .append(samples, alarms)
      .then(() => {
        this.written += samples.length;
        this.failing = undefined;
      })
      .catch((error: unknown) => {
        // Alarm transitions go back to the front of the queue (bounded, should the store stay down); samples of a
        // failed batch are counted as dropped.
        this.alarms = [...alarms, ...this.alarms].slice(-MAX_PENDING_ALARMS);
        this.droppedSamples += samples.length;
        this.failing = error instanceof Error ? error.message : String(error);
        this.failed('flush', error);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Flushes (every held-back change too) and closes the store. */
  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.compactTimer);
    clearInterval(this.clockTimer);
    await this.flush({ closing: true });
    this.pacing.lost += this.pacing.held; // held samples the full buffer still had no room for are lost now: counted
    await this.store.close();
  }

  private failed(what: string, error: unknown): void {
    this.log.error(`history.${what}-failed`, `history ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
