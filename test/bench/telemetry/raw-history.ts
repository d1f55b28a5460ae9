/**
 * The baseline's history: every change appended to typed-array columns, and once a second the columns transferred
 * to a thread that keeps them with raw node:sqlite (raw-history-worker.mjs). The same work as the engine's recorder
 * at its defaults (one-second flushes, at most 500,000 changes buffered, the rest dropped and counted), without the
 * store's per-signal chunks: what storing every change costs at least.
 */
import { Worker } from 'node:worker_threads';

/** The engine recorder's default buffer cap (HistoryRecorder maxBuffered). */
const MAX_BUFFERED = 500_000;

class Columns {
  length = 0;
  readonly ids: Int32Array;
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly qualities: Uint8Array;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.qualities = new Uint8Array(capacity);
  }

  /** A copy with room for `capacity` rows. */
  grown(capacity: number): Columns {
    const next = new Columns(capacity);
    next.ids.set(this.ids);
    next.times.set(this.times);
    next.values.set(this.values);
    next.qualities.set(this.qualities);
    next.length = this.length;
    return next;
  }
}

/** Raw history for the bare baseline. */
export class RawHistory {
  private columns: Columns;
  private readonly worker: Worker;
  private readonly timer: ReturnType<typeof setInterval>;
  /** Changes stored (acknowledged by the thread) and dropped because the buffer was full. */
  written = 0;
  dropped = 0;

  constructor(path: string, capacity: number) {
    this.columns = new Columns(Math.min(MAX_BUFFERED, Math.max(1024, capacity)));
    this.worker = new Worker(new URL('./raw-history-worker.mjs', import.meta.url), { workerData: { path }, execArgv: [] });
    this.worker.on('message', (stored: unknown) => {
      if (typeof stored === 'number') this.written += stored;
    });
    this.timer = setInterval(() => this.flush(), 1000);
  }

  /** Records one change (dropped and counted when the second's buffer is full). */
  push(id: number, time: number, value: number, quality: number): void {
    const c = this.columns;
    const row = c.length;
    if (row === c.ids.length) {
      if (row >= MAX_BUFFERED) {
        this.dropped++;
        return;
      }
      this.columns = c.grown(Math.min(MAX_BUFFERED, row * 2));
      return this.push(id, time, value, quality);
    }
    c.ids[row] = id;
    c.times[row] = time;
    c.values[row] = value;
    c.qualities[row] = quality;
    c.length = row + 1;
  }

  private flush(): void {
    const c = this.columns;
    if (c.length === 0) return;
    this.columns = new Columns(Math.min(MAX_BUFFERED, Math.max(1024, c.length)));
    const data = { length: c.length, ids: c.ids, times: c.times, values: c.values, qualities: c.qualities };
    this.worker.postMessage(data, [c.ids.buffer, c.times.buffer, c.values.buffer, c.qualities.buffer] as ArrayBuffer[]);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const closed = new Promise<void>((resolve) => this.worker.on('message', (m: unknown) => m === 'closed' && resolve()));
    this.worker.postMessage('close');
    await closed;
    await this.worker.terminate();
  }
}
