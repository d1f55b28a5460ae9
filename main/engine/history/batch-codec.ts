/**
 * One flush of the recorder as one blob: every sample of the batch, ordered by signal (time order kept within a
 * signal), so a signal's samples are one contiguous range found by binary search. Written as one row, a flush costs
 * SQLite one sequential append instead of a B-tree insert per sample; the repack (raw-history.ts) later cuts the
 * pending batches into per-signal chunks.
 *
 * Layout (little-endian, the platform order of everything the console ships on; every column aligned):
 *   u32 n, u32 bytes of texts JSON, f64[n] times (ms, rounded), f64[n] values, i32[n] signal ids, u8[n] qualities,
 *   then the texts as a JSON object { "<index>": text } for the values that are not finite numbers.
 * Pure: never touches the database.
 */
import { bySignal, type SampleColumnsData } from './sample-columns';

const HEADER = 8;

/** A decoded batch: views over the blob (no copy). */
export interface BatchView {
  n: number;
  times: Float64Array;
  values: Float64Array;
  ids: Int32Array;
  qualities: Uint8Array;
  texts: Map<number, string>;
}

/** An encoded part of a batch, with its time range and count. */
export interface EncodedBatch {
  data: Uint8Array;
  tmin: number;
  tmax: number;
  n: number;
}

/** Encodes a batch as one blob. */
export function encodeBatch(batch: SampleColumnsData): EncodedBatch {
  const order = bySignal(batch.ids, batch.length);
  return encodeRows(batch, order, 0, batch.length);
}

/**
 * Encodes a batch as one blob per slice of signals (`sliceOf` maps a signal id to its slice, ascending with the id):
 * one sort for all of them. Slices ascend.
 */
export function encodeSlices(batch: SampleColumnsData, sliceOf: (signal: number) => number): (EncodedBatch & { slice: number })[] {
  const order = bySignal(batch.ids, batch.length);
  const out: (EncodedBatch & { slice: number })[] = [];
  for (let start = 0; start < batch.length; ) {
    const slice = sliceOf(batch.ids[order[start] as number] as number);
    let end = start + 1;
    while (end < batch.length && sliceOf(batch.ids[order[end] as number] as number) === slice) end++;
    out.push({ slice, ...encodeRows(batch, order, start, end) });
    start = end;
  }
  return out;
}

/** Rows `order[from..to)` of a batch (in signal order) as one blob. */
function encodeRows(batch: SampleColumnsData, order: Uint32Array, from: number, to: number): EncodedBatch {
  const n = to - from;
  const texts: Record<number, string> = {};
  let hasTexts = false;
  if (batch.texts.size > 0) {
    for (let k = 0; k < n; k++) {
      const text = batch.texts.get(order[from + k] as number);
      if (text === undefined) continue;
      texts[k] = text;
      hasTexts = true;
    }
  }
  const json = hasTexts ? new TextEncoder().encode(JSON.stringify(texts)) : new Uint8Array(0);
  const data = new Uint8Array(HEADER + 21 * n + json.byteLength);
  const head = new Uint32Array(data.buffer, 0, 2);
  head[0] = n;
  head[1] = json.byteLength;
  const view = viewOf(data, n);
  let tmin = Number.POSITIVE_INFINITY;
  let tmax = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const row = order[from + k] as number;
    const t = Math.round(batch.times[row] as number);
    view.times[k] = t;
    if (t < tmin) tmin = t;
    if (t > tmax) tmax = t;
    view.values[k] = batch.values[row] as number;
    view.ids[k] = batch.ids[row] as number;
    view.qualities[k] = batch.qualities[row] as number;
  }
  data.set(json, HEADER + 21 * n);
  return { data, tmin, tmax, n };
}

/** Views over an encoded batch (copied first if SQLite handed it back unaligned). */
export function decodeBatch(blob: Uint8Array): BatchView {
  const data = blob.byteOffset % 8 === 0 ? blob : blob.slice();
  const head = new Uint32Array(data.buffer, data.byteOffset, 2);
  const n = head[0] as number;
  const textBytes = head[1] as number;
  if (data.byteLength !== HEADER + 21 * n + textBytes) throw new Error(`history batch of ${data.byteLength} bytes does not hold its ${n} samples`);
  const view = viewOf(data, n);
  const texts = new Map<number, string>();
  if (textBytes > 0) {
    const parsed = JSON.parse(new TextDecoder().decode(data.subarray(HEADER + 21 * n))) as Record<string, string>;
    for (const [k, text] of Object.entries(parsed)) texts.set(Number(k), text);
  }
  return { n, ...view, texts };
}

/** The index range [start, end) of signal ids in [lo, hi) in a decoded batch. */
export function signalRange(batch: BatchView, lo: number, hi: number): [number, number] {
  return [lowerBound(batch.ids, batch.n, lo), lowerBound(batch.ids, batch.n, hi)];
}

function lowerBound(ids: Int32Array, n: number, id: number): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const m = (a + b) >>> 1;
    if ((ids[m] as number) < id) a = m + 1;
    else b = m;
  }
  return a;
}

function viewOf(data: Uint8Array, n: number): Omit<BatchView, 'n' | 'texts'> {
  const base = data.byteOffset + HEADER;
  return {
    times: new Float64Array(data.buffer, base, n),
    values: new Float64Array(data.buffer, base + 8 * n, n),
    ids: new Int32Array(data.buffer, base + 16 * n, n),
    qualities: new Uint8Array(data.buffer, base + 20 * n, n),
  };
}
