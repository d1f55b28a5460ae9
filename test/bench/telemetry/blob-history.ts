/**
 * The history of the baseline that does the engine's work with history on: every change appended to typed-array
 * columns, and once a second the columns transferred to a thread that keeps them with raw node:sqlite, one blob row
 * per flush (blob-history-worker.mjs), on the store's own connection settings. Like the engine's recorder at its
 * defaults: one-second flushes, each only once the last is stored, at most 500,000 changes buffered meanwhile
 * (the rest dropped and counted). Unlike the store it neither sorts a flush by signal nor repacks into per-signal
 * chunks for trend queries: what keeping every change costs at least.
 */
import { Worker } from 'node:worker_threads';
import { historyPragmas } from '../../../main/engine/history/sqlite-history';

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

/** Raw SQLite history for the bare baseline. */
export class BlobHistory {
  private columns: Columns;
  private readonly worker: Worker;
  private readonly timer: ReturnType<typeof setInterval>;
  /** A flush is with the thread and not yet stored. */
  private storing = false;
  /** A tick came while storing: flush again as soon as the thread is done (as the recorder chains its flushes). */
  private tickMissed = false;
  /** Changes stored (acknowledged by the thread) and dropped because the buffer was full. */
  written = 0;
  dropped = 0;

  constructor(path: string, capacity: number) {
    this.columns = new Columns(Math.min(MAX_BUFFERED, Math.max(1024, capacity)));
    this.worker = new Worker(new URL('./blob-history-worker.mjs', import.meta.url), { workerData: { path, pragmas: historyPragmas() }, execArgv: [] });
    this.worker.on('message', (stored: unknown) => {
      if (typeof stored !== 'number') return;
      this.written += stored;
      this.storing = false;
      if (this.tickMissed) this.flush();
    });
    // A baseline that cannot store must not leave the benchmark waiting on figures: its process ends, loudly.
    this.worker.on('error', (error) => {
      process.stderr.write(`baseline history thread failed: ${error.message}\n`);
      process.exit(1);
    });
    this.timer = setInterval(() => this.flush(), 1000);
  }

  /** Records one change (dropped and counted when the buffer is full). */
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
    this.tickMissed = this.storing;
    if (c.length === 0 || this.storing) return;
    this.storing = true;
    this.columns = new Columns(Math.min(MAX_BUFFERED, Math.max(1024, c.length)));
    const data = { length: c.length, ids: c.ids, times: c.times, values: c.values, qualities: c.qualities };
    this.worker.postMessage(data, [c.ids.buffer, c.times.buffer, c.values.buffer, c.qualities.buffer] as ArrayBuffer[]);
  }

  /** Resolves once every change buffered so far is stored. */
  async settle(): Promise<void> {
    while (this.storing || this.columns.length > 0) {
      const stored = new Promise((resolve) => this.worker.once('message', resolve));
      this.flush();
      await stored;
    }
  }

  /** Stops flushing and closes the database (changes still buffered are not stored: the window is over). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const closed = new Promise<void>((resolve) => this.worker.on('message', (m: unknown) => m === 'closed' && resolve()));
    this.worker.postMessage('close');
    await closed;
    await this.worker.terminate();
  }
}
