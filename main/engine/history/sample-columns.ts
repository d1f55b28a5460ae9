/**
 * A batch of samples for the history store as columns: ids, times, numeric values and qualities in typed arrays,
 * text values (strings, 64-bit integers, non-finite numbers) by row on the side. Recording a change writes four
 * array slots and allocates nothing; the batch goes to the history thread by transferring its buffers (no copy, no
 * per-sample object to clone). Grows by doubling, like the signal slots.
 */

/** One stored change of one signal (the store's `HistorySample`). */
export interface SampleRow {
  signalId: number;
  /** Confirmation time (ms since the epoch). */
  t: number;
  value: number | string;
  quality: number;
}

/** The batch as plain data: what crosses to the history thread. Rows 0..length-1 are valid. */
export interface SampleColumnsData {
  length: number;
  ids: Int32Array;
  times: Float64Array;
  values: Float64Array;
  qualities: Uint8Array;
  /** Rows whose value is text, by row. */
  texts: Map<number, string>;
}

/** A growing batch. */
export class SampleColumns implements SampleColumnsData {
  length = 0;
  ids: Int32Array;
  times: Float64Array;
  values: Float64Array;
  qualities: Uint8Array;
  readonly texts = new Map<number, string>();

  constructor(capacity = 1024) {
    this.ids = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.qualities = new Uint8Array(capacity);
  }

  /** Appends one sample; a non-finite number is kept as its text ("NaN", "Infinity"), as SQLite has no such REAL. */
  push(signalId: number, t: number, value: number | string, quality: number): void {
    const row = this.length;
    if (row === this.ids.length) this.grow();
    this.ids[row] = signalId;
    this.times[row] = t;
    this.qualities[row] = quality;
    if (typeof value === 'number' && Number.isFinite(value)) this.values[row] = value;
    else this.texts.set(row, String(value));
    this.length = row + 1;
  }

  /** The plain data and the buffers to transfer with it (after a transfer this batch must not be used again). */
  transferable(): { data: SampleColumnsData; transfer: ArrayBuffer[] } {
    const data: SampleColumnsData = { length: this.length, ids: this.ids, times: this.times, values: this.values, qualities: this.qualities, texts: this.texts };
    return { data, transfer: [this.ids.buffer, this.times.buffer, this.values.buffer, this.qualities.buffer] as ArrayBuffer[] };
  }

  private grow(): void {
    const capacity = this.ids.length * 2;
    this.ids = copyInto(this.ids, new Int32Array(capacity));
    this.times = copyInto(this.times, new Float64Array(capacity));
    this.values = copyInto(this.values, new Float64Array(capacity));
    this.qualities = copyInto(this.qualities, new Uint8Array(capacity));
  }
}

function copyInto<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Samples as objects → columns (tests, tools, small batches). */
export function toColumns(samples: readonly SampleRow[]): SampleColumns {
  const columns = new SampleColumns(Math.max(1, samples.length));
  for (const s of samples) columns.push(s.signalId, s.t, s.value, s.quality);
  return columns;
}

/** Row `i`'s value: its text if it has one, else its number. */
export function valueAt(columns: SampleColumnsData, row: number): number | string {
  return columns.texts.get(row) ?? (columns.values[row] as number);
}

/** Whether a batch is already columns (not an array of sample objects). */
export function isColumns(batch: SampleColumnsData | readonly SampleRow[]): batch is SampleColumnsData {
  return !Array.isArray(batch);
}

/** Row indexes ordered by signal id, time order kept within a signal (a counting sort: ids are dense). */
export function bySignal(ids: Int32Array, length: number): Uint32Array {
  let max = 0;
  for (let i = 0; i < length; i++) if ((ids[i] as number) > max) max = ids[i] as number;
  const start = new Uint32Array(max + 2);
  for (let i = 0; i < length; i++) {
    const next = (ids[i] as number) + 1;
    start[next] = (start[next] as number) + 1;
  }
  for (let k = 0; k <= max; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const id = ids[i] as number;
    const at = start[id] as number;
    order[at] = i;
    start[id] = at + 1;
  }
  return order;
}
